/**
 * Word vectors: the standard text and binary files (those of the original C tool and gensim), in-memory look-ups
 * (nearest words, analogies) and pretrained embedding matrices for a network's embedding layer. The word2vec
 * workflow writes these files; the translator reads them.
 */
package org.rnnsuite.common.embeddings;
