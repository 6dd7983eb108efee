#!/usr/bin/env bash
# DL4J nmt-translator against an equivalent PyTorch model (bench/nmt_torch.py), same data, split and budget, in
# the same run (at the same time, one core each, on a machine with two cores or more).
#
#   bench/nmt-vs-pytorch.sh [MINUTES] [WORKDIR]        (defaults: 30, target/nmt-bench)
#   NMT_PAIRS=FILE                                      (default: ../shared/data/tatoeba-fra-eng.tsv)
#   NMT_EVAL_MINUTES=N                                  (BLEU curve points every N training minutes, default 5)
#   NMT_CLASSPATH_FILE=FILE                             (skip the Maven build: use this classpath)
#   NMT_ATTENTION=none|dot|general|additive             (both sides: the same attention, default none)
#
# 1. `nmt split` writes the split once (pairs of <= 10 tokens, 2,000 held-out pairs whose English never
#    occurs in training), as tokenised TSV that both trainers read.
# 2. DL4J: `nmt train --minutes M`, then `nmt evaluate` greedy and beam 5 of the best model (by the
#    test BLEU seen during training).
# 3. PyTorch: nmt_torch.py with the same files and budget (one thread), at the same time as 2 on the other core
#    (NMT_SEQUENTIAL=1: after it).
# 4. Prints both BLEU curves (and draws them: WORKDIR/bleu-curves.png), the training target-tokens/s ratio, the
#    greedy latency per sentence, and checks the Java BLEU by re-scoring the Java translations with the Python
#    scorer (NLTK's corpus_bleu when installed).
set -euo pipefail
MINUTES=${1:-30}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${2:-$ROOT/target/nmt-bench}
PAIRS=${NMT_PAIRS:-$ROOT/../shared/data/tatoeba-fra-eng.tsv}
EVAL=${NMT_EVAL_MINUTES:-5}
ATTENTION=${NMT_ATTENTION:-none}
case "$ATTENTION" in none|dot|general|additive) ;;
    *) echo "error: NMT_ATTENTION must be none, dot, general or additive, got $ATTENTION" >&2; exit 2 ;; esac
PY=/usr/bin/python3
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
source "$ROOT/scripts/native-env.sh"   # OpenBLAS kernels for this CPU, for both sides
echo "# attention: $ATTENTION (both sides)"
echo "# OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(detected by OpenBLAS)}"
mkdir -p "$WORK"
cd "$ROOT"
source bench/torch-peer.sh
torch_peer_check

echo "== build"
source bench/lib.sh
if [ -z "${NMT_CLASSPATH_FILE:-}" ]; then   # copied, so immune to rebuilds meanwhile
  project_classpath benchmarks "$WORK/lib" > "$WORK/cp.txt"
else   # already built; classpath given (one line, ':'-separated)
  cp "$NMT_CLASSPATH_FILE" "$WORK/cp.txt"
fi
NMT=(java -Xmx6g -cp "$(cat "$WORK/cp.txt")" org.rnnsuite.nmt.NmtCommand)

echo "== split (once)"
if [ ! -s "$WORK/split/test.tsv" ]; then
  "${NMT[@]}" split --pairs "$PAIRS" --max-length 10 --test-count 2000 --out "$WORK/split"
fi
wc -l "$WORK/split/train.tsv" "$WORK/split/test.tsv"

# The two trainers run at the same time, one core each (taskset), when the machine has two cores or more: on a
# shared machine whose speed drifts, both then see the same conditions. NMT_SEQUENTIAL=1 runs them one after the
# other instead.
dl4j_side() {
  rm -rf "$WORK/dl4j"
  "${NMT[@]}" train --pairs "$WORK/split/train.tsv" --test-pairs "$WORK/split/test.tsv" --minutes "$MINUTES" \
    --eval-minutes "$EVAL" --attention "$ATTENTION" --out "$WORK/dl4j" --quiet 2>&1 | grep -v SLF4J
  "${NMT[@]}" evaluate --model "$WORK/dl4j" --pairs "$WORK/split/test.tsv" --beam 1 --latency 200 --samples 10 \
    --out "$WORK/dl4j/hyp-greedy.txt" 2>&1 | grep -v SLF4J | tee "$WORK/dl4j/eval-greedy.txt"
  "${NMT[@]}" evaluate --model "$WORK/dl4j" --pairs "$WORK/split/test.tsv" --beam 5 --latency 0 --samples 10 \
    --out "$WORK/dl4j/hyp-beam5.txt" 2>&1 | grep -v SLF4J | tee "$WORK/dl4j/eval-beam5.txt"
}
torch_side() {
  rm -rf "$WORK/torch" && mkdir -p "$WORK/torch"
  $PY bench/nmt_torch.py --train "$WORK/split/train.tsv" --test "$WORK/split/test.tsv" --minutes "$MINUTES" \
    --eval-minutes "$EVAL" --attention "$ATTENTION" --out "$WORK/torch" --latency 200 > "$WORK/torch/log.txt"
}
if [ "${NMT_SEQUENTIAL:-0}" != 1 ] && [ "$(getconf _NPROCESSORS_ONLN)" -ge 2 ] && command -v taskset >/dev/null; then
  echo "== DL4J (core 0) and PyTorch (core 1) at the same time: $MINUTES min each  (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  NMT=(taskset -c 0 "${NMT[@]}")
  PY="taskset -c 1 $PY"
  torch_side &
  torch_pid=$!
  dl4j_side
  wait "$torch_pid"
else
  echo "== DL4J: $MINUTES min  (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  dl4j_side
  echo "== PyTorch: $MINUTES min  (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  torch_side
fi
echo "== PyTorch log"
cat "$WORK/torch/log.txt"
echo "== done  (load: $(cut -d' ' -f1-3 /proc/loadavg))"

echo "== summary"
$PY bench/nmt_summary.py "$WORK"
java -Djava.awt.headless=true -cp "$(cat "$WORK/cp.txt")" org.rnnsuite.benchmarks.BleuCurves "$WORK" \
  2>&1 | grep -v SLF4J
