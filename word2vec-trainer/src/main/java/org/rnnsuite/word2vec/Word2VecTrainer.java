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
import org.deeplearning4j.models.embeddings.learning.impl.elements.CBOW;
import org.deeplearning4j.models.embeddings.learning.impl.elements.SkipGram;
import org.deeplearning4j.models.word2vec.Word2Vec;
import org.rnnsuite.common.run.Progress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.rnnsuite.common.run.DataFingerprint;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.RunSpec;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
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
    /** Workflow name recorded in model cards and run directories. */
    public static final String WORKFLOW = "word2vec";
    /**
     * What a word2vec run reports after each epoch. There is no validation metric, so {@code model.zip} holds the
     * last epoch's vectors; only the number of threads may change on resume (the epochs fix the learning-rate
     * schedule).
     */
    public static final RunSpec SPEC = new RunSpec(WORKFLOW, "epoch",
            List.of("words", "words_per_second", "learning_rate"), null, false,
            List.of(new RunSpec.Chart("speed.png", "Training speed", "words per second",
                    List.of("words_per_second"))), Set.of("threads"));
    /** Seconds between two progress lines while training. */
    static final double LOG_SECONDS = 5;
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
     * Opens a run for this workflow; the data fingerprint is the corpus files' names, sizes and SHA-256.
     *
     * @param config  the configuration
     * @param corpus  a UTF-8 text file or a directory of {@code .txt} files
     * @param options where and how the run is kept
     * @return the open run
     * @throws UserException for {@code --resume} with DL4J's engine, which cannot continue a run
     */
    public static TrainingRun openRun(Word2VecConfig config, Path corpus, RunOptions options) {
        if (options.resume() && config.engine() == Word2VecConfig.Engine.DL4J) {
            throw new UserException("--resume works with --engine fast only");
        }
        DataFingerprint data = DataFingerprint.ofFiles("text corpus", Word2VecData.corpusFiles(corpus));
        return TrainingRun.open(SPEC, options, config, data, Map.of(), Map.of());
    }

    /**
     * Trains, or continues the run's checkpoint, and reports every epoch to the run ({@code checkpoint.zip} after
     * each epoch, {@code model.zip} the vectors).
     *
     * @param config the hyper-parameters
     * @param corpus a UTF-8 text file or a directory of {@code .txt} files
     * @param run    the run (from {@link #openRun})
     * @return the result: its model holds the vectors and the timings
     * @throws UserException for an empty corpus, a binary file, a corpus where no word reaches the min count, or a
     *                       checkpoint that does not fit
     */
    public static TrainingResult<Result> train(Word2VecConfig config, Path corpus, TrainingRun run) {
        Word2VecTrainer trainer = new Word2VecTrainer(config);
        Result r = config.engine() == Word2VecConfig.Engine.FAST ? trainer.trainFast(corpus, run)
                : new Dl4jWord2Vec(trainer).train(corpus, run);
        Map<String, Object> finals = new LinkedHashMap<>();
        finals.put("corpusFiles", r.corpus().files());
        finals.put("corpusWords", r.corpus().tokens());
        finals.put("distinctWords", r.corpus().counts().size());
        finals.put("vocabularySize", r.vectors().size());
        finals.put("trainer", r.trainer());
        finals.put("trainedWords", r.trainedTokens());
        finals.put("trainWordsPerSecond", Math.round(r.trainWordsPerSecond()));
        finals.put("countSeconds", r.countSeconds());
        finals.put("trainSeconds", r.trainSeconds());
        return run.finish(r, finals, file -> r);
    }

    /**
     * Trains in memory, without files (library use, the notebook's section).
     *
     * @param corpus a UTF-8 text file or a directory of {@code .txt} files
     * @param quiet  true to show no progress bar
     * @return the vectors and timings
     */
    public Result train(Path corpus, boolean quiet) {
        try (TrainingRun run = openRun(config, corpus, new RunOptions(null, false, 0, 0, quiet))) {
            return train(config, corpus, run).model();
        }
    }

    private Result trainFast(Path corpus, TrainingRun run) {
        boolean quiet = run.options().quiet();
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
        Path spillDir = run.dir() != null ? run.dir().toAbsolutePath() : null;
        Path rawFile = spill ? tempFile(spillDir, "tokens-raw") : null;
        Path idFile = spill ? tempFile(spillDir, "tokens") : null;
        try {
            long t0 = System.nanoTime();
            Word2VecData.Encoded encoded;
            TokenCorpus raw;
            try (Progress p = Progress.start("reading", -1, "words", quiet)) {
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
            EngineState state;
            if (run.isResumed()) {
                state = EngineSnapshot.readState(run.dir().resolve(TrainingRun.CHECKPOINT_FILE));
                state.checkCompatible(ec, vocab, corpusKey);
                run.log(String.format(Locale.ROOT, "resuming %s after epoch %d of %d", run.dir(),
                        state.epochsDone(), ec.epochs()));
            } else {
                state = EngineState.initial(ec, vocab, corpusKey);
            }
            int startEpoch = state.epochsDone();
            Word2VecEngine engine = new Word2VecEngine(ec, vocab, ids);
            long t2 = System.nanoTime();
            double[] epochSeconds = {0};   // the epochs' own time, without the checkpoints between them
            Word2VecEngine.EpochListener onEpoch = (s, e) -> {
                epochSeconds[0] += e.seconds();
                WordVectors now = new WordVectors(vocab.words(), vocab.counts(), s.syn0(), ec.dim());
                boolean goOn = run.report(new EngineSnapshot(now, s), e.epoch(), Map.of("words", (double) e.words(),
                        "words_per_second", e.wordsPerSecond(), "learning_rate", e.alpha()));
                run.log(String.format(Locale.ROOT, "EPOCH %d/%d: %,d words in %.1f s, %,.0f words/s, alpha %.5f%s",
                        e.epoch(), e.epochs(), e.words(), e.seconds(), e.wordsPerSecond(), e.alpha(),
                        run.dir() != null ? ", checkpoint written" : ""));
                return goOn;
            };
            Word2VecEngine.ProgressListener onProgress = quiet ? null : p ->
                    run.log(String.format(Locale.ROOT,
                            "EPOCH %d/%d - PROGRESS: at %.2f%% words, %,.0f words/s, alpha %.5f, ETA %s", p.epoch(),
                            p.epochs(), 100 * p.fraction(), p.wordsPerSecond(), p.alpha(), eta(p.etaSeconds())));
            engine.train(state, onEpoch, onProgress, LOG_SECONDS);
            long t3 = System.nanoTime();
            WordVectors vectors = new WordVectors(vocab.words(), vocab.counts(), state.syn0(), ec.dim());
            String trainer = "fast engine: " + ec.modelName() + (ec.cbow() ? "" : ec.batched() ? ", batched" : ", classic")
                    + ", " + ec.threads() + " thread(s), " + engine.kernelName() + " kernels";
            long trained = stats.tokens() * (state.epochsDone() - startEpoch);
            return new Result(vectors, stats, (t1 - t0) / 1e9, (t3 - t1) / 1e9, epochSeconds[0], trained, trainer,
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

    void checkMinCount(Path corpus, Word2VecData.CorpusStats stats, Vocabulary vocabulary) {
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
     * @return the configuration
     */
    public Word2VecConfig config() {
        return config;
    }
}
