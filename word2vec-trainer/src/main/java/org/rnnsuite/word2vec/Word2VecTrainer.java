package org.rnnsuite.word2vec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.WordVectors;

/**
 * Trains word vectors with DL4J's {@link Word2Vec}:
 * <ol>
 *   <li>counting pass over the corpus and the {@code --vocab-size} vocabulary ({@link Word2VecData});</li>
 *   <li>DL4J's vocabulary is built from those counts: the tokens seen at least {@code --min-count} times (DL4J
 *       would otherwise read the corpus once more to count them);</li>
 *   <li>skip-gram ({@link SkipGram}) with negative sampling and hierarchical softmax explicitly off (DL4J turns it
 *       on by default), sub-sampling, linear learning-rate decay; or, with {@code --cbow}, {@link CBOW} with
 *       hierarchical softmax and no negative sampling, because DL4J 1.0.0-M2.1's CBOW with negative sampling
 *       crashes a worker thread and never returns from {@code fit()};</li>
 *   <li>the vectors come out sorted by corpus count, most frequent first, as gensim and the C tool write them.</li>
 * </ol>
 * Never prints (except a progress bar on a terminal), never exits.
 */
public final class Word2VecTrainer {
    private final Word2VecConfig config;

    /**
     * @param config the hyper-parameters
     */
    public Word2VecTrainer(Word2VecConfig config) {
        this.config = config;
    }

    /**
     * What a training run produced.
     *
     * @param vectors        the word vectors with their corpus counts, most frequent first
     * @param corpus         statistics of the counting pass
     * @param countSeconds   wall time of the counting pass
     * @param fitSeconds     wall time of DL4J's {@code fit()} (weight initialisation and training)
     * @param trainSeconds   wall time of the training epochs alone
     * @param trainedTokens  corpus tokens fed to training, all epochs (before min-count and sub-sampling)
     */
    public record Result(WordVectors vectors, Word2VecData.CorpusStats corpus, double countSeconds, double fitSeconds,
                         double trainSeconds, long trainedTokens) {
        /**
         * @return corpus tokens per second over the training epochs
         */
        public double trainWordsPerSecond() {
            return trainedTokens / trainSeconds;
        }

        /**
         * @return corpus tokens per second over the whole of DL4J's {@code fit()} (vocabulary pass included)
         */
        public double fitWordsPerSecond() {
            return trainedTokens / (countSeconds + fitSeconds);
        }
    }

    /**
     * @param corpus a UTF-8 text file or a directory of {@code .txt} files
     * @param quiet  true to show no progress bar
     * @return the vectors and timings
     * @throws UserException for an empty corpus, a binary file, or a corpus where no word reaches the min count
     */
    public Result train(Path corpus, boolean quiet) {
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
        checkMinCount(corpus, stats, vocabulary);

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
                    .useHierarchicSoftmax(config.cbow())
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
        return new Result(vectors, stats, countSeconds, (t2 - t1) / 1e9, trainSeconds,
                stats.tokens() * config.epochs());
    }

    private void checkMinCount(Path corpus, Word2VecData.CorpusStats stats, Vocabulary vocabulary) {
        String top = null;
        long topCount = 0;
        for (String w : vocabulary.words()) {
            long c = vocabulary.count(w);
            if (c > topCount) {
                top = w;
                topCount = c;
            }
        }
        if (topCount < config.minCount()) {
            throw new UserException("no word of " + corpus + " occurs " + config.minCount() + " times (--min-count): the most"
                    + " frequent, '" + top + "', occurs " + topCount + " times in " + stats.tokens() + " words");
        }
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

    /**
     * @return the configuration
     */
    public Word2VecConfig config() {
        return config;
    }
}
