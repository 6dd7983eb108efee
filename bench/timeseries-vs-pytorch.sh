#!/usr/bin/env bash
# Median milliseconds per training step of the timeseries-predictor network (DL4J, this module) against an
# equivalent PyTorch model (bench/timeseries_torch.py), measured in the same run, for 1 and 3 layers.
# Both: basic RNN cell, ReLU, 100 units, per-step linear projection to 1 output, MSE, Adam 1e-3, batch 50,
# 20 steps, float32, one thread. DL4J is measured with both projection styles (stacked = RnnOutputLayer,
# wrapper = TimeDistributed(DenseLayer) + RnnLossLayer) and both basic-cell implementations (fused = this
# module's FastSimpleRnn, the default; dl4j = DL4J's SimpleRnn).
#
# The machine is shared and noisy, so DL4J and PyTorch are run alternately for ROUNDS rounds and the median of
# each round's medians (and of each round's 10th percentiles) is reported.
#
# Usage: bench/timeseries-vs-pytorch.sh [ROUNDS (default 3)] [WARMUP (default 100)] [MEASURE (default 300)]
#        bench/timeseries-vs-pytorch.sh --summarize LOG   (re-print the summary of saved 'round=' lines)
# Needs: a JDK 17 (the script builds what it runs with ./mvnw) and Debian's python3-torch
# (/usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} == --summarize ]]; then
  SUMMARIZE_ONLY=$2
fi
ROUNDS=${1:-3}
WARMUP=${2:-100}
MEASURE=${3:-300}
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE MKL_NUM_THREADS=1
source scripts/native-env.sh   # OpenBLAS kernels for this CPU, for both sides
echo "# OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(detected by OpenBLAS)}"

summarize() {
  echo "median over rounds of the per-round median ms/step (ratio = DL4J / PyTorch, target <= 1.0);"
  echo "p10 columns: median over rounds of the 10th percentile, less sensitive to other processes on a busy machine:"
  awk '
  { impl = "-"; proj = "-"; ms = ""
    for (i = 1; i <= NF; i++) {
      split($i, kv, "=")
      if (kv[1] == "impl") impl = kv[2]
      if (kv[1] == "layers") layers = kv[2]
      if (kv[1] == "projection") proj = kv[2]
      if (kv[1] == "median_ms") ms = kv[2]
      if (kv[1] == "p10_ms") p10 = kv[2]
    }
    key = $2 "|" impl "|" layers "|" proj
    n[key]++; v[key, n[key]] = ms
    n["p10" key]++; v["p10" key, n["p10" key]] = p10
  }
  function med(key,   i, j, t, a, c) {
    c = n[key]; if (c == 0) return -1
    for (i = 1; i <= c; i++) a[i] = v[key, i]
    for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return (c % 2) ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
  }
  END {
    printf "%-7s %-8s %-10s %10s %10s %7s %12s %12s %9s\n", "layers", "impl", "projection", "dl4j_ms", "torch_ms", \
      "ratio", "dl4j_p10_ms", "torch_p10_ms", "p10_ratio"
    for (l = 1; l <= 3; l += 2) {
      t = med("torch|-|" l "|-"); tp = med("p10torch|-|" l "|-")
      for (k = 0; k < 2; k++) {
        impl = k == 0 ? "fused" : "dl4j"
        for (p = 0; p < 2; p++) {
          proj = p == 0 ? "stacked" : "wrapper"
          d = med("dl4j|" impl "|" l "|" proj); dp = med("p10dl4j|" impl "|" l "|" proj)
          if (d > 0) printf "%-7s %-8s %-10s %10.3f %10.3f %7.2f %12.3f %12.3f %9.2f\n", l, impl, proj, d, t, d / t, \
            dp, tp, dp / tp
        }
        s = med("dl4j|" impl "|" l "|stacked"); w = med("dl4j|" impl "|" l "|wrapper")
        if (s > 0 && w > 0)
          printf "        %s, %d layer(s): stacked %.3f ms vs wrapper %.3f ms: stacked is %.1f %% %s\n", impl, l, s, w, \
            (s < w ? (w - s) / w : (s - w) / w) * 100, s < w ? "faster" : "slower"
      }
    }
  }' "$1"
}
if [[ -n ${SUMMARIZE_ONLY:-} ]]; then
  summarize "$SUMMARIZE_ONLY"
  exit 0
fi
source bench/lib.sh
CP=$(project_classpath benchmarks) || exit 1
source bench/torch-peer.sh
torch_peer_check

LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
echo "# $(date -u +%FT%TZ)  $(nproc --all) cores  load: $(cut -d' ' -f1-3 /proc/loadavg)  rounds=$ROUNDS warmup=$WARMUP measure=$MEASURE"
echo "# torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)')  java $(java -version 2>&1 | head -1 | cut -d'"' -f2)"
for ((r = 1; r <= ROUNDS; r++)); do
  java -Djava.awt.headless=true -cp "$CP" org.rnnsuite.benchmarks.TimeSeriesBenchmark \
      --layers 1,3 --projection stacked,wrapper --rnn-impl fused,dl4j --warmup "$WARMUP" --measure "$MEASURE" 2>/dev/null \
    | sed "s/^/round=$r /" | tee -a "$LOG"
  /usr/bin/python3 bench/timeseries_torch.py --layers 1,3 --warmup "$WARMUP" --measure "$MEASURE" \
    | sed "s/^/round=$r /" | tee -a "$LOG"
done

echo
summarize "$LOG"
