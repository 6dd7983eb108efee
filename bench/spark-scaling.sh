#!/usr/bin/env bash
# Training on Spark against one machine (./rnn spark ... against ./rnn <workflow> train), on this machine's
# local[N] masters. Prints one line per figure; the run directories stay in RUNS.
#
#   mnist       1 epoch on one machine, on local[1] and on local[2] (parameter averaging, every K mini-batches for
#               each K in FREQS, up to TTA_EPOCHS epochs): test accuracy after epoch 1, samples/s of epoch 1, and
#               the first epoch (and seconds) at which local[2] reaches the single-machine 1-epoch accuracy.
#               local[N] trains with N times the single-machine learning rate (MNIST_LR, default 0.001): averaging
#               N workers' models moves the parameters about 1/N as far per sample as one worker would (the
#               linear-scaling rule of large-batch training)
#   timeseries  TS_ITERS iterations on one machine, local[1], local[2]: windows/s, last validation MSE
#   nmt         NMT_EPOCHS epochs on the first NMT_PAIRS pairs of PAIRS on one machine, local[1], local[2]:
#               target tokens/s, last test BLEU (skipped without PAIRS)
#   word2vec    W2V_EPOCHS epochs on CORPUS with the suite's engine on one machine (2 threads), on local[1] and on
#               local[2] (1 and 2 partitions of 1 thread; the default --rounds and --merge, then each setting in W2V_SYNCS):
#               words/s, analogy accuracy
#
# samples/s (MNIST images, time-series windows) are the run's training examples over the seconds its metrics.csv
# records for the epoch (training and one evaluation, the same measure on both sides).
#
# Usage: bench/spark-scaling.sh SECTION|all MNIST_DIR CORPUS QUESTIONS [PAIRS]
#   e.g. bench/spark-scaling.sh all data/mnist data/corpus questions-words.txt fra-eng.tsv
# Environment: SHARING (1: also 1 epoch of MNIST with gradient sharing on local[2], which once stalled; 0: not, default), FREQS (default
#              "5 20 50"), TTA_EPOCHS (2), MNIST_LR (0.001), TS_ITERS (300), NMT_PAIRS (5000), NMT_EPOCHS (1),
#              W2V_EPOCHS (1), W2V_SYNCS (other "ROUNDS:MERGE" settings, default "1:mean", MLlib's scheme),
#              RUNS (scratch directory, default a temporary one)
set -euo pipefail
cd "$(dirname "$0")/.."
SECTION=${1:?usage: bench/spark-scaling.sh SECTION|all MNIST_DIR CORPUS QUESTIONS [PAIRS]}
MNIST=${2:?MNIST_DIR missing}
CORPUS=${3:?CORPUS missing}
QUESTIONS=${4:?QUESTIONS missing}
PAIRS=${5:-}
FREQS=${FREQS:-"5 20 50"}
TTA_EPOCHS=${TTA_EPOCHS:-2}
MNIST_LR=${MNIST_LR:-0.001}
W2V_SYNCS=${W2V_SYNCS:-"1:mean"}
TS_ITERS=${TS_ITERS:-300}
NMT_PAIRS=${NMT_PAIRS:-5000}
NMT_EPOCHS=${NMT_EPOCHS:-1}
W2V_EPOCHS=${W2V_EPOCHS:-1}
RUNS=${RUNS:-$(mktemp -d)}
mkdir -p "$RUNS"
case "$SECTION" in all|mnist|timeseries|nmt|word2vec) ;; *) echo "error: unknown section $SECTION" >&2; exit 2 ;; esac
[ -d "$MNIST" ] || { echo "error: no MNIST directory $MNIST" >&2; exit 2; }
[ -e "$CORPUS" ] || { echo "error: no corpus $CORPUS" >&2; exit 2; }
[ -f "$QUESTIONS" ] || { echo "error: no analogy questions $QUESTIONS" >&2; exit 2; }
export RNN_THREADS=1
for w in mnist spark word2vec; do ./rnn "$w" --help >/dev/null; done   # builds now, not inside a timed run

# value of COLUMN in row ROW (1 = first data row, default the last) of DIR/metrics.csv
col() {
  awk -F, -v c="$2" -v r="${3:-0}" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
    { v[NR - 1] = $k; n = NR - 1 } END { print (r > 0 ? v[r] : v[n]) }' "$1/metrics.csv"
}
# the ROW-th row's COLUMN difference to the previous row (seconds of that row's epoch)
delta() {
  awk -F, -v c="$2" -v r="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
    { v[NR - 1] = $k } END { print v[r] - (r > 1 ? v[r - 1] : 0) }' "$1/metrics.csv"
}
finals() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["finals"][sys.argv[2]])' "$1/run.json" "$2"; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
quiet() { "$@" >"$RUNS/last.log" 2>&1 || { echo "error: $* failed:" >&2; grep -v SLF4J "$RUNS/last.log" | tail -5 >&2; exit 1; }; }

echo "# $(date -u +%FT%TZ)  $(nproc --all) cores  load average: $(cut -d' ' -f1-3 /proc/loadavg)  runs: $RUNS"

if [[ $SECTION == all || $SECTION == mnist ]]; then
  lr2=$(awk -v r="$MNIST_LR" 'BEGIN { print 2 * r }')
  quiet ./rnn mnist train --data-dir "$MNIST" --epochs 1 --learning-rate "$MNIST_LR" --quiet --out "$RUNS/mnist-single"
  n=$(finals "$RUNS/mnist-single" train_images)
  target=$(col "$RUNS/mnist-single" test_accuracy 1)
  echo "mnist one machine      : epoch 1 test accuracy $target, $(rate "$n" "$(delta "$RUNS/mnist-single" seconds 1)") samples/s"
  quiet ./rnn spark mnist --master 'local[1]' --learning-rate "$MNIST_LR" --data-dir "$MNIST" --epochs 1 --quiet --out "$RUNS/mnist-local1"
  echo "mnist local[1] K=5     : epoch 1 test accuracy $(col "$RUNS/mnist-local1" test_accuracy 1), $(rate "$n" "$(delta "$RUNS/mnist-local1" seconds 1)") samples/s"
  for k in $FREQS; do
    d="$RUNS/mnist-local2-k$k"
    quiet ./rnn spark mnist --master 'local[2]' --averaging-frequency "$k" --learning-rate "$lr2" --data-dir "$MNIST" --epochs "$TTA_EPOCHS" \
      --quiet --out "$d"
    reach=$(awk -F, -v t="$target" 'NR > 1 && $4 >= t { printf "epoch %d after %.0f s", $1, $5; f = 1; exit }
      END { if (!f) printf "not reached in %d epochs", NR - 1 }' "$d/metrics.csv")
    echo "mnist local[2] K=$k $(printf '%*s' $((3 - ${#k})) '')  : learning rate $lr2, epoch 1 test accuracy $(col "$d" test_accuracy 1), $(rate "$n" "$(delta "$d" seconds 1)") samples/s; single-machine accuracy $target: $reach"
  done
  if [[ ${SHARING:-0} == 1 ]]; then
    quiet ./rnn spark mnist --master 'local[2]' --training-master sharing --learning-rate "$lr2" --data-dir "$MNIST" --epochs 1 --quiet \
      --out "$RUNS/mnist-sharing"
    echo "mnist local[2] sharing : epoch 1 test accuracy $(col "$RUNS/mnist-sharing" test_accuracy 1), $(rate "$n" "$(delta "$RUNS/mnist-sharing" seconds 1)") samples/s"
  fi
fi

if [[ $SECTION == all || $SECTION == timeseries ]]; then
  quiet ./rnn timeseries train --iterations "$TS_ITERS" --quiet --out "$RUNS/ts-single"
  b=$(finals "$RUNS/ts-single" windows_per_batch)
  echo "timeseries one machine : $(rate $((TS_ITERS * b)) "$(col "$RUNS/ts-single" seconds)") windows/s, validation MSE $(col "$RUNS/ts-single" validation_mse)"
  for m in 1 2; do
    quiet ./rnn spark timeseries --master "local[$m]" --iterations "$TS_ITERS" --quiet --out "$RUNS/ts-local$m"
    echo "timeseries local[$m]    : $(rate $((TS_ITERS * b)) "$(col "$RUNS/ts-local$m" seconds)") windows/s, validation MSE $(col "$RUNS/ts-local$m" validation_mse)"
  done
fi

if [[ ($SECTION == all || $SECTION == nmt) && -n $PAIRS ]]; then
  head -n "$NMT_PAIRS" "$PAIRS" >"$RUNS/pairs.tsv"
  quiet ./rnn nmt train --pairs "$RUNS/pairs.tsv" --epochs "$NMT_EPOCHS" --minutes 0 --quiet --out "$RUNS/nmt-single"
  echo "nmt one machine        : $(col "$RUNS/nmt-single" target_tokens_per_s | cut -d. -f1) target tokens/s, test BLEU $(col "$RUNS/nmt-single" test_bleu)"
  for m in 1 2; do
    quiet ./rnn spark nmt --master "local[$m]" --pairs "$RUNS/pairs.tsv" --epochs "$NMT_EPOCHS" --minutes 0 --quiet \
      --out "$RUNS/nmt-local$m"
    echo "nmt local[$m]           : $(col "$RUNS/nmt-local$m" target_tokens_per_s | cut -d. -f1) target tokens/s, test BLEU $(col "$RUNS/nmt-local$m" test_bleu)"
  done
fi

if [[ $SECTION == all || $SECTION == word2vec ]]; then
  quiet ./rnn word2vec train --corpus "$CORPUS" --epochs "$W2V_EPOCHS" --threads 2 --quiet --out "$RUNS/w2v-single"
  quiet ./rnn spark word2vec --master 'local[1]' --corpus "$CORPUS" --epochs "$W2V_EPOCHS" --quiet --out "$RUNS/w2v-local1"
  quiet ./rnn spark word2vec --master 'local[2]' --corpus "$CORPUS" --epochs "$W2V_EPOCHS" --quiet --out "$RUNS/w2v-local2"
  sides="single local1 local2"
  for s in $W2V_SYNCS; do
    quiet ./rnn spark word2vec --master 'local[2]' --rounds "${s%%:*}" --merge "${s##*:}" --corpus "$CORPUS" \
      --epochs "$W2V_EPOCHS" --quiet --out "$RUNS/w2v-local2-r${s%%:*}-${s##*:}"
    sides="$sides local2-r${s%%:*}-${s##*:}"
  done
  for side in $sides; do
    acc=$(./rnn word2vec evaluate --vectors "$RUNS/w2v-$side/vectors.bin" --analogies "$QUESTIONS" 2>/dev/null \
      | sed -n 's/^analogies: \([0-9.]*\) %.*/\1/p')
    how=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("finals", {}).get("trainer", ""))' "$RUNS/w2v-$side/run.json" 2>/dev/null | sed -n 's/.*thread, //p')
    echo "word2vec $side $(printf '%*s' $((17 - ${#side})) '') : $(finals "$RUNS/w2v-$side" trainWordsPerSecond) words/s over the epochs, analogy accuracy $acc %${how:+ ($how)}"
  done
fi
