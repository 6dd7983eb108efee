/**
 * Distributed training on Spark: the MNIST classifier, the time-series predictor and the translator through DL4J's
 * training masters ({@link org.rnnsuite.spark.SparkSettings} holds every Spark hyper-parameter), word2vec through
 * the suite's own skip-gram engine with per-epoch vector averaging. Each trainer uses its workflow's configuration
 * record, data reader, network builder and training run, so a model trained here is loaded by the single-machine
 * commands like any other. Entry point: {@link org.rnnsuite.spark.SparkCommand} ({@code ./rnn spark ...}).
 */
package org.rnnsuite.spark;
