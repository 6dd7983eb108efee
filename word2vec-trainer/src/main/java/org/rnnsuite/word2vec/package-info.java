/**
 * Word embeddings, the tutorial's word2vec workflow: corpus preprocessing ({@link org.rnnsuite.word2vec.Tokenizer},
 * {@link org.rnnsuite.word2vec.Word2VecData}), skip-gram and CBOW on the project's engine
 * ({@link org.rnnsuite.word2vec.engine}) or on DL4J's {@code Word2Vec} ({@link org.rnnsuite.word2vec.Word2VecTrainer}),
 * the result also as DL4J's {@code WordVectors} ({@link org.rnnsuite.word2vec.Dl4jWordVectors}), the word2vec C binary and text formats
 * ({@link org.rnnsuite.common.embeddings.VectorsIO}), nearest words and analogies ({@link org.rnnsuite.common.embeddings.WordVectors}),
 * the standard evaluations ({@link org.rnnsuite.word2vec.AnalogyEvaluation},
 * {@link org.rnnsuite.word2vec.SimilarityEvaluation}), pretrained vectors as embedding-layer weights
 * ({@link org.rnnsuite.common.embeddings.PretrainedEmbeddings}) and the command line ({@link org.rnnsuite.word2vec.Word2VecCommand}).
 */
package org.rnnsuite.word2vec;
