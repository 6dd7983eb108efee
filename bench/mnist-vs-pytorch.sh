#!/usr/bin/env bash
# Times one training step of the MNIST sequence classifier (28 steps of 28 pixels, 150 units, softmax of 10,
# Adam 0.001, batch 150) in this project (DL4J, org.rnnsuite.benchmarks.MnistStepBenchmark) and in an equivalent
# PyTorch model (bench/mnist_torch.py under Debian's /usr/bin/python3), in one run on this machine: the median of
# STEPS timed steps after WARMUP untimed ones, for each cell and thread count, in ROUNDS alternating rounds, and
# prints the ratio DL4J / PyTorch
# (target: <= 1.0).
#
# Usage: bench/mnist-vs-pytorch.sh            (cells basic lstm gru, 1 thread)
#        CELLS="basic lstm" THREADS="1 2" STEPS=100 bench/mnist-vs-pytorch.sh
# Environment: CELLS (default "basic lstm gru"), THREADS (default "1"), STEPS (default 60), WARMUP (default 15),
#              ROUNDS (default 3: DL4J and PyTorch alternate, the median of the rounds' medians is reported),
#              DATA_DIR (IDX files to cut batches from; default: the module's committed sample),
#              MNIST_CLASSPATH (skip the Maven build and use this classpath, the module's classes first).
set -euo pipefail
cd "$(dirname "$0")/.."

CELLS=${CELLS:-basic lstm gru}
THREADS=${THREADS:-1}
STEPS=${STEPS:-60}
WARMUP=${WARMUP:-15}
ROUNDS=${ROUNDS:-3}
export OMP_WAIT_POLICY=PASSIVE
source scripts/native-env.sh   # OpenBLAS kernels for this CPU, for both sides
echo "# OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(detected by OpenBLAS)}"
source bench/torch-peer.sh
torch_peer_check
if [[ -n "${MNIST_CLASSPATH:-}" ]]; then
  CP=$MNIST_CLASSPATH   # a classpath built beforehand (the module's classes first)
else
  source bench/lib.sh
  CP=$(project_classpath benchmarks) || exit 1
fi
data_args=()
[[ -n "${DATA_DIR:-}" ]] && data_args=(--data-dir "$DATA_DIR")

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

echo "# MNIST training step, batch 150, 150 units, float32; median of $STEPS steps after $WARMUP warm-up"
echo "# $(date -u +%FT%TZ)  $(nproc) cores  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(java -version 2>&1 | head -1); torch $("$PYTHON" -c 'import torch; print(torch.__version__)')"
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }
echo "# $ROUNDS alternating rounds (DL4J, then PyTorch, per cell); reported: the median of the rounds' medians"
printf '%-6s %-7s %-6s %12s %12s %12s %12s %8s\n' cell threads round dl4j_ms dl4j_p90 torch_ms torch_p90 ratio
for t in $THREADS; do
  for cell in $CELLS; do
    js=""; ps=""
    for r in $(seq 1 "$ROUNDS"); do
      if java_line=$(OMP_NUM_THREADS=$t java -Xmx2g -cp "$CP" org.rnnsuite.benchmarks.MnistStepBenchmark --cell "$cell" \
            --steps "$STEPS" --warmup "$WARMUP" "${data_args[@]}" 2>/tmp/mnist-bench-java.err | grep '^dl4j'); then
        j=$(field median_ms <<<"$java_line"); jp=$(field p90_ms <<<"$java_line"); js="$js $j"
      else
        j="n/a"; jp="n/a"
        echo "# dl4j $cell failed: $(grep -v SLF4J /tmp/mnist-bench-java.err | tail -1)" >&2
      fi
      torch_line=$(OMP_NUM_THREADS=$t "$PYTHON" bench/mnist_torch.py --cell "$cell" --threads "$t" --steps "$STEPS" \
            --warmup "$WARMUP" ${DATA_DIR:+--data-dir "$DATA_DIR"})
      p=$(field median_ms <<<"$torch_line"); pp=$(field p90_ms <<<"$torch_line"); ps="$ps $p"
      if [[ "$j" == n/a ]]; then ratio=n/a; else ratio=$(awk -v a="$j" -v b="$p" 'BEGIN{printf "%.2f", a/b}'); fi
      printf '%-6s %-7s %-6s %12s %12s %12s %12s %8s\n' "$cell" "$t" "$r" "$j" "$jp" "$p" "$pp" "$ratio"
    done
    jm=$(median <<<"$js"); pm=$(median <<<"$ps")
    if [[ "$jm" == n/a ]]; then ratio=n/a; else ratio=$(awk -v a="$jm" -v b="$pm" 'BEGIN{printf "%.2f", a/b}'); fi
    printf '%-6s %-7s %-6s %12s %12s %12s %12s %8s\n' "$cell" "$t" median "$jm" "" "$pm" "" "$ratio"
  done
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
