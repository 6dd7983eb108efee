#!/usr/bin/env bash
# Shows that a 1,000,000-word vocabulary of dimension 300 trains within a heap of 4 GB plus the weights' own size
# (input vectors and negative-sampling output rows: 2 x 1,000,000 x 300 floats = 2,400 MB, so -Xmx6496m): a
# synthetic corpus in which each of 1,000,000 words occurs at least 5 times (8,000,000 tokens, lines of 20
# words), one epoch of skip-gram with negative sampling, 2 threads. Prints the peak resident memory of the JVM.
#
# Usage: bench/word2vec-memory.sh [OUT_DIR]     (OUT_DIR default runs/bench-word2vec-memory-<timestamp>)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
out=${1:-runs/bench-word2vec-memory-$(date +%Y%m%d-%H%M%S)}
words=1000000
dim=300
weights_mb=$(( 2 * words * dim * 4 / 1000000 ))
heap_mb=$(( 4096 + weights_mb ))
source bench/lib.sh
mkdir -p "$out"
cp=$(project_classpath word2vec-trainer "$out/lib")

echo "== synthetic corpus: $words words, each at least 5 times"
/usr/bin/python3 - "$out/corpus.txt" "$words" <<'PY'
import random, sys
path, n = sys.argv[1], int(sys.argv[2])
random.seed(42)
tokens = [i for i in range(n) for _ in range(5)]
tokens += random.choices(range(n), weights=[1 / (i + 1) for i in range(n)], k=3 * n)
random.shuffle(tokens)
with open(path, "w") as f:
    for s in range(0, len(tokens), 20):
        f.write(" ".join("w%d" % t for t in tokens[s:s + 20]) + "\n")
PY

echo "== training with -Xmx${heap_mb}m (4096 MB + ${weights_mb} MB of weights)"
/usr/bin/time -v java "-Xmx${heap_mb}m" --add-modules jdk.incubator.vector -cp "$cp" \
  org.rnnsuite.word2vec.Word2VecCommand train --quiet --corpus "$out/corpus.txt" --size "$dim" \
  --vocab-size "$words" --min-count 5 --epochs 1 --threads 2 --out "$out/run" \
  > "$out/train.log" 2> "$out/time.log" || { cat "$out/train.log" "$out/time.log" >&2; exit 1; }
grep -v -e '^SLF4J' -e 'incubator' "$out/train.log"
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time.log")
echo "| vocabulary | dimension | -Xmx | peak resident memory | result |" | tee "$out/summary.md"
echo "| --- | --- | --- | --- | --- |" | tee -a "$out/summary.md"
echo "| $(sed -n 's/^vocabulary: \([0-9,]*\) words.*/\1/p' "$out/train.log") | $dim | ${heap_mb} MB | $((rss_kb / 1024)) MB | trained |" \
  | tee -a "$out/summary.md"
rm -f "$out/corpus.txt" "$out/run/vectors.txt" "$out/run/checkpoint.zip" "$out/run/model.zip"
