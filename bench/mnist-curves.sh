#!/usr/bin/env bash
# Copies the curve of an MNIST training run (metrics.csv + accuracy.png) to bench/results/mnist/<cell>/ and prints
# its summary: best test accuracy, the first epoch at or above THRESHOLD and the wall time to get there.
# Usage: bench/mnist-curves.sh RUN_DIR CELL [THRESHOLD]    e.g. bench/mnist-curves.sh runs/mnist-basic basic 0.980
set -euo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: $0 RUN_DIR CELL [THRESHOLD]" >&2
  exit 2
fi
run=$1; cell=$2; threshold=${3:-0.980}
cd "$(dirname "$0")/.."
[[ -f "$run/metrics.csv" ]] || { echo "error: no $run/metrics.csv" >&2; exit 2; }
dest=bench/results/mnist/$cell
mkdir -p "$dest"
cp "$run/metrics.csv" "$dest/metrics.csv"
[[ -f "$run/accuracy.png" ]] && cp "$run/accuracy.png" "$dest/accuracy.png"
awk -F, -v t="$threshold" -v cell="$cell" '
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  { e = $col["epoch"]; a = $col["test_accuracy"]; s = $col["seconds"]; n++
    if (a > best) { best = a; bestEpoch = e }
    if (a + 0 >= t + 0 && !first) { first = e; firstSec = s }
    lastE = e; lastS = s }
  END {
    printf "%s: %d epochs in %.0f s (%.1f min); best test accuracy %.4f at epoch %d; ", cell, lastE, lastS, lastS / 60, best, bestEpoch
    if (first) printf "first >= %s at epoch %d after %.0f s (%.1f min)\n", t, first, firstSec, firstSec / 60
    else printf "not yet >= %s\n", t
  }' "$run/metrics.csv"
