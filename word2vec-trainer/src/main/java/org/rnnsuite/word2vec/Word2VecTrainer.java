package org.rnnsuite.word2vec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.models.embeddings.learning.impl.elements.CBOW;
import org.deeplearning4j.models.embeddings.learning.impl.elements.SkipGram;
import org.deeplearning4j.models.word2vec.Word2Vec;
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
     * What a word2vec run with the project's engine reports after each epoch: the words, the speed, the learning rate
     * and the training loss (sampled; see {@link org.rnnsuite.word2vec.engine.Word2VecEngine.EpochStats}). There is
     * no validation metric, so {@code model.zip} holds the last epoch's vectors; only the number of threads may
     * change on resume (the epochs fix the learning-rate schedule).
     */
    public static final RunSpec SPEC = new RunSpec(WORKFLOW, "epoch",
            List.of("words", "words_per_second", "learning_rate", "loss"), null, false,
            List.of(new RunSpec.Chart("loss.png", "Training loss (negative sampling / softmax nodes)",
                            "mean loss per (word, output) pair", List.of("loss")),
                    new RunSpec.Chart("speed.png", "Training speed", "words per second",
                    List.of("words_per_second"))), Set.of("threads"));
    /** What a run with DL4J's Word2Vec reports, once at the end: DL4J does not expose its loss. */
    public static final RunSpec DL4J_SPEC = new RunSpec(WORKFLOW, "epoch",
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
        return TrainingRun.open(config.engine() == Word2VecConfig.Engine.DL4J ? DL4J_SPEC : SPEC, options, config,
                data, Map.of(), Map.of());
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
        Result r = config.engine() == Word2VecConfig.Engine.FAST ? new EngineWord2Vec(trainer).train(corpus, run)
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
