#!/usr/bin/env bash
# The translator with and without attention on longer sentences: BLEU per English length bucket (1-5, 6-10,
# 11-15, 16-25 tokens) of two models trained for the same minutes at the same time, one core each.
#
#   bench/nmt-attention-lengths.sh [MINUTES] [WORKDIR]    (defaults: 30, target/nmt-lengths)
#   NMT_PAIRS=FILE                                        (default: ../shared/data/tatoeba-fra-eng.tsv)
#   NMT_SPLIT=DIR            use DIR/train.tsv and DIR/test.tsv as they are (e.g. scripts/fetch-libreoffice-help.sh
#                            DIR 25, whose held-out pages have long sentences) instead of splitting NMT_PAIRS
#   NMT_MAX_LENGTH=N                                      (--max-length of split and training, default 25)
#   NMT_ATTENTION=dot|general|additive                    (the attention side, default dot)
#   NMT_CLASSPATH_FILE=FILE                               (skip the Maven build: use this classpath)
#
# 1. `nmt split --max-length N`: pairs of <= N tokens, 2,000 held-out pairs whose English never occurs in training
#    (skipped with NMT_SPLIT).
# 2. `nmt train --max-length N --max-output N+5 --minutes M` twice at the same time: --attention none on core 0,
#    --attention NMT_ATTENTION on core 1 (the same seed, data and every other option).
# 3. `nmt evaluate` (greedy) of each best model on the held-out pairs; prints both "BLEU by English length" lines
#    and a table of the buckets with the difference.
set -euo pipefail
MINUTES=${1:-30}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${2:-$ROOT/target/nmt-lengths}
PAIRS=${NMT_PAIRS:-$ROOT/../shared/data/tatoeba-fra-eng.tsv}
ATTENTION=${NMT_ATTENTION:-dot}
MAXLEN=${NMT_MAX_LENGTH:-25}
SPLIT=${NMT_SPLIT:-}
if [ -n "$SPLIT" ]; then
  for f in train.tsv test.tsv; do
    [ -s "$SPLIT/$f" ] || { echo "error: NMT_SPLIT=$SPLIT has no $f" >&2; exit 2; }
  done
else
  [ -f "$PAIRS" ] || { echo "error: no pair file $PAIRS (set NMT_PAIRS)" >&2; exit 2; }
fi
case "$MAXLEN" in ''|*[!0-9]*) echo "error: NMT_MAX_LENGTH must be a positive number, got $MAXLEN" >&2; exit 2 ;; esac
case "$ATTENTION" in dot|general|additive) ;; *) echo "error: NMT_ATTENTION must be dot, general or additive, got $ATTENTION" >&2; exit 2 ;; esac
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE RNN_THREADS=1
source "$ROOT/scripts/native-env.sh"
mkdir -p "$WORK"
cd "$ROOT"
source bench/lib.sh
echo "# $(date -u +%FT%TZ)  $(nproc --all) cores  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== build"
if [ -z "${NMT_CLASSPATH_FILE:-}" ]; then
  project_classpath benchmarks "$WORK/lib" > "$WORK/cp.txt"
else
  cp "$NMT_CLASSPATH_FILE" "$WORK/cp.txt"
fi
NMT=(java -Xmx6g -cp "$(cat "$WORK/cp.txt")" org.rnnsuite.nmt.NmtCommand)

if [ -n "$SPLIT" ]; then
  echo "== split: $SPLIT"
  TRAIN=$SPLIT/train.tsv TEST=$SPLIT/test.tsv
else
  echo "== split (once)"
  if [ ! -s "$WORK/split/test.tsv" ]; then
    "${NMT[@]}" split --pairs "$PAIRS" --max-length "$MAXLEN" --test-count 2000 --out "$WORK/split" 2>&1 | grep -v SLF4J
  fi
  TRAIN=$WORK/split/train.tsv TEST=$WORK/split/test.tsv
fi
wc -l "$TRAIN" "$TEST"

side() {   # CORE KIND
  local dir="$WORK/$2"
  rm -rf "$dir"
  taskset -c "$1" "${NMT[@]}" train --pairs "$TRAIN" --test-pairs "$TEST" \
    --max-length "$MAXLEN" --max-output $((MAXLEN + 5)) --minutes "$MINUTES" --attention "$2" --out "$dir" --quiet \
    > "$WORK/$2-train.log" 2>&1
  taskset -c "$1" "${NMT[@]}" evaluate --model "$dir" --pairs "$TEST" --beam 1 --latency 200 \
    --samples 0 > "$WORK/$2-eval.txt" 2>&1
}
echo "== none (core 0) and $ATTENTION (core 1) at the same time: $MINUTES min each"
rc=0
side 0 none & a=$!
side 1 "$ATTENTION" & b=$!
wait "$a" || rc=$?
wait "$b" || rc=$?
if [ "$rc" != 0 ]; then
  echo "error: a side failed; logs in $WORK/*-train.log, $WORK/*-eval.txt" >&2
  tail -5 "$WORK"/*-train.log "$WORK"/*-eval.txt >&2
  exit 1
fi
for k in none "$ATTENTION"; do
  echo "== $k"
  grep -v SLF4J "$WORK/$k-train.log" | grep "^trained" || true
  grep -E "^BLEU|latency" "$WORK/$k-eval.txt"
done
echo "== BLEU per English length bucket (greedy, held-out pairs)"
python3 - "$WORK/none-eval.txt" "$WORK/$ATTENTION-eval.txt" "$ATTENTION" <<'EOF'
import re, sys
def buckets(path):
    line = next(l for l in open(path) if l.startswith("BLEU by English length:"))
    return {m[0]: (float(m[1]), int(m[2])) for m in re.findall(r"(\d+[-+]\d*) ([\d.]+) \((\d+) pairs\)", line)}
none, attn = buckets(sys.argv[1]), buckets(sys.argv[2])
print(f"{'tokens':>8} {'pairs':>6} {'none':>7} {sys.argv[3]:>7} {'gain':>7}")
for k in none:
    print(f"{k:>8} {none[k][1]:>6} {none[k][0]:7.2f} {attn[k][0]:7.2f} {attn[k][0] - none[k][0]:+7.2f}")
EOF
