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
import org.rnnsuite.common.run.Progress;
import java.util.Map;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.WordVectors;
import org.rnnsuite.word2vec.engine.EngineConfig;
import org.rnnsuite.word2vec.engine.EngineState;
import org.rnnsuite.word2vec.engine.EngineVocab;
import org.rnnsuite.word2vec.engine.TokenCorpus;
import org.rnnsuite.word2vec.engine.Word2VecEngine;

/**
 * Word2vec with the project's engine ({@code --engine fast}, the default): one pass reads and tokenises the corpus
 * into ids, the vocabulary keeps the words of at least {@code --min-count} occurrences, and
 * {@link Word2VecEngine} trains, reporting every epoch to the {@link TrainingRun}.
 */
final class EngineWord2Vec {
    private final Word2VecTrainer trainer;
    private final Word2VecConfig config;

    /** @param trainer the trainer whose configuration and checks are used */
    EngineWord2Vec(Word2VecTrainer trainer) {
        this.trainer = trainer;
        this.config = trainer.config();
    }

    /**
     * Trains with the project's engine, reporting every epoch to the run (which checkpoints the engine's state),
     * or continues the run's checkpoint.
     *
     * @param corpus a UTF-8 text file or a directory of {@code .txt} files
     * @param run    the run
     * @return the vectors and timings
     */
    Word2VecTrainer.Result train(Path corpus, TrainingRun run) {
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
            trainer.checkMinCount(corpus, stats, vocabulary);
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
                        "words_per_second", e.wordsPerSecond(), "learning_rate", e.alpha(), "loss", e.loss()));
                run.log(String.format(Locale.ROOT, "EPOCH %d/%d: %,d words in %.1f s, %,.0f words/s, alpha %.5f, loss %.4f%s",
                        e.epoch(), e.epochs(), e.words(), e.seconds(), e.wordsPerSecond(), e.alpha(), e.loss(),
                        run.dir() != null ? ", checkpoint written" : ""));
                return goOn;
            };
            Word2VecEngine.ProgressListener onProgress = quiet ? null : p ->
                    run.log(String.format(Locale.ROOT,
                            "EPOCH %d/%d - PROGRESS: at %.2f%% words, %,.0f words/s, alpha %.5f, ETA %s", p.epoch(),
                            p.epochs(), 100 * p.fraction(), p.wordsPerSecond(), p.alpha(), eta(p.etaSeconds())));
            engine.train(state, onEpoch, onProgress, Word2VecTrainer.LOG_SECONDS);
            long t3 = System.nanoTime();
            WordVectors vectors = new WordVectors(vocab.words(), vocab.counts(), state.syn0(), ec.dim());
            String trainer = "fast engine: " + ec.modelName() + (ec.cbow() ? "" : ec.batched() ? ", batched" : ", classic")
                    + ", " + ec.threads() + " thread(s), " + engine.kernelName() + " kernels";
            long trained = stats.tokens() * (state.epochsDone() - startEpoch);
            return new Word2VecTrainer.Result(vectors, stats, (t1 - t0) / 1e9, (t3 - t1) / 1e9, epochSeconds[0], trained, trainer,
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
                // named like a save's temporary file: removed with a killed run's leftovers
                return Files.createTempFile(dir, "." + prefix + "-", ".ids.tmp");
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
}
