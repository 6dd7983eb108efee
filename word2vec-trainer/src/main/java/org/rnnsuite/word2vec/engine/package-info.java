/**
 * The project's own word2vec training engine, a library without I/O of its own beyond checkpoints: skip-gram and
 * CBOW, each with negative sampling and / or hierarchical softmax, trained by lock-free threads on a corpus that
 * was tokenised once into integer ids ({@link org.rnnsuite.word2vec.engine.TokenCorpus}).
 *
 * <p>{@link org.rnnsuite.word2vec.engine.EngineConfig} holds the hyper-parameters,
 * {@link org.rnnsuite.word2vec.engine.EngineVocab} the words and their counts,
 * {@link org.rnnsuite.word2vec.engine.EngineState} the weights and the position of the run (saved after each
 * epoch and restored to resume), {@link org.rnnsuite.word2vec.engine.Word2VecEngine} trains, calling back after
 * each epoch and periodically with its progress.
 */
package org.rnnsuite.word2vec.engine;
