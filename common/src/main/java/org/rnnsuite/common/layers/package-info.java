/**
 * The project's layers, as DL4J layer configurations with their implementations, and the network-wide
 * defaults. Naming rule: a configuration is {@code Fast<Name>} and its implementation {@code Fast<Name>Impl}.
 *
 * <ul>
 *   <li>{@link org.rnnsuite.common.layers.FastSimpleRnn}, {@link org.rnnsuite.common.layers.FastLstm},
 *   {@link org.rnnsuite.common.layers.FastPeepholeLstm} and {@link org.rnnsuite.common.layers.FastRnnOutputLayer}
 *   compute exactly what DL4J's {@code SimpleRnn}, {@code LSTM}, {@code GravesLSTM} and {@code RnnOutputLayer}
 *   compute (same parameters, outputs and gradients, masks included) with faster training steps;
 *   {@link org.rnnsuite.common.layers.FastGru} is a GRU (DL4J has none for {@code MultiLayerNetwork});
 *   {@link org.rnnsuite.common.layers.StateInputVertex} feeds an initial state to a recurrent layer in a
 *   graph.</li>
 *   <li>{@link org.rnnsuite.common.layers.Blas}: the direct OpenBLAS products behind them; {@code Kernels}: the
 *   fused element-wise time-step kernels of float networks (vectorised Java loops).</li>
 *   <li>{@link org.rnnsuite.common.layers.Cell}: the chapter's cells (basic, LSTM, peephole LSTM, GRU) as layer
 *   configurations; {@link org.rnnsuite.common.layers.Nets}: seed, float32, Adam, initialisation, clipping.</li>
 * </ul>
 *
 * <p>This package touches no file and prints nothing.
 */
package org.rnnsuite.common.layers;
