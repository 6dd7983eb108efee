/**
 * What every part of the suite uses: the one default seed and ND4J set-up ({@link org.rnnsuite.common.Seeds}),
 * the JavaCPP setting made before ND4J loads ({@link org.rnnsuite.common.NativeSettings}), the error type for bad
 * user input ({@link org.rnnsuite.common.UserException}) and atomic file writes
 * ({@link org.rnnsuite.common.AtomicFiles}).
 *
 * <p>The rest of {@code common} is in packages by role: {@code layers} (the project's recurrent and output
 * layers, DL4J layer SPI), {@code run} (the training run: directory, metrics, charts, progress, checkpoints,
 * model card and model files), {@code cli} (picocli conventions) and {@code embeddings} (word-vector files and
 * look-ups, written by word2vec and read by the translator).
 */
package org.rnnsuite.common;
