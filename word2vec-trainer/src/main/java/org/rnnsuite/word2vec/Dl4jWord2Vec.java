package org.rnnsuite.word2vec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.models.embeddings.inmemory.InMemoryLookupTable;
import org.deeplearning4j.models.embeddings.learning.impl.elements.CBOW;
import org.deeplearning4j.models.embeddings.learning.impl.elements.SkipGram;
import org.deeplearning4j.models.word2vec.Huffman;
import org.deeplearning4j.models.word2vec.VocabWord;
import org.deeplearning4j.models.word2vec.wordstore.inmemory.AbstractCache;
import org.deeplearning4j.models.word2vec.Word2Vec;
import org.deeplearning4j.text.sentenceiterator.SentenceIterator;
import org.deeplearning4j.text.sentenceiterator.SentencePreProcessor;
import org.deeplearning4j.text.tokenization.tokenizerfactory.DefaultTokenizerFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnnsuite.common.run.Progress;
import java.util.Map;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.WordVectors;

/**
 * Word2vec with DL4J's own trainer ({@code --engine dl4j}): the counting pass and vocabulary are this module's,
 * the training is DL4J's {@link Word2Vec} (skip-gram with negative sampling, or CBOW with hierarchical softmax).
 */
final class Dl4jWord2Vec {
    private final Word2VecTrainer trainer;
    private final Word2VecConfig config;

    /** @param trainer the trainer whose configuration and checks are used */
    Dl4jWord2Vec(Word2VecTrainer trainer) {
        this.trainer = trainer;
        this.config = trainer.config();
    }

    /**
     * Trains with DL4J's {@link Word2Vec} and reports the result to the run once (DL4J trains all epochs in one
     * call, so such a run cannot be resumed).
     *
     * @param corpus a UTF-8 text file or a directory of {@code .txt} files
     * @param run    the run
     * @return the vectors and timings
     */
    Word2VecTrainer.Result train(Path corpus, TrainingRun run) {
        boolean quiet = run.options().quiet();
        Seeds.init(config.seed());
        List<Path> files = Word2VecData.corpusFiles(corpus);

        long t0 = System.nanoTime();
        Word2VecData.CorpusStats stats;
        try (Progress p = Progress.start("counting", -1, "words", quiet)) {
            stats = Word2VecData.count(corpus, p::stepBy);
        }
        double countSeconds = (System.nanoTime() - t0) / 1e9;
        if (stats.tokens() == 0) {
            throw new UserException("corpus " + corpus + " contains no words");
        }
        Vocabulary vocabulary = Vocabulary.topN(stats.counts(), config.vocabSize());
        trainer.checkMinCount(corpus, stats, vocabulary);

        long passes = config.epochs();
        TimedSentences sentences;
        Word2Vec w2v;
        long t1;
        try (Progress p = Progress.start(config.cbow() ? "cbow" : "skip-gram", stats.tokens() * passes, "words", quiet)) {
            sentences = new TimedSentences(Word2VecData.sentences(files, vocabulary, p::stepBy));
            w2v = new Word2Vec.Builder()
                    .iterate(sentences)
                    .vocabCache(dl4jVocabulary(vocabulary, config.minCount()))
                    .resetModel(false)
                    .tokenizerFactory(new DefaultTokenizerFactory())
                    .allowParallelTokenization(false)
                    .layerSize(config.vectorSize())
                    .windowSize(config.window())
                    .minWordFrequency(config.minCount())
                    .epochs(config.epochs())
                    .iterations(1)
                    .learningRate(config.learningRate())
                    .minLearningRate(config.minLearningRate())
                    .sampling(config.sample())
                    .elementsLearningAlgorithm(config.cbow() ? new CBOW<VocabWord>() : new SkipGram<VocabWord>())
                    .useHierarchicSoftmax(config.cbow() || config.hs())
                    .negativeSample(config.cbow() ? 0 : config.negative())
                    .workers(config.threads())
                    .seed(config.seed())
                    .build();
            t1 = System.nanoTime();
            w2v.fit();
        }
        long t2 = System.nanoTime();
        long trainStart = sentences.trainingStart(config.epochs());
        double trainSeconds = (t2 - (trainStart > 0 ? trainStart : t1)) / 1e9;
        WordVectors vectors = extract(w2v);
        String trainer = "DL4J Word2Vec: " + (config.cbow() ? "CBOW+HS" : "skip-gram" + (config.hs() ? "+HS" : "")
                + (config.negative() > 0 ? "+NS" : "")) + ", " + config.threads() + " worker(s)";
        Word2VecTrainer.Result r = new Word2VecTrainer.Result(vectors, stats, countSeconds, (t2 - t1) / 1e9, trainSeconds,
                stats.tokens() * config.epochs(), trainer, config.epochs());
        // DL4J trains all epochs in one call: one report, the vectors without a state to continue from
        run.report(new EngineSnapshot(vectors, null), config.epochs(), Map.of("words", (double) r.trainedTokens(),
                "words_per_second", r.trainWordsPerSecond(), "learning_rate", config.minLearningRate()));
        return r;
    }

    /**
     * DL4J's vocabulary built from the counting pass, so that DL4J does not read the corpus once more to build its
     * own: the tokens counted at least {@code minCount} times, with their counts, indexed by decreasing count, with
     * their Huffman codes (used by hierarchical softmax) — what DL4J's {@code VocabConstructor} would produce.
     *
     * @param vocabulary the preprocessing vocabulary
     * @param minCount   DL4J's {@code minWordFrequency}
     * @return the vocabulary cache to give to {@link Word2Vec.Builder#vocabCache}
     */
    static AbstractCache<VocabWord> dl4jVocabulary(Vocabulary vocabulary, int minCount) {
        AbstractCache<VocabWord> cache = new AbstractCache.Builder<VocabWord>().build();
        for (String word : vocabulary.words()) {
            long count = vocabulary.count(word);
            if (count >= minCount) {
                cache.addToken(new VocabWord(count, word));
            }
        }
        Huffman huffman = new Huffman(cache.vocabWords());
        huffman.build();
        huffman.applyIndexes(cache);
        cache.updateWordsOccurrences();
        return cache;
    }

    /**
     * Copies DL4J's vocabulary and input vectors (syn0), most frequent word first.
     *
     * @param w2v a trained model
     * @return its vectors with their counts
     */
    static WordVectors extract(Word2Vec w2v) {
        List<VocabWord> words = new ArrayList<>(w2v.getVocab().vocabWords());
        words.sort(Comparator.comparingDouble(VocabWord::getElementFrequency).reversed()
                .thenComparingInt(VocabWord::getIndex));
        @SuppressWarnings("unchecked")
        INDArray syn0 = ((InMemoryLookupTable<VocabWord>) w2v.lookupTable()).getSyn0();
        int d = (int) syn0.columns();
        float[] all = syn0.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] data = new float[words.size() * d];
        long[] counts = new long[words.size()];
        List<String> labels = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            VocabWord w = words.get(i);
            System.arraycopy(all, w.getIndex() * d, data, i * d, d);
            counts[i] = (long) w.getElementFrequency();
            labels.add(w.getLabel());
        }
        return new WordVectors(labels, counts, data, d);
    }

    /** Records when DL4J starts each pass over the sentences (one per epoch, after a first reset). */
    private static final class TimedSentences implements SentenceIterator {
        private final SentenceIterator delegate;
        private final List<Long> resets = new java.util.concurrent.CopyOnWriteArrayList<>();

        TimedSentences(SentenceIterator delegate) {
            this.delegate = delegate;
        }

        /** @return nanoTime of the reset that started the first of the last {@code epochs} passes, or 0 */
        long trainingStart(int epochs) {
            return resets.size() >= epochs ? resets.get(resets.size() - epochs) : 0;
        }

        @Override
        public String nextSentence() {
            return delegate.nextSentence();
        }

        @Override
        public boolean hasNext() {
            return delegate.hasNext();
        }

        @Override
        public void reset() {
            resets.add(System.nanoTime());
            delegate.reset();
        }

        @Override
        public void finish() {
            delegate.finish();
        }

        @Override
        public SentencePreProcessor getPreProcessor() {
            return delegate.getPreProcessor();
        }

        @Override
        public void setPreProcessor(SentencePreProcessor preProcessor) {
            delegate.setPreProcessor(preProcessor);
        }
    }
}
