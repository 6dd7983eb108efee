/**
 * Helpers shared by every workflow module: recurrent cells (basic, LSTM, peephole LSTM and a GRU layer),
 * network defaults, training listeners, metric CSV files and PNG charts, progress bars, model save/load with
 * provenance ({@code run.json}), checkpoints, and the command-line conventions.
 *
 * <p>Speed: {@link org.rnnsuite.common.FusedSimpleRnn}, {@link org.rnnsuite.common.FastLstm} and
 * {@link org.rnnsuite.common.FastRnnOutputLayer} are drop-in versions of DL4J's {@code SimpleRnn}, {@code LSTM} and
 * {@code RnnOutputLayer} (same parameters, outputs and gradients) with faster training steps, built on
 * {@link org.rnnsuite.common.Blas} (direct OpenBLAS products); {@link org.rnnsuite.common.NativeSettings} holds the
 * JavaCPP setting every command applies before ND4J loads.
 */
package org.rnnsuite.common;
