#!/usr/bin/env bash
# Milliseconds per training step of the timeseries-predictor network (DL4J: org.rnnsuite.benchmarks.
# TimeSeriesBenchmark, the module's default FastSimpleRnn layers and stacked projection) against the same model in
# PyTorch (bench/timeseries_torch.py), both AT THE SAME TIME, each pinned to its own core with one thread (cores
# swapped every round), for 1 and 3 layers. Both: basic RNN cell, ReLU, 100 units, per-step linear projection to
# 1 output, MSE, Adam 1e-3, batch 50, 20 steps, float32. Reported: the median over ROUNDS rounds of each side's
# median and 10th percentile, and their ratio DL4J / PyTorch.
#
# Usage: bench/timeseries-vs-pytorch.sh [ROUNDS (default 5)] [WARMUP (default 3000)] [MEASURE (default 1000)]
# The warm-up is long because the steps are short (about 2 ms): during the first 1,000-2,000 steps the JVM's JIT
# compilers, pinned to the same core, still compile DL4J's code paths and one step in ten takes 3-4 times longer.
# Environment: LAYERS (default "1 3"), CORES (two cores, default "0 1").
# Needs: a JDK 17 (the script builds what it runs with ./mvnw, no install) and Debian's python3-torch.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
WARMUP=${2:-3000}
MEASURE=${3:-1000}
LAYERS=${LAYERS:-1 3}
read -r CORE0 CORE1 <<<"${CORES:-0 1}"
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
source scripts/native-env.sh   # OpenBLAS kernels for this CPU, for both sides
source bench/torch-peer.sh
source bench/lib.sh
torch_peer_check
CP=$(project_classpath benchmarks) || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "# time-series training step, basic cell (ReLU), 100 units, batch 50, 20 steps, float32, one thread per side"
echo "# DL4J and PyTorch run at the same time, each on its own core; $ROUNDS rounds of $MEASURE steps after $WARMUP"
echo "# $(date -u +%FT%TZ)  $(nproc --all) cores  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(detected by OpenBLAS)}"
echo "# $(java -version 2>&1 | head -1); torch $("$PYTHON" -c 'import torch; print(torch.__version__)')"
printf '%-6s %-6s %9s %9s %9s %9s %7s %7s\n' layers round dl4j_ms dl4j_p10 torch_ms torch_p10 ratio p10_ratio
ratio() { if [[ $1 == n/a || $2 == n/a ]]; then echo n/a; else awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; fi; }
for l in $LAYERS; do
  jm=""; jp=""; tm=""; tp=""
  for r in $(seq 1 "$ROUNDS"); do
    SIDE_A=(java -Djava.awt.headless=true -cp "$CP" org.rnnsuite.benchmarks.TimeSeriesBenchmark --layers "$l"
            --projection stacked --rnn-impl fused --warmup "$WARMUP" --measure "$MEASURE")
    SIDE_B=("$PYTHON" bench/timeseries_torch.py --layers "$l" --warmup "$WARMUP" --measure "$MEASURE")
    if (( r % 2 )); then a=$CORE0; b=$CORE1; else a=$CORE1; b=$CORE0; fi
    if ! run_concurrently "$a" "$tmp/j" "$b" "$tmp/t"; then
      echo "# $l layers, round $r failed: $(grep -hv SLF4J "$tmp/j.err" "$tmp/t.err" | tail -2)" >&2
    fi
    j=$(grep '^dl4j' "$tmp/j" | field median_ms); j10=$(grep '^dl4j' "$tmp/j" | field p10_ms)
    t=$(grep '^torch' "$tmp/t" | field median_ms); t10=$(grep '^torch' "$tmp/t" | field p10_ms)
    jm+=" ${j:-}"; jp+=" ${j10:-}"; tm+=" ${t:-}"; tp+=" ${t10:-}"
    printf '%-6s %-6s %9s %9s %9s %9s %7s %7s\n' "$l" "$r" "${j:-n/a}" "${j10:-n/a}" "${t:-n/a}" "${t10:-n/a}" \
      "$(ratio "${j:-n/a}" "${t:-n/a}")" "$(ratio "${j10:-n/a}" "${t10:-n/a}")"
  done
  J=$(median <<<"$jm"); JP=$(median <<<"$jp"); T=$(median <<<"$tm"); TP=$(median <<<"$tp")
  printf '%-6s %-6s %9s %9s %9s %9s %7s %7s\n' "$l" median "$J" "$JP" "$T" "$TP" "$(ratio "$J" "$T")" \
    "$(ratio "$JP" "$TP")"
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
