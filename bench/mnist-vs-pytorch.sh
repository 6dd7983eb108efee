#!/usr/bin/env bash
# Times one training step of the MNIST sequence classifier (28 steps of 28 pixels, 150 units, softmax of 10, Adam
# 0.001, batch 150, float32) in this project (DL4J, org.rnnsuite.benchmarks.MnistStepBenchmark) and in the same
# model in PyTorch (bench/mnist_torch.py under Debian's /usr/bin/python3), both AT THE SAME TIME, each pinned to its
# own core with one thread (the cores are swapped every round): the median and 10th percentile of STEPS timed steps
# after WARMUP untimed ones, for each setting, in ROUNDS rounds; reported: the median over the rounds of each side's
# median and 10th percentile, and their ratio DL4J / PyTorch.
#
# Usage: bench/mnist-vs-pytorch.sh
#        SETTINGS="lstm:1 gru:1" ROUNDS=3 bench/mnist-vs-pytorch.sh
# Environment: SETTINGS (cell:layers, default "basic:1 lstm:1 gru:1 peephole:1 lstm:2"), STEPS (default 60),
#              WARMUP (default 300: the JIT compiles DL4J's code paths during the first seconds, on the same core), ROUNDS (default 5),
#              DATA_DIR (IDX files to cut batches from; default: the module's committed sample), CORES (two cores,
#              default "0 1").
# The peephole peer is a PyTorch loop over the time steps (PyTorch has no peephole cell), so its ratio compares
# against a slower implementation than PyTorch's built-in cells.
# Needs: a JDK 17 (the script builds what it runs with ./mvnw, no install) and Debian's python3-torch.
set -euo pipefail
cd "$(dirname "$0")/.."

SETTINGS=${SETTINGS:-basic:1 lstm:1 gru:1 peephole:1 lstm:2}
STEPS=${STEPS:-60}
WARMUP=${WARMUP:-300}
ROUNDS=${ROUNDS:-5}
read -r CORE0 CORE1 <<<"${CORES:-0 1}"
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
source scripts/native-env.sh   # OpenBLAS kernels for this CPU, for both sides
source bench/torch-peer.sh
source bench/lib.sh
torch_peer_check
CP=$(project_classpath benchmarks) || exit 1
data_args=()
[[ -n "${DATA_DIR:-}" ]] && data_args=(--data-dir "$DATA_DIR")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "# MNIST training step, batch 150, 150 units, float32, one thread per side; $STEPS timed steps after $WARMUP"
echo "# DL4J and PyTorch run at the same time, each on its own core; $ROUNDS rounds, cores swapped every round"
echo "# $(date -u +%FT%TZ)  $(nproc --all) cores  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(detected by OpenBLAS)}"
echo "# $(java -version 2>&1 | head -1); torch $("$PYTHON" -c 'import torch; print(torch.__version__)')"
printf '%-9s %-6s %-6s %9s %9s %9s %9s %7s %7s\n' cell layers round dl4j_ms dl4j_p10 torch_ms torch_p10 ratio p10_ratio
ratio() { if [[ $1 == n/a || $2 == n/a ]]; then echo n/a; else awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; fi; }
for setting in $SETTINGS; do
  cell=${setting%%:*}; layers=${setting##*:}
  jm=""; jp=""; tm=""; tp=""
  for r in $(seq 1 "$ROUNDS"); do
    SIDE_A=(java -Xmx2g -cp "$CP" org.rnnsuite.benchmarks.MnistStepBenchmark --cell "$cell" --layers "$layers"
            --steps "$STEPS" --warmup "$WARMUP" "${data_args[@]}")
    SIDE_B=("$PYTHON" bench/mnist_torch.py --cell "$cell" --layers "$layers" --threads 1 --steps "$STEPS"
            --warmup "$WARMUP" ${DATA_DIR:+--data-dir "$DATA_DIR"})
    if (( r % 2 )); then a=$CORE0; b=$CORE1; else a=$CORE1; b=$CORE0; fi
    if ! run_concurrently "$a" "$tmp/j" "$b" "$tmp/t"; then
      echo "# $cell:$layers round $r failed: $(grep -hv SLF4J "$tmp/j.err" "$tmp/t.err" | tail -2)" >&2
    fi
    j=$(grep '^dl4j' "$tmp/j" | field median_ms); j10=$(grep '^dl4j' "$tmp/j" | field p10_ms)
    t=$(grep '^torch' "$tmp/t" | field median_ms); t10=$(grep '^torch' "$tmp/t" | field p10_ms)
    jm+=" ${j:-}"; jp+=" ${j10:-}"; tm+=" ${t:-}"; tp+=" ${t10:-}"
    printf '%-9s %-6s %-6s %9s %9s %9s %9s %7s %7s\n' "$cell" "$layers" "$r" "${j:-n/a}" "${j10:-n/a}" \
      "${t:-n/a}" "${t10:-n/a}" "$(ratio "${j:-n/a}" "${t:-n/a}")" "$(ratio "${j10:-n/a}" "${t10:-n/a}")"
  done
  J=$(median <<<"$jm"); JP=$(median <<<"$jp"); T=$(median <<<"$tm"); TP=$(median <<<"$tp")
  printf '%-9s %-6s %-6s %9s %9s %9s %9s %7s %7s\n' "$cell" "$layers" median "$J" "$JP" "$T" "$TP" \
    "$(ratio "$J" "$T")" "$(ratio "$JP" "$TP")"
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
