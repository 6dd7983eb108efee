/**
 * The row-by-row MNIST sequence classifier of the recurrent neural networks chapter: each 28×28 image is a
 * sequence of 28 time steps (the rows) of 28 inputs (the pixels of a row); a recurrent stack reads it and a
 * softmax layer classifies its last output. {@link org.rnnsuite.mnist.MnistConfig} holds the hyper-parameters,
 * {@link org.rnnsuite.mnist.MnistData} reads IDX files and turns images into sequences,
 * {@link org.rnnsuite.mnist.MnistNetwork} builds the network, {@link org.rnnsuite.mnist.MnistTrainer} trains it
 * through a {@link org.rnnsuite.common.run.TrainingRun} (one epoch at a time from an
 * {@link org.rnnsuite.mnist.EpochIterator}, the best epoch kept), and {@link org.rnnsuite.mnist.MnistCommand} is the
 * command line ({@code train}, {@code evaluate}, {@code predict}, {@code summary}).
 */
package org.rnnsuite.mnist;
