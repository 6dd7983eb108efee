package org.rnnsuite.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.WordVectors;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.word2vec.EngineSnapshot;
import org.rnnsuite.word2vec.Vocabulary;
import org.rnnsuite.word2vec.Word2VecConfig;
import org.rnnsuite.word2vec.Word2VecData;
import org.rnnsuite.word2vec.Word2VecTrainer;
import org.rnnsuite.word2vec.engine.EngineConfig;
import org.rnnsuite.word2vec.engine.EngineState;
import org.rnnsuite.word2vec.engine.EngineVocab;
import org.rnnsuite.word2vec.engine.TokenCorpus;

/**
 * Word2vec on Spark with the suite's own skip-gram engine, the scheme of Spark MLlib's Word2Vec: the driver reads
 * the corpus and builds the vocabulary as the single-machine trainer does, cuts the corpus into one slice per
 * partition (at sentence ends) and caches the slices on the executors. An epoch is {@link Sync#rounds()} rounds: each
 * round it broadcasts the weights, every partition trains the round's part of its slice ({@link Word2VecSlice}), and
 * the partitions' changes are combined ({@link Merge}): summed by default, as threads sharing one copy of the weights
 * would have applied them, or averaged per word as Spark MLlib's Word2Vec does (one round per epoch). Every epoch is reported to the word2vec {@link TrainingRun} (checkpoint with the
 * engine's state, so {@code --resume} continues), and the result is the single-machine trainer's, so the same
 * vector files are written.
 */
public final class SparkWord2Vec {
    private SparkWord2Vec() {
    }

    /** How the changes of the partitions combine into the next round's weights. */
    public enum Merge {
        /** Each row moves by the sum of the partitions' changes: what threads sharing one copy of the weights do. */
        SUM,
        /** Each row moves by the mean change of the partitions that changed it: Spark MLlib's Word2Vec. */
        MEAN;

        /**
         * @param name {@code sum} or {@code mean}, any case
         * @return the merge
         * @throws UserException for another name
         */
        public static Merge parse(String name) {
            for (Merge m : values()) {
                if (m.toString().equalsIgnoreCase(name.strip())) {
                    return m;
                }
            }
            throw new UserException("--merge must be sum or mean, got '" + name + "'");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * When and how the partitions' vectors are combined.
     *
     * @param rounds rounds per epoch: each partition trains its slice in this many parts, and the vectors are
     *               combined after each part
     * @param merge  how the changes combine
     */
    public record Sync(int rounds, Merge merge) {
        /** Rounds per epoch unless {@code --rounds} says otherwise. */
        public static final int DEFAULT_ROUNDS = 30;
        /** The merge unless {@code --merge} says otherwise. */
        public static final Merge DEFAULT_MERGE = Merge.SUM;
        /** The defaults. */
        public static final Sync DEFAULT = new Sync(DEFAULT_ROUNDS, DEFAULT_MERGE);

        /** @throws UserException unless there is at least one round */
        public Sync {
            if (rounds < 1) {
                throw new UserException("--rounds must be at least 1, got " + rounds);
            }
        }

        @Override
        public String toString() {
            return "vectors combined (" + merge + " of the changes) " + rounds + (rounds == 1 ? " time" : " times")
                    + " per epoch";
        }
    }

    /**
     * @param config   the word2vec configuration (the fast engine's settings; {@code threads} is not used: each
     *                 partition trains with one thread)
     * @param corpus   a UTF-8 text file or a directory of {@code .txt} files
     * @param run      the run, opened with {@link Word2VecTrainer#openRun}
     * @param sc       the Spark context
     * @param settings the Spark settings ({@code workers} = corpus slices)
     * @param sync     how often and how the partitions' vectors are combined
     * @return the result: the vectors and timings
     */
    public static TrainingResult<Word2VecTrainer.Result> train(Word2VecConfig config, Path corpus, TrainingRun run,
                                                               JavaSparkContext sc, SparkSettings settings,
                                                               Sync sync) {
        if (config.engine() != Word2VecConfig.Engine.FAST) {
            throw new UserException("word2vec on Spark trains with the suite's engine only (--engine fast)");
        }
        long t0 = System.nanoTime();
        TokenCorpus.Builder b = TokenCorpus.builder(null);
        Word2VecData.Encoded encoded = Word2VecData.encode(corpus, b, n -> { });
        TokenCorpus raw = b.build();
        Word2VecData.CorpusStats stats = encoded.stats();
        if (stats.tokens() == 0) {
            throw new UserException("corpus " + corpus + " contains no words");
        }
        Vocabulary top = Vocabulary.topN(stats.counts(), config.vocabSize());
        EngineVocab vocab = vocabulary(top, config.minCount(), corpus);
        Map<String, Integer> index = new HashMap<>(vocab.size() * 2);
        for (int i = 0; i < vocab.size(); i++) {
            index.put(vocab.word(i), i);
        }
        int[] remap = new int[encoded.tokens().size()];
        for (int i = 0; i < remap.length; i++) {
            remap[i] = index.getOrDefault(top.map(encoded.tokens().get(i)), -1);
        }
        TokenCorpus ids = raw.map(id -> remap[id], null);
        long t1 = System.nanoTime();

        EngineConfig ec = config.engineConfig();
        String corpusKey = stats.tokens() + " tokens, " + ids.words() + " in vocabulary";
        EngineState state;
        if (run.isResumed()) {
            state = EngineSnapshot.readState(run.dir().resolve(TrainingRun.CHECKPOINT_FILE));
            state.checkCompatible(ec, vocab, corpusKey);
            run.log(String.format(Locale.ROOT, "resuming %s after epoch %d of %d", run.dir(), state.epochsDone(),
                    ec.epochs()));
        } else {
            state = EngineState.initial(ec, vocab, corpusKey);
        }
        int workers = SparkContexts.workers(sc, settings);
        JavaRDD<int[]> slices = sc.parallelize(slices(ids, workers), workers).persist(StorageLevel.MEMORY_ONLY());
        double trainSeconds = 0;
        int startEpoch = state.epochsDone();
        Word2VecSlice.Settings job = Word2VecSlice.Settings.of(ec);
        int rounds = sync.rounds();
        for (int epoch = startEpoch + 1; epoch <= ec.epochs(); epoch++) {
            long e0 = System.nanoTime();
            Word2VecSlice.Weights weights = new Word2VecSlice.Weights(vocab.words(), vocab.counts(), state.syn0(),
                    state.syn1neg(), state.syn1());
            long words = 0;
            double lossWords = 0;
            for (int round = 1; round <= rounds; round++) {
                Broadcast<Word2VecSlice.Weights> start = sc.broadcast(weights);
                int e = epoch;
                int r = round;
                Word2VecSlice.Delta sum = slices.mapPartitionsWithIndex((p, it) -> {
                    List<Word2VecSlice.Delta> out = new ArrayList<>();
                    while (it.hasNext()) {
                        out.add(Word2VecSlice.train(job, p, e, r, rounds, it.next(), start.value()));
                    }
                    return out.iterator();
                }, true).reduce(Word2VecSlice.Delta::plus);
                start.destroy();
                Word2VecSlice.merge(weights, sum, ec.dim(), sync.merge());
                words += sum.words();
                lossWords += sum.lossWords();
            }
            double loss = words == 0 ? 0 : lossWords / words;
            double seconds = (System.nanoTime() - e0) / 1e9;
            trainSeconds += seconds;
            state = EngineState.of(ec, vocab, corpusKey, weights.syn0(), weights.syn1neg(), weights.syn1(), epoch,
                    (long) epoch * ids.words());
            double alpha = ec.alpha() - (ec.alpha() - ec.minAlpha()) * epoch / ec.epochs();
            WordVectors now = new WordVectors(vocab.words(), vocab.counts(), state.syn0(), ec.dim());
            run.log(String.format(Locale.ROOT, "EPOCH %d/%d: %,d words in %.1f s, %,.0f words/s on %d workers, "
                            + "alpha %.5f, loss %.4f", epoch, ec.epochs(), words, seconds, words / seconds, workers,
                    alpha, loss));
            if (!run.report(new EngineSnapshot(now, state), epoch, Map.of("words", (double) words,
                    "words_per_second", words / seconds, "learning_rate", alpha, "loss", loss))) {
                break;
            }
        }
        slices.unpersist();
        WordVectors vectors = new WordVectors(vocab.words(), vocab.counts(), state.syn0(), ec.dim());
        long trained = stats.tokens() * (state.epochsDone() - startEpoch);
        String trainer = "fast engine on Spark " + sc.master() + ": " + ec.modelName() + ", " + workers
                + " partitions of 1 thread, " + sync;
        Word2VecTrainer.Result r = new Word2VecTrainer.Result(vectors, stats, (t1 - t0) / 1e9,
                (System.nanoTime() - t1) / 1e9, trainSeconds, trained, trainer, state.epochsDone());
        Map<String, Object> finals = new LinkedHashMap<>();
        finals.put("corpusWords", stats.tokens());
        finals.put("vocabularySize", vectors.size());
        finals.put("trainer", trainer);
        finals.put("trainedWords", trained);
        finals.put("trainWordsPerSecond", Math.round(r.trainWordsPerSecond()));
        finals.putAll(SparkMnistTrainer.describeCluster(sc, workers, trained, trainSeconds));
        finals.put("rounds_per_epoch", sync.rounds());
        finals.put("merge", sync.merge().toString());
        return run.finish(r, finals, file -> r);
    }

    /**
     * @param ids     the corpus as ids
     * @param workers number of slices
     * @return the slices, each starting at a sentence start
     */
    static List<int[]> slices(TokenCorpus ids, int workers) {
        long[] bounds = ids.slices(workers);
        List<int[]> out = new ArrayList<>();
        for (int p = 0; p < workers; p++) {
            int[] s = new int[Math.toIntExact(bounds[p + 1] - bounds[p])];
            for (int i = 0; i < s.length; i++) {
                s[i] = ids.get(bounds[p] + i);
            }
            out.add(s);
        }
        return out;
    }

    /**
     * The engine's vocabulary, as the single-machine trainer builds it: the words counted at least {@code minCount}
     * times, by decreasing count (ties in the vocabulary's order).
     */
    static EngineVocab vocabulary(Vocabulary vocabulary, int minCount, Path corpus) {
        List<String> kept = new ArrayList<>();
        for (String w : vocabulary.words()) {
            if (vocabulary.count(w) >= minCount) {
                kept.add(w);
            }
        }
        if (kept.isEmpty()) {
            throw new UserException("no word of " + corpus + " occurs " + minCount + " times (--min-count)");
        }
        kept.sort(Comparator.<String>comparingLong(vocabulary::count).reversed());
        long[] counts = new long[kept.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = vocabulary.count(kept.get(i));
        }
        return new EngineVocab(kept, counts);
    }
}
