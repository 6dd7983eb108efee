package org.rnnsuite.spark;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.cli.SuiteVersion;
import org.rnnsuite.common.embeddings.VectorsIO;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.word2vec.EmbeddingPlot;
import org.rnnsuite.word2vec.Word2VecCommand;
import org.rnnsuite.word2vec.Word2VecConfig;
import org.rnnsuite.word2vec.Word2VecTrainCommand;
import org.rnnsuite.word2vec.Word2VecTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spark word2vec}: {@code word2vec train} on Spark with the suite's engine. Every option of {@code word2vec
 * train} (its command as a mixin, same defaults; {@code --threads} is not used: one thread per partition) plus the
 * Spark options; writes the same files.
 */
@Command(name = "word2vec", mixinStandardHelpOptions = true, versionProvider = SuiteVersion.class,
        description = "Train word vectors on Spark with the suite's skip-gram engine: each partition trains its slice "
                + "of the corpus in --rounds parts per epoch, and the partitions' changes are combined after each "
                + "part (options as for 'word2vec train', plus --master, --workers, --rounds and --merge); writes vectors.bin, vectors.txt, vocab.tsv, embeddings.png, model.zip, "
                + "checkpoint.zip, metrics.csv and run.json into --out.")
public class SparkWord2VecCommand implements Callable<Integer> {
    /** The options of {@code word2vec train} (a final class: its options come in as a mixin). */
    @Mixin
    Word2VecTrainCommand.Train single = new Word2VecTrainCommand.Train();

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "" + SparkWord2Vec.Sync.DEFAULT_ROUNDS,
            description = "parts of each partition's slice per epoch; the vectors are combined after each part "
                    + "(default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--merge", paramLabel = "RULE", defaultValue = "sum",
            description = "how the partitions' changes combine: sum (as threads sharing the weights) or mean (Spark "
                    + "MLlib's per-word mean) (default: ${DEFAULT-VALUE})")
    String merge;

    @Override
    public Integer call() {
        Word2VecConfig config = single.config();
        SparkWord2Vec.Sync sync = new SparkWord2Vec.Sync(rounds, SparkWord2Vec.Merge.parse(merge));
        SparkSettings settings = spark.settings();
        if (settings.mode() != SparkSettings.Mode.AVERAGING) {
            throw new UserException("--training-master sharing is for the DL4J networks: word2vec on Spark combines "
                    + "the vectors after each of its --rounds");
        }
        if (settings.averagingFrequency() != SparkSettings.DEFAULT_AVERAGING_FREQUENCY) {
            throw new UserException("--averaging-frequency does not apply to word2vec: use --rounds (how often per "
                    + "epoch the vectors are combined)");
        }
        Seeds.init(config.seed());
        RunOptions options = new RunOptions(single.resume && single.common.out == null ? null
                : single.common.outDir(Word2VecTrainer.WORKFLOW), single.resume, 0, 0, single.common.quiet);
        TrainingResult<Word2VecTrainer.Result> result;
        Path dir;
        try (JavaSparkContext sc = SparkContexts.start(settings, Word2VecTrainer.WORKFLOW);
             TrainingRun run = Word2VecTrainer.openRun(config, single.corpus, options)) {
            run.onLog(line -> {
                System.err.println(line);
                System.err.flush();
            });
            dir = run.dir();
            result = SparkWord2Vec.train(config, single.corpus, run, sc, settings, sync);
        }
        Word2VecTrainer.Result r = result.model();
        System.out.printf(Locale.ROOT, "corpus: %,d words, %,d distinct (read in %.1f s)%n", r.corpus().tokens(),
                r.corpus().counts().size(), r.countSeconds());
        System.out.printf(Locale.ROOT, "trained (%s) on %,d words: %,.0f words/s over the epochs (%.1f s)%n",
                r.trainer(), r.trainedTokens(), r.trainWordsPerSecond(), r.trainSeconds());
        System.out.printf(Locale.ROOT, "vocabulary: %,d words of dimension %d (min count %d)%n", r.vectors().size(),
                r.vectors().dim(), config.minCount());
        VectorsIO.write(r.vectors(), dir.resolve("vectors.bin"), VectorsIO.Format.BINARY);
        VectorsIO.write(r.vectors(), dir.resolve("vectors.txt"), VectorsIO.Format.TEXT);
        VectorsIO.writeVocab(r.vectors(), dir.resolve("vocab.tsv"));
        EmbeddingPlot.write(r.vectors(), Word2VecCommand.PLOT_WORDS, dir.resolve("embeddings.png"));
        System.out.println("wrote " + dir.resolve("vectors.bin") + ", vectors.txt, vocab.tsv, embeddings.png, "
                + "model.zip, checkpoint.zip, metrics.csv, run.json");
        return 0;
    }
}
