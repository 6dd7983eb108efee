#!/usr/bin/env bash
# Sourced by ./rnn and the benchmarks: settings of the native libraries under ND4J, each kept when already set.
#
# OMP_WAIT_POLICY=PASSIVE: idle OpenMP threads sleep instead of spinning; on a busy 2-core machine spinning threads
#   made runs take minutes instead of seconds.
# OPENBLAS_CORETYPE: ND4J 1.0.0-M2.1 bundles OpenBLAS 0.3.19, which does not know recent CPUs (AMD Zen 4/5) and
#   runs them with its Haswell (AVX2) kernels. On a CPU with AVX-512 the AVX-512 kernels are selected instead:
#   float matrix products twice as fast on an AMD EPYC of family 26 (704x256 by 256x9075: 38 -> 19 ms,
#   org.rnnsuite.benchmarks.ProductBenchmark under each OPENBLAS_CORETYPE).
#   Debian's OpenBLAS (used by the PyTorch peers) reads the same variable, so both sides of a benchmark get it.
#   A value set by the environment (some images pin OPENBLAS_CORETYPE=Haswell) is left alone.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
if [ -z "${OPENBLAS_CORETYPE+set}" ] && [ -r /proc/cpuinfo ]; then
  _flags=" $(grep -m1 '^flags' /proc/cpuinfo) "
  if [[ $_flags == *" avx512f "* && $_flags == *" avx512bw "* && $_flags == *" avx512dq "* \
        && $_flags == *" avx512vl "* ]]; then
    if [[ $_flags == *" avx512_bf16 "* ]]; then
      export OPENBLAS_CORETYPE=Cooperlake
    else
      export OPENBLAS_CORETYPE=SkylakeX
    fi
  fi
  unset _flags
fi
