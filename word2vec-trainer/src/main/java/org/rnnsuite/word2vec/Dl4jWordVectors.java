package org.rnnsuite.word2vec;

import org.deeplearning4j.models.embeddings.inmemory.InMemoryLookupTable;
import org.deeplearning4j.models.embeddings.loader.WordVectorSerializer;
import org.deeplearning4j.models.word2vec.VocabWord;
import org.deeplearning4j.models.word2vec.wordstore.inmemory.AbstractCache;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnnsuite.common.embeddings.WordVectors;

/**
 * Word vectors as DL4J's {@link org.deeplearning4j.models.embeddings.wordvectors.WordVectors}, so that code written
 * for DL4J ({@code wordsNearest}, {@code similarity}, {@code getWordVector}, {@code getWordVectorMatrix} ...) works
 * on vectors trained by the project's engine or read from a word2vec file.
 */
public final class Dl4jWordVectors {
    private Dl4jWordVectors() {
    }

    /**
     * @param vectors the vectors (with their counts if they have them), most frequent first
     * @return DL4J's view of a copy of them: a vocabulary cache with the words at the same indices and a lookup
     * table whose {@code syn0} holds the vectors as float
     */
    public static org.deeplearning4j.models.embeddings.wordvectors.WordVectors of(WordVectors vectors) {
        AbstractCache<VocabWord> cache = new AbstractCache.Builder<VocabWord>().build();
        for (int i = 0; i < vectors.size(); i++) {
            VocabWord w = new VocabWord(vectors.hasCounts() ? vectors.count(i) : 1, vectors.word(i));
            w.setIndex(i);
            cache.addToken(w);
            cache.addWordToIndex(i, vectors.word(i));
        }
        float[] data = new float[vectors.size() * vectors.dim()];
        for (int i = 0; i < vectors.size(); i++) {
            System.arraycopy(vectors.vector(i), 0, data, i * vectors.dim(), vectors.dim());
        }
        InMemoryLookupTable<VocabWord> table = new InMemoryLookupTable.Builder<VocabWord>()
                .cache(cache).vectorLength(vectors.dim()).useAdaGrad(false).build();
        INDArray syn0 = Nd4j.create(data, new long[] {vectors.size(), vectors.dim()}, 'c');
        table.setSyn0(syn0);
        return WordVectorSerializer.fromTableAndVocab(table, cache);
    }
}
