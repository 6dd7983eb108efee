#!/usr/bin/env bash
# Builds English-French sentence pairs from Debian's LibreOffice help (libreoffice-help-en-us, libreoffice-help-fr):
# the two HTML trees have the same pages and the same paragraph ids, so paragraphs with the same id in the same page
# are translations of each other.
#
#   scripts/fetch-libreoffice-help.sh DIR [MAX_WORDS]     (MAX_WORDS for the test pairs, default 12)
#
# Writes DIR/train.tsv and DIR/test.tsv (english<TAB>french<TAB>page#id). The modules simpress and sdraw are the
# held-out test set; empty, identical (untranslated) and duplicate pairs are dropped; test pairs are kept only with
# at most MAX_WORDS words on each side and only if their English sentence never occurs in training.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 DIR [MAX_WORDS]" >&2
  exit 2
fi
OUT=$1
MAX_WORDS=${2:-12}
HELP=/usr/share/libreoffice/help
if [ ! -d "$HELP/en-US/text" ] || [ ! -d "$HELP/fr/text" ]; then
  echo "installing libreoffice-help-en-us and libreoffice-help-fr (Debian packages)" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends \
    libreoffice-help-en-us libreoffice-help-fr >&2
fi
mkdir -p "$OUT"
/usr/bin/python3 - "$HELP" "$OUT" "$MAX_WORDS" <<'PY'
import html.parser, os, re, sys

help_dir, out, max_words = sys.argv[1], sys.argv[2], int(sys.argv[3])
TEST_MODULES = {"simpress", "sdraw"}
TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "td", "li", "dt", "dd"}


class Paragraphs(html.parser.HTMLParser):
    """Text of every p/h*/td/li... element whose id is a help paragraph id (par_id..., hd_id...)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.current, self.depth, self.buf = {}, None, 0, []

    def handle_starttag(self, tag, attrs):
        if self.current is not None:
            if tag == self.current[1]:
                self.depth += 1
            return
        ident = dict(attrs).get("id") or ""
        if tag in TAGS and (ident.startswith("par_id") or ident.startswith("hd_id")):
            self.current, self.depth, self.buf = (ident, tag), 1, []

    def handle_endtag(self, tag):
        if self.current is not None and tag == self.current[1]:
            self.depth -= 1
            if self.depth == 0:
                text = re.sub(r"\s+", " ", "".join(self.buf)).strip()
                self.found.setdefault(self.current[0], text)
                self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.buf.append(data)


def paragraphs(path):
    p = Paragraphs()
    with open(path, encoding="utf-8", errors="replace") as f:
        p.feed(f.read())
    return p.found


en_root, fr_root = os.path.join(help_dir, "en-US"), os.path.join(help_dir, "fr")
train, test, seen = [], [], set()
pages = 0
for dirpath, _, files in os.walk(os.path.join(en_root, "text")):
    for name in sorted(files):
        if not name.endswith(".html"):
            continue
        rel = os.path.relpath(os.path.join(dirpath, name), en_root)
        fr_path = os.path.join(fr_root, rel)
        if not os.path.exists(fr_path):
            continue
        pages += 1
        module = rel.split(os.sep)[1]
        en, fr = paragraphs(os.path.join(en_root, rel)), paragraphs(fr_path)
        for ident, e in en.items():
            f = fr.get(ident, "")
            if not e or not f or e == f or "\t" in e + f:
                continue
            key = (e, f)
            if key in seen:
                continue
            seen.add(key)
            (test if module in TEST_MODULES else train).append((e, f, rel + "#" + ident))
train_en = {e for e, _, _ in train}
kept = [t for t in test if t[0] not in train_en
        and len(t[0].split()) <= max_words and len(t[1].split()) <= max_words]
for fname, rows in (("train.tsv", train), ("test.tsv", kept)):
    tmp = os.path.join(out, "." + fname + ".tmp")
    with open(tmp, "w", encoding="utf-8") as w:
        for e, f, src in rows:
            w.write(f"{e}\t{f}\t{src}\n")
    os.replace(tmp, os.path.join(out, fname))
print(f"{pages} page pairs; {len(train)} training pairs; {len(test)} simpress/sdraw pairs, {len(kept)} of <= "
      f"{max_words} words whose English is not in training -> {out}/train.tsv, {out}/test.tsv")
PY
