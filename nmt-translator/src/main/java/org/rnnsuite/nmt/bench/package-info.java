/** Helpers of the translator's benchmarks: BLEU curves for {@code bench/nmt-vs-pytorch.sh}, product timings. */
package org.rnnsuite.nmt.bench;
