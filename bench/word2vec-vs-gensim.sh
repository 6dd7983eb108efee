#!/usr/bin/env bash
# Trains word vectors with this project's engine and with gensim on the same token stream in one run, same settings
# (skip-gram, negative 5, size 100, window 5, sample 1e-3, min count 5, learning rate 0.025 -> 0.0001, seed 42),
# and prints training speeds (corpus words per second over the epochs), analogy accuracies on questions-words.txt
# (gensim's protocol, restrict 300,000) or both.
#
# Usage: bench/word2vec-vs-gensim.sh MODE [CORPUS [OUT_DIR]]
#   MODE      speed     ROUNDS (default 3) alternating rounds, 2 threads each, 1 epoch: medians; one more run of
#                       ours with the plain-loop kernels (what ./rnn uses without the Vector API module); then the
#                       interoperability checks (gensim reads our files identically, we read gensim's)
#             percore   ROUNDS (default 2) rounds, 1 thread each, both sides at the same time, each pinned to its own
#                       core (taskset -c 0 / -c 1, swapped every round), 1 epoch: medians
#             accuracy  EPOCHS (default 1) epochs, 2 threads each, one run each: analogy accuracy with gensim's
#                       evaluator and with ours
#   CORPUS    default data/corpus (build it with scripts/fetch-corpus.sh data/corpus)
#   OUT_DIR   default runs/bench-word2vec-MODE-<timestamp>
#   QUESTIONS environment variable, default ../shared/data/questions-words.txt
#   OURS_OPTS environment variable, more options of our train command (e.g. --classic)
# Needs Debian's python3-gensim (installed with apt-get if missing). Builds the module with ./mvnw (bench/lib.sh).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
mode=${1:-}
case "$mode" in speed|percore|accuracy) ;; *) echo "error: MODE must be speed, percore or accuracy" >&2; exit 2 ;; esac
corpus=${2:-data/corpus}
out=${3:-runs/bench-word2vec-$mode-$(date +%Y%m%d-%H%M%S)}
questions=${QUESTIONS:-../shared/data/questions-words.txt}
rounds=${ROUNDS:-$([ "$mode" = percore ] && echo 2 || echo 3)}
epochs=${EPOCHS:-1}
py=/usr/bin/python3
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}
source scripts/native-env.sh   # OpenBLAS kernels for this CPU, for both sides
source bench/lib.sh

[ -e "$corpus" ] || { echo "error: no corpus at $corpus (run scripts/fetch-corpus.sh $corpus)" >&2; exit 2; }
[ "$mode" != accuracy ] || [ -f "$questions" ] || { echo "error: no analogy questions at $questions (set QUESTIONS)" >&2; exit 2; }
if ! "$py" -c 'import gensim' 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-gensim >/dev/null
fi
mkdir -p "$out"
cp=$(project_classpath word2vec-trainer "$out/lib")
# the engine's SIMD kernels need the Vector API module; the property below turns them off for one comparison run
w2v() { java -Xmx6g --add-modules jdk.incubator.vector -cp "$cp" "${JOPTS[@]}" org.rnnsuite.word2vec.Word2VecCommand "$@" \
          2> >(grep -v -e '^SLF4J:' -e 'incubator modules' >&2); }
JOPTS=()
json() { "$py" -c "import json,sys; print(json.load(sys.stdin)$1)"; }
median() { "$py" -c "import statistics,sys; print(round(statistics.median(float(x) for x in sys.argv[1:])))" "$@"; }
ours() {   # ours OUT_SUBDIR THREADS [taskset prefix...]
  local dir=$1 threads=$2; shift 2
  "$@" java -Xmx6g --add-modules jdk.incubator.vector -cp "$cp" "${JOPTS[@]}" org.rnnsuite.word2vec.Word2VecCommand \
    train --quiet --corpus "$corpus" --size 100 --window 5 --negative 5 --sample 1e-3 --min-count 5 \
    --epochs "$epochs" --threads "$threads" ${OURS_OPTS:-} --out "$out/$dir" 2> >(grep -v -e '^SLF4J:' -e 'incubator modules' >&2) \
    > "$out/$dir.log"
  json '["finals"]["trainWordsPerSecond"]' < "$out/$dir/run.json"
}
theirs() { # theirs OUT_SUBDIR THREADS SAVE [taskset prefix...]
  local dir=$1 threads=$2 save=$3; shift 3
  mkdir -p "$out/$dir"
  "$@" "$py" bench/word2vec_gensim.py train "$out/corpus-preprocessed.txt" "$out/$dir" "$threads" "$epochs" "$save" \
    > "$out/$dir/run.json"
  json '["trainWordsPerSecond"]' < "$out/$dir/run.json"
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ) mode $mode, corpus $corpus, epochs $epochs, rounds $rounds," \
  "gensim $("$py" -c 'import gensim; print(gensim.__version__)'), $(java -version 2>&1 | head -1)" | tee "$out/summary.md"
echo "== preprocessing (the token stream both tools train on)"
w2v preprocess --quiet --corpus "$corpus" --out "$out/corpus-preprocessed.txt"

case "$mode" in
speed)
  o=(); g=()
  for r in $(seq 1 "$rounds"); do
    if (( r % 2 )); then
      o+=("$(ours "ours-$r" 2)"); g+=("$(theirs "gensim-$r" 2 "$([ "$r" = 1 ] && echo 1 || echo 0)")")
    else
      g+=("$(theirs "gensim-$r" 2 0)"); o+=("$(ours "ours-$r" 2)")
    fi
    echo "round $r: ours ${o[-1]} words/s, gensim ${g[-1]} words/s" | tee -a "$out/summary.md"
  done
  JOPTS=(-Drnnsuite.word2vec.simd=false)
  scalar=$(ours ours-scalar 2)
  JOPTS=()
  om=$(median "${o[@]}"); gm=$(median "${g[@]}")
  echo "== interoperability"
  interop=ok
  "$py" bench/word2vec_gensim.py same "$out/ours-1/vectors.bin" "$out/ours-1/vectors.txt" || interop=FAILED
  w2v convert --vectors "$out/gensim-1/vectors.bin" --out "$out/gensim-1/via-java.bin"
  w2v convert --vectors "$out/gensim-1/vectors.txt" --out "$out/gensim-1/via-java-from-text.bin"
  "$py" bench/word2vec_gensim.py same "$out/gensim-1/vectors.bin" "$out/gensim-1/via-java.bin" || interop=FAILED
  "$py" bench/word2vec_gensim.py same "$out/gensim-1/vectors.bin" "$out/gensim-1/via-java-from-text.bin" || interop=FAILED
  {
    echo "| 2 threads, $epochs epoch(s) | this project | gensim | ratio |"
    echo "| --- | --- | --- | --- |"
    echo "| training words/s, median of $rounds | $om | $gm | $("$py" -c "print(f'{$om/$gm:.2f}')") |"
    echo "| plain-loop kernels (no Vector API module), 1 run | $scalar | | $("$py" -c "print(f'{$scalar/$gm:.2f}')") |"
    echo "| ours: $(json '["finals"]["trainer"]' < "$out/ours-1/run.json") | | | |"
    echo "| interop (gensim reads ours, we read gensim's, identical values) | $interop | | |"
  } | tee -a "$out/summary.md"
  [ "$interop" = ok ]
  ;;
percore)
  o=(); g=()
  for r in $(seq 1 "$rounds"); do
    a=$(( (r + 1) % 2 )); b=$(( r % 2 ))
    ours "ours-$r" 1 taskset -c "$a" > "$out/ours-$r.wps" &
    theirs "gensim-$r" 1 0 taskset -c "$b" > "$out/gensim-$r.wps" &
    wait
    o+=("$(cat "$out/ours-$r.wps")"); g+=("$(cat "$out/gensim-$r.wps")")
    echo "round $r: ours (core $a) ${o[-1]} words/s, gensim (core $b) ${g[-1]} words/s" | tee -a "$out/summary.md"
  done
  om=$(median "${o[@]}"); gm=$(median "${g[@]}")
  {
    echo "| 1 thread each, same time, own core, $epochs epoch(s) | this project | gensim | ratio |"
    echo "| --- | --- | --- | --- |"
    echo "| training words/s, median of $rounds | $om | $gm | $("$py" -c "print(f'{$om/$gm:.2f}')") |"
  } | tee -a "$out/summary.md"
  ;;
accuracy)
  ow=$(ours ours 2); gw=$(theirs gensim 2 1)
  echo "== analogy accuracy, questions-words.txt, restrict 300,000, case-insensitive"
  w2v evaluate --vectors "$out/ours/vectors.bin" --analogies "$questions" --restrict 300000 > "$out/ours/evaluate.txt"
  w2v evaluate --vectors "$out/gensim/vectors.bin" --analogies "$questions" --restrict 300000 > "$out/gensim/evaluate.txt"
  oa=$("$py" bench/word2vec_gensim.py evaluate "$out/ours/vectors.bin" "$questions" | json '["accuracy"]')
  ga=$("$py" bench/word2vec_gensim.py evaluate "$out/gensim/vectors.bin" "$questions" | json '["accuracy"]')
  pct() { "$py" -c "print(f'{100*float(\"$1\"):.2f}')"; }
  echo "== king - man + woman"
  w2v analogy --vectors "$out/ours/vectors.bin" man king woman -k 3 | sed 's/^/ours    /' | tee -a "$out/summary.md"
  w2v analogy --vectors "$out/gensim/vectors.bin" man king woman -k 3 | sed 's/^/gensim  /' | tee -a "$out/summary.md"
  {
    echo "| $epochs epoch(s), 2 threads | this project | gensim |"
    echo "| --- | --- | --- |"
    echo "| analogy accuracy, gensim's evaluator | $(pct "$oa") % | $(pct "$ga") % |"
    echo "| analogy accuracy, our evaluator | $(sed -n 's/^analogies: \([0-9.]*\) %.*/\1/p' "$out/ours/evaluate.txt") % | $(sed -n 's/^analogies: \([0-9.]*\) %.*/\1/p' "$out/gensim/evaluate.txt") % |"
    echo "| training words/s (this run) | $ow | $(printf '%.0f' "$gw") |"
  } | tee -a "$out/summary.md"
  ;;
esac
