/**
 * Benchmark programs run by the scripts in {@code bench/}: training-step timings of the MNIST and time-series
 * networks, the translator's output-layer products, and the BLEU curves of the translator benchmark. Not part of
 * any library jar: this module depends on the workflow modules and nothing depends on it.
 */
package org.rnnsuite.benchmarks;
