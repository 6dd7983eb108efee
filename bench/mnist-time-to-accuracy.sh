#!/usr/bin/env bash
# Time to accuracy of the row-by-row MNIST classifier: trains the same model with `./rnn mnist train` (DL4J) and
# with bench/mnist_torch_train.py (PyTorch, Debian's /usr/bin/python3) AT THE SAME TIME, each pinned to its own
# core with one thread, on the full MNIST data, and reports for each side the test accuracy per epoch, the first
# epoch at or above TARGET and the wall time to it (cumulative seconds of training and evaluation, from each
# trainer's metrics.csv). Curves and metrics go to OUT (default bench/results/mnist/time-to-accuracy).
#
# Usage: bench/mnist-time-to-accuracy.sh [DATA_DIR (default data/mnist)]
# Environment: CELL (default gru), LAYERS (2), UNITS (150), LR (0.002), LR_DECAY (0.8: the learning rate is multiplied
#              by it after every epoch), DROPOUT (0.2, between the layers),
#              EPOCHS (10), TARGET (0.990), DL4J_CORE (0: DL4J's core; PyTorch gets the other one),
#              OUT (default bench/results/mnist/time-to-accuracy), RUNS (scratch directory for the models,
#              default a temporary directory; model.zip is not copied to OUT).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA_DIR=${1:-data/mnist}
CELL=${CELL:-gru}
LAYERS=${LAYERS:-2}
UNITS=${UNITS:-150}
LR=${LR:-0.002}
LR_DECAY=${LR_DECAY:-0.8}
DROPOUT=${DROPOUT:-0.2}
EPOCHS=${EPOCHS:-10}
TARGET=${TARGET:-0.990}
OUT=${OUT:-bench/results/mnist/time-to-accuracy}
DL4J_CORE=${DL4J_CORE:-0}
case "$DL4J_CORE" in 0|1) ;; *) echo "error: DL4J_CORE must be 0 or 1, got $DL4J_CORE" >&2; exit 2 ;; esac
RUNS=${RUNS:-$(mktemp -d)}
if [[ ! -d $DATA_DIR ]]; then
  echo "error: no MNIST directory $DATA_DIR (scripts/fetch-data.sh mnist $DATA_DIR)" >&2
  exit 1
fi
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 RNN_THREADS=1
source scripts/native-env.sh
source bench/torch-peer.sh
source bench/lib.sh
torch_peer_check
./rnn mnist --help >/dev/null   # builds the module now, not inside the timed run
mkdir -p "$OUT/dl4j" "$OUT/pytorch" "$RUNS"
echo "# time to $TARGET test accuracy: $CELL, $LAYERS x $UNITS units, dropout $DROPOUT, Adam $LR (x $LR_DECAY per epoch), batch 150, $EPOCHS epochs"
echo "# DL4J and PyTorch trained at the same time, one core and one thread each (DL4J on core $DL4J_CORE)"
echo "# $(date -u +%FT%TZ)  $(nproc --all) cores  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
SIDE_A=(./rnn mnist train --data-dir "$DATA_DIR" --quiet --cell "$CELL" --layers "$LAYERS" --units "$UNITS"
        --learning-rate "$LR" --learning-rate-decay "$LR_DECAY" --dropout "$DROPOUT" --epochs "$EPOCHS" --out "$RUNS/dl4j")
SIDE_B=("$PYTHON" bench/mnist_torch_train.py --data-dir "$DATA_DIR" --cell "$CELL" --layers "$LAYERS"
        --units "$UNITS" --lr "$LR" --lr-decay "$LR_DECAY" --dropout "$DROPOUT" --epochs "$EPOCHS" --out "$RUNS/pytorch")
rc=0
run_concurrently "$DL4J_CORE" "$RUNS/dl4j.log" $((1 - DL4J_CORE)) "$RUNS/pytorch.log" || rc=$?
for side in dl4j pytorch; do
  if [[ ! -s $RUNS/$side/metrics.csv ]]; then
    echo "error: $side wrote no metrics: $(grep -v SLF4J "$RUNS/$side.log.err" | tail -2)" >&2
    exit 1
  fi
  cp "$RUNS/$side/metrics.csv" "$OUT/$side/metrics.csv"
  [[ -f $RUNS/$side/accuracy.png ]] && cp "$RUNS/$side/accuracy.png" "$OUT/$side/accuracy.png"
  awk -F, -v side="$side" -v target="$TARGET" '
    NR > 1 { acc[$1] = $4; sec[$1] = $5; if ($4 > best) best = $4; if (!hit && $4 >= target) { hit = $1 } ; last = $1 }
    END {
      curve = ""; for (e = 1; e <= last; e++) curve = curve (e > 1 ? " " : "") acc[e]
      printf "%-8s test accuracy by epoch: %s\n", side, curve
      if (hit) printf "%-8s first >= %s at epoch %d after %.0f s (best %.4f)\n", side, target, hit, sec[hit], best
      else printf "%-8s did not reach %s in %d epochs (best %.4f, %.0f s in all)\n", side, target, last, best, sec[last]
    }' "$RUNS/$side/metrics.csv"
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $rc
