#!/usr/bin/env bash
# Sourced by the PyTorch benchmarks: checks that Debian's PyTorch is there and that it runs on OpenBLAS.
# Debian's python3-torch links the generic libblas.so.3, which is the slow reference BLAS unless an optimised one
# is installed: PyTorch was 8-12x slower on this machine that way (MNIST GRU step 429 ms instead of 35 ms), which
# would make every ratio meaningless. Installs python3-torch / libopenblas0 with apt-get when run as root.
PYTHON=/usr/bin/python3
torch_peer_check() {
  local missing=()
  "$PYTHON" -c 'import torch' 2>/dev/null || missing+=(python3-torch)
  case "$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null)" in
    *openblas*|*blis*|*mkl*) ;;
    *) missing+=(libopenblas0) ;;
  esac
  if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]]; then
      echo "# installing ${missing[*]} (apt-get)" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "error: the PyTorch peer needs: apt-get install ${missing[*]}" >&2
      exit 1
    fi
  fi
  echo "# PyTorch BLAS: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
}
