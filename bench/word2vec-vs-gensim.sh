#!/usr/bin/env bash
# Trains word vectors with this project (DL4J) and with gensim on the same corpus in one run, same settings
# (skip-gram, 1 epoch, size 100, window 5, negative 5, sample 1e-3, min count 5, 2 threads), and prints both speeds
# (words/s) and both analogy accuracies on questions-words.txt (gensim's protocol, restrict 300,000); then checks
# interoperability: gensim reads our vectors.bin and vectors.txt with identical values, and our reader reads
# gensim's vectors identically.
#
# Usage: bench/word2vec-vs-gensim.sh [CORPUS [OUT_DIR]]
#   CORPUS     default data/corpus (build it with scripts/fetch-corpus.sh data/corpus)
#   OUT_DIR    default runs/bench-word2vec-<timestamp>
#   QUESTIONS  environment variable, default ../shared/data/questions-words.txt
# Needs Debian's python3-gensim (installed with apt-get if missing) and the module built (mvn install of common).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
corpus=${1:-data/corpus}
out=${2:-runs/bench-word2vec-$(date +%Y%m%d-%H%M%S)}
questions=${QUESTIONS:-../shared/data/questions-words.txt}
threads=2
py=/usr/bin/python3
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
source scripts/native-env.sh   # OpenBLAS kernels for this CPU, for both sides
echo "# OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-(detected by OpenBLAS)}"

[ -e "$corpus" ] || { echo "error: no corpus at $corpus (run scripts/fetch-corpus.sh $corpus)" >&2; exit 2; }
[ -f "$questions" ] || { echo "error: no analogy questions at $questions (set QUESTIONS)" >&2; exit 2; }
if ! "$py" -c 'import gensim' 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-gensim >/dev/null
fi
mkdir -p "$out"

# our command: the module's classes on its Maven classpath (what ./rnn word2vec runs), copied with the project's own
# jars so that a rebuild during this long run cannot pull classes away from under it
if true; then
  mvn -o -q -pl word2vec-trainer compile dependency:build-classpath -Dmdep.outputFile="$out/classpath.m2.txt" >&2
  mkdir -p "$out/lib"
  cp -r word2vec-trainer/target/classes "$out/lib/word2vec-classes"
  cp="$out/lib/word2vec-classes"
  for jar in $(tr ':' ' ' < "$out/classpath.m2.txt"); do
    case "$jar" in
      */org/rnnsuite/*) cp "$jar" "$out/lib/"; cp="$cp:$out/lib/$(basename "$jar")" ;;
      *) cp="$cp:$jar" ;;
    esac
  done
  echo "$cp" > "$out/classpath.txt"
  w2v() { java -Xmx6g -cp "$(cat "$out/classpath.txt")" org.rnnsuite.word2vec.Word2VecCommand "$@" \
            2> >(grep -v '^SLF4J:' >&2); }
fi
json() { "$py" -c "import json,sys; print(json.load(sys.stdin)$1)"; }
pct() { "$py" -c "print(f'{100*float(\"$1\"):.2f}')"; }

echo "== preprocessing (the token stream both tools train on)"
w2v preprocess --quiet --corpus "$corpus" --output "$out/corpus-preprocessed.txt"

echo "== DL4J (this project): train"
w2v train --quiet --corpus "$corpus" --size 100 --window 5 --negative 5 --sample 1e-3 --min-count 5 --epochs 1 \
  --threads "$threads" --out "$out/dl4j"
dl4j_wps=$(json '["metrics"]["trainWordsPerSecond"]' < "$out/dl4j/run.json")
dl4j_fit=$(json '["metrics"]["fitWordsPerSecond"]' < "$out/dl4j/run.json")

echo "== gensim $("$py" -c 'import gensim; print(gensim.__version__)'): train on the preprocessed corpus"
mkdir -p "$out/gensim"
"$py" "$repo/bench/word2vec_gensim.py" train "$out/corpus-preprocessed.txt" "$out/gensim" "$threads" \
  | tee "$out/gensim/run.json"
gensim_wps=$(json '["trainWordsPerSecond"]' < "$out/gensim/run.json")
gensim_fit=$(json '["fitWordsPerSecond"]' < "$out/gensim/run.json")

echo "== analogy accuracy, questions-words.txt, restrict 300,000, case-insensitive"
w2v evaluate --vectors "$out/dl4j/vectors.bin" --analogies "$questions" --restrict 300000 | tee "$out/dl4j/evaluate.txt"
w2v evaluate --vectors "$out/gensim/vectors.bin" --analogies "$questions" --restrict 300000 | tee "$out/gensim/evaluate.txt"
dl4j_acc=$("$py" "$repo/bench/word2vec_gensim.py" evaluate "$out/dl4j/vectors.bin" "$questions" | json '["accuracy"]')
gensim_acc=$("$py" "$repo/bench/word2vec_gensim.py" evaluate "$out/gensim/vectors.bin" "$questions" | json '["accuracy"]')
ours_on_dl4j=$(sed -n 's/^analogies: \([0-9.]*\) %.*/\1/p' "$out/dl4j/evaluate.txt")
ours_on_gensim=$(sed -n 's/^analogies: \([0-9.]*\) %.*/\1/p' "$out/gensim/evaluate.txt")

echo "== interoperability"
interop=ok
"$py" "$repo/bench/word2vec_gensim.py" same "$out/dl4j/vectors.bin" "$out/dl4j/vectors.txt" || interop=FAILED
w2v convert --vectors "$out/gensim/vectors.bin" --output "$out/gensim/via-java.bin"
w2v convert --vectors "$out/gensim/vectors.txt" --output "$out/gensim/via-java-from-text.bin"
"$py" "$repo/bench/word2vec_gensim.py" same "$out/gensim/vectors.bin" "$out/gensim/via-java.bin" || interop=FAILED
"$py" "$repo/bench/word2vec_gensim.py" same "$out/gensim/vectors.bin" "$out/gensim/via-java-from-text.bin" || interop=FAILED

echo "== king - man + woman"
w2v analogy --vectors "$out/dl4j/vectors.bin" man king woman -k 5 | sed 's/^/dl4j    /'
w2v analogy --vectors "$out/gensim/vectors.bin" man king woman -k 5 | sed 's/^/gensim  /'

{
  echo "| | DL4J (this project) | gensim |"
  echo "| --- | --- | --- |"
  echo "| training words/s (epoch only) | $dl4j_wps | $(printf '%.0f' "$gensim_wps") |"
  echo "| words/s incl. vocabulary/counting pass | $dl4j_fit | $(printf '%.0f' "$gensim_fit") |"
  echo "| analogy accuracy, gensim's evaluator | $(pct "$dl4j_acc") % | $(pct "$gensim_acc") % |"
  echo "| analogy accuracy, our evaluator | $ours_on_dl4j % | $ours_on_gensim % |"
  echo "| interop (gensim reads ours, we read gensim's, identical values) | $interop | |"
} | tee "$out/summary.md"
[ "$interop" = ok ]
