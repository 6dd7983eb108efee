package org.rnnsuite.word2vec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
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
import org.rnnsuite.word2vec.engine.EngineConfig;
import org.rnnsuite.word2vec.engine.EngineState;
import org.rnnsuite.word2vec.engine.EngineVocab;
import org.rnnsuite.word2vec.engine.TokenCorpus;
import org.rnnsuite.word2vec.engine.Word2VecEngine;

/**
 * Trains word vectors, with the project's engine ({@link Word2VecEngine}, the default) or with DL4J's
 * {@link Word2Vec} ({@code --engine dl4j}).
 *
 * <p>The project's engine:
 * <ol>
 *   <li>reads and tokenises the corpus once, counting the tokens and keeping them as integer ids
 *       ({@link Word2VecData#encode}; in a memory-mapped file when the corpus is large compared with the heap);</li>
 *   <li>keeps the {@code --vocab-size} most frequent tokens ({@code [UNK]} for the others) and of those the ones seen
 *       at least {@code --min-count} times, most frequent first;</li>
 *   <li>trains skip-gram or CBOW with negative sampling and / or hierarchical softmax, threads sharing the weights
 *       without locks; after each epoch the state can be saved as a checkpoint and a run resumed from it.</li>
 * </ol>
 * DL4J's trainer:
 * <ol>
 *   <li>counting pass over the corpus and the {@code --vocab-size} vocabulary ({@link Word2VecData});</li>
 *   <li>DL4J's vocabulary is built from those counts: the tokens seen at least {@code --min-count} times (DL4J
 *       would otherwise read the corpus once more to count them);</li>
 *   <li>skip-gram ({@link SkipGram}) with negative sampling and hierarchical softmax explicitly off unless
 *       {@code --hs} (DL4J turns it on by default), sub-sampling, linear learning-rate decay; or, with
 *       {@code --cbow}, {@link CBOW} with hierarchical softmax and no negative sampling, because DL4J 1.0.0-M2.1's
 *       CBOW with negative sampling crashes a worker thread and never returns from {@code fit()}.</li>
 * </ol>
 * Either way the vectors come out sorted by corpus count, most frequent first, as gensim and the C tool write
 * them. Never prints (except a progress bar on a terminal and the lines given to the log), never exits.
 */
public final class Word2VecTrainer {
    /** Name of the checkpoint file that {@link Options#checkpoint()} usually points to. */
    public static final String CHECKPOINT_FILE = "checkpoint.w2v";
    private final Word2VecConfig config;

    /**
     * @param config the hyper-parameters
     */
    public Word2VecTrainer(Word2VecConfig config) {
        this.config = config;
    }

    /**
     * How a run reports and where it keeps its checkpoint (project engine only).
     *
     * @param quiet       true for no progress bar and no periodic progress lines
     * @param checkpoint  file the state is written to after each epoch, null for none
     * @param resume      true to continue from {@code checkpoint} if it exists
     * @param log         receives progress lines (words/s, learning rate, ETA) and one line per epoch
     * @param logSeconds  interval of the progress lines
     */
    public record Options(boolean quiet, Path checkpoint, boolean resume, Consumer<String> log, double logSeconds) {
        /**
         * @param quiet true for no progress output
         * @return options without checkpoint and without log
         */
        public static Options quiet(boolean quiet) {
            return new Options(quiet, null, false, line -> { }, 5);
        }
    }

    /**
     * What a training run produced.
     *
     * @param vectors        the word vectors with their corpus counts, most frequent first
     * @param corpus         statistics of the counting pass
     * @param countSeconds   wall time of the counting pass (with the project's engine: reading, tokenising and
     *                       counting, the only pass over the text)
     * @param fitSeconds     wall time after the counting pass: vocabulary, weight initialisation and training
     * @param trainSeconds   wall time of the training epochs alone
     * @param trainedTokens  corpus tokens fed to training by this call, all epochs (before min-count and
     *                       sub-sampling)
     * @param trainer        what trained, e.g. {@code fast engine: skip-gram+NS, batched, simd-16 kernels}
     * @param epochsDone     epochs finished, resumed ones included
     */
    public record Result(WordVectors vectors, Word2VecData.CorpusStats corpus, double countSeconds, double fitSeconds,
                         double trainSeconds, long trainedTokens, String trainer, int epochsDone) {
        /**
         * @return corpus tokens per second over the training epochs
         */
        public double trainWordsPerSecond() {
            return trainedTokens / trainSeconds;
        }

        /**
         * @return corpus tokens per second over the whole run (counting pass included)
         */
        public double fitWordsPerSecond() {
            return trainedTokens / (countSeconds + fitSeconds);
        }

        /**
         * @return the vectors as DL4J's {@code WordVectors} ({@code wordsNearest}, {@code similarity},
         * {@code getWordVector} ...), a copy
         */
        public org.deeplearning4j.models.embeddings.wordvectors.WordVectors dl4j() {
            return Dl4jWordVectors.of(vectors);
        }
    }

    /**
     * @param corpus a UTF-8 text file or a directory of {@code .txt} files
     * @param quiet  true to show no progress bar
     * @return the vectors and timings
     * @throws UserException for an empty corpus, a binary file, or a corpus where no word reaches the min count
     */
    public Result train(Path corpus, boolean quiet) {
        return train(corpus, Options.quiet(quiet));
    }

    /**
     * @param corpus  a UTF-8 text file or a directory of {@code .txt} files
     * @param options progress output and checkpoint
     * @return the vectors and timings
     * @throws UserException for an empty corpus, a binary file, a corpus where no word reaches the min count, or a
     *                       checkpoint of another run
     */
    public Result train(Path corpus, Options options) {
        return config.engine() == Word2VecConfig.Engine.FAST ? trainFast(corpus, options)
                : trainDl4j(corpus, options.quiet());
    }

    private Result trainFast(Path corpus, Options options) {
        List<Path> files = Word2VecData.corpusFiles(corpus);
        long bytes = 0;
        for (Path f : files) {
            try {
                bytes += Files.size(f);
            } catch (IOException e) {
                throw new UserException("cannot read corpus file " + f + ": " + e.getMessage(), e);
            }
        }
        // ids take about 0.8 bytes per byte of text; two copies exist while the vocabulary ids are assigned
        boolean spill = 2 * bytes > Runtime.getRuntime().maxMemory() / 2;
        Path spillDir = options.checkpoint() != null ? options.checkpoint().toAbsolutePath().getParent() : null;
        Path rawFile = spill ? tempFile(spillDir, "tokens-raw") : null;
        Path idFile = spill ? tempFile(spillDir, "tokens") : null;
        try {
            long t0 = System.nanoTime();
            Word2VecData.Encoded encoded;
            TokenCorpus raw;
            try (Progress p = Progress.start("reading", -1, "words", options.quiet())) {
                TokenCorpus.Builder b = TokenCorpus.builder(rawFile);
                encoded = Word2VecData.encode(corpus, b, p::stepBy);
                raw = b.build();
            }
            long t1 = System.nanoTime();
            Word2VecData.CorpusStats stats = encoded.stats();
            if (stats.tokens() == 0) {
                throw new UserException("corpus " + corpus + " contains no words");
            }
            Vocabulary vocabulary = Vocabulary.topN(stats.counts(), config.vocabSize());
            checkMinCount(corpus, stats, vocabulary);
            EngineVocab vocab = engineVocabulary(vocabulary, config.minCount());
            Map<String, Integer> index = new HashMap<>(vocab.size() * 2);
            for (int i = 0; i < vocab.size(); i++) {
                index.put(vocab.word(i), i);
            }
            int[] remap = new int[encoded.tokens().size()];
            for (int i = 0; i < remap.length; i++) {
                remap[i] = index.getOrDefault(vocabulary.map(encoded.tokens().get(i)), -1);
            }
            TokenCorpus ids = raw.map(id -> remap[id], idFile);
            raw = null;
            if (rawFile != null) {
                TokenCorpus.deleteSpill(rawFile);
            }

            EngineConfig ec = config.engineConfig();
            String corpusKey = stats.tokens() + " tokens, " + ids.words() + " in vocabulary";
            EngineState state = null;
            if (options.resume() && options.checkpoint() != null && Files.exists(options.checkpoint())) {
                state = EngineState.load(options.checkpoint());
                state.checkCompatible(ec, vocab, corpusKey);
                options.log().accept(String.format(Locale.ROOT, "resuming from %s after epoch %d of %d",
                        options.checkpoint(), state.epochsDone(), ec.epochs()));
            } else if (options.resume()) {
                options.log().accept("no checkpoint to resume from: training from the start");
            }
            if (state == null) {
                state = EngineState.initial(ec, vocab, corpusKey);
            }
            int startEpoch = state.epochsDone();
            Word2VecEngine engine = new Word2VecEngine(ec, vocab, ids);
            long t2 = System.nanoTime();
            Word2VecEngine.EpochListener onEpoch = (s, e) -> {
                if (options.checkpoint() != null) {
                    s.save(options.checkpoint());
                }
                options.log().accept(String.format(Locale.ROOT,
                        "EPOCH %d/%d: %,d words in %.1f s, %,.0f words/s, alpha %.5f%s", e.epoch(), e.epochs(),
                        e.words(), e.seconds(), e.wordsPerSecond(), e.alpha(),
                        options.checkpoint() != null ? ", checkpoint written" : ""));
                return true;
            };
            Word2VecEngine.ProgressListener onProgress = options.quiet() ? null : p ->
                    options.log().accept(String.format(Locale.ROOT,
                            "EPOCH %d/%d - PROGRESS: at %.2f%% words, %,.0f words/s, alpha %.5f, ETA %s", p.epoch(),
                            p.epochs(), 100 * p.fraction(), p.wordsPerSecond(), p.alpha(), eta(p.etaSeconds())));
            engine.train(state, onEpoch, onProgress, options.logSeconds());
            long t3 = System.nanoTime();
            WordVectors vectors = new WordVectors(vocab.words(), vocab.counts(), state.syn0(), ec.dim());
            String trainer = "fast engine: " + ec.modelName() + (ec.cbow() ? "" : ec.batched() ? ", batched" : ", classic")
                    + ", " + ec.threads() + " thread(s), " + engine.kernelName() + " kernels";
            long trained = stats.tokens() * (state.epochsDone() - startEpoch);
            return new Result(vectors, stats, (t1 - t0) / 1e9, (t3 - t1) / 1e9, (t3 - t2) / 1e9, trained, trainer,
                    state.epochsDone());
        } finally {
            if (rawFile != null) {
                TokenCorpus.deleteSpill(rawFile);
            }
            if (idFile != null) {
                TokenCorpus.deleteSpill(idFile);   // the mapping stays valid until the corpus is collected
            }
        }
    }

    private static Path tempFile(Path dir, String prefix) {
        try {
            if (dir != null) {
                Files.createDirectories(dir);
                return Files.createTempFile(dir, "." + prefix + "-", ".ids");
            }
            return Files.createTempFile(prefix + "-", ".ids");
        } catch (IOException e) {
            throw new UserException("cannot create a temporary file for the corpus ids: " + e.getMessage(), e);
        }
    }

    private static String eta(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /**
     * The engine's vocabulary: the preprocessing vocabulary's tokens counted at least {@code minCount} times, by
     * decreasing count (ties in the vocabulary's order).
     *
     * @param vocabulary the preprocessing vocabulary
     * @param minCount   the min count
     * @return the engine vocabulary
     */
    static EngineVocab engineVocabulary(Vocabulary vocabulary, int minCount) {
        List<String> kept = new ArrayList<>();
        for (String w : vocabulary.words()) {
            if (vocabulary.count(w) >= minCount) {
                kept.add(w);
            }
        }
        kept.sort(Comparator.<String>comparingLong(vocabulary::count).reversed());
        long[] counts = new long[kept.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = vocabulary.count(kept.get(i));
        }
        return new EngineVocab(kept, counts);
    }

    private Result trainDl4j(Path corpus, boolean quiet) {
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
        return new Result(vectors, stats, countSeconds, (t2 - t1) / 1e9, trainSeconds,
                stats.tokens() * config.epochs(), trainer, config.epochs());
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
