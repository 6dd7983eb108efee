package org.rnnsuite.word2vec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnnsuite.common.cli.CommonOptions;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.common.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import org.rnnsuite.common.embeddings.VectorsIO;

/** {@code word2vec train}: the training subcommand. */
public final class Word2VecTrainCommand {
    private Word2VecTrainCommand() {
    }

    // ------------------------------------------------------------------------------------------------- train

    /** {@code word2vec train}: trains and writes vectors.bin, vectors.txt, vocab.tsv, embeddings.png, and the
     * training run's files (metrics.csv, checkpoint.zip after each epoch, model.zip, run.json). */
    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Train word vectors on a text file or a directory of .txt files.")
    public static final class Train implements Callable<Integer> {
        private static final Word2VecConfig D = Word2VecConfig.defaults();

        /** This command's model, injected by picocli. */
        @Spec
        CommandSpec spec;

        /** Shared options: --seed, --out, --quiet, --debug. */
        @Mixin
        public CommonOptions common = new CommonOptions();

        /** The corpus. */
        @Option(names = "--corpus", required = true, paramLabel = "PATH",
                description = "UTF-8 text file, or directory of .txt files (read in path order)")
        public Path corpus;

        /** Vector size. */
        @Option(names = "--size", paramLabel = "D", description = "vector dimension (default: ${DEFAULT-VALUE})")
        public int size = D.vectorSize();

        /** Window. */
        @Option(names = "--window", paramLabel = "N",
                description = "max distance between target and context word (default: ${DEFAULT-VALUE})")
        public int window = D.window();

        /** Negative samples. */
        @Option(names = "--negative", paramLabel = "K",
                description = "noise words per pair, negative sampling (default: ${DEFAULT-VALUE}; not used with --cbow)")
        public int negative = D.negative();

        /** Sub-sampling. */
        @Option(names = "--sample", paramLabel = "T",
                description = "sub-sampling threshold of frequent words, 0 = off (default: ${DEFAULT-VALUE})")
        public double sample = D.sample();

        /** Min count. */
        @Option(names = "--min-count", paramLabel = "N",
                description = "ignore words seen fewer times (default: ${DEFAULT-VALUE})")
        public int minCount = D.minCount();

        /** Preprocessing vocabulary size. */
        @Option(names = "--vocab-size", paramLabel = "N",
                description = "keep the N most frequent words, map the others to [UNK] (default: ${DEFAULT-VALUE})")
        public int vocabSize = D.vocabSize();

        /** Epochs. */
        @Option(names = "--epochs", paramLabel = "N", description = "passes over the corpus (default: ${DEFAULT-VALUE})")
        public int epochs = D.epochs();

        /** Learning rate. */
        @Option(names = "--learning-rate", paramLabel = "LR",
                description = "initial learning rate, decayed linearly (default: ${DEFAULT-VALUE})")
        public double learningRate = D.learningRate();

        /** Minimum learning rate. */
        @Option(names = "--min-learning-rate", paramLabel = "LR",
                description = "floor of the learning rate (default: ${DEFAULT-VALUE})")
        public double minLearningRate = D.minLearningRate();

        /** Threads. */
        @Option(names = "--threads", paramLabel = "N",
                description = "training threads, sharing the weights without locks; with --engine dl4j the threads of "
                        + "DL4J's native op on each batch (DL4J 1.0.0-M2.1 reads sentences in one thread) "
                        + "(default: ${DEFAULT-VALUE})")
        public int threads = D.threads();

        /** CBOW. */
        @Option(names = "--cbow", description = "train CBOW instead of skip-gram; with --engine dl4j CBOW uses hierarchical "
                + "softmax only (DL4J's CBOW with negative sampling hangs) (default: ${DEFAULT-VALUE})")
        public boolean cbow = D.cbow();

        /** Hierarchical softmax. */
        @Option(names = "--hs", description = "hierarchical softmax, with negative sampling or alone (--negative 0) "
                + "(default: ${DEFAULT-VALUE})")
        public boolean hs = D.hs();

        /** Classic skip-gram update. */
        @Option(names = "--classic", description = "skip-gram: the classic update, one (context, word) pair at a time "
                + "with its own negative samples, instead of all contexts of a window against shared negative samples "
                + "(default: ${DEFAULT-VALUE})")
        public boolean classic = !D.batched();

        /** Engine. */
        @Option(names = "--engine", paramLabel = "NAME",
                description = "fast (the project's engine) or dl4j (DL4J's Word2Vec) (default: fast)")
        public String engine = "fast";

        /** Resume. */
        @Option(names = "--resume", description = "continue the run in --out DIR from its last finished epoch "
                + "(checkpoint.zip; fast engine) (default: ${DEFAULT-VALUE})")
        public boolean resume;

        /**
         * @return the configuration the options describe
         */
        public Word2VecConfig config() {
            Word2VecConfig.Engine e = switch (engine.toLowerCase(Locale.ROOT)) {
                case "fast" -> Word2VecConfig.Engine.FAST;
                case "dl4j" -> Word2VecConfig.Engine.DL4J;
                default -> throw new UserException("--engine must be fast or dl4j (got " + engine + ")");
            };
            return new Word2VecConfig(size, window, negative, sample, minCount, vocabSize, epochs, learningRate,
                    minLearningRate, threads, cbow, common.seed, hs, e, !classic);
        }

        /**
         * Runs the subcommand.
         *
         * @return exit code 0 (errors are thrown as {@link UserException})
         */
        @Override
        public Integer call() {
            Word2VecConfig config = config();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            boolean dl4j = config.engine() == Word2VecConfig.Engine.DL4J;
            if (dl4j && cbow) {
                err.println("note: --engine dl4j --cbow trains CBOW with hierarchical softmax; --negative is not used "
                        + "(DL4J 1.0.0-M2.1's CBOW with negative sampling hangs)");
                err.flush();
            }
            if (resume && common.out == null) {
                throw new UserException("--resume needs --out DIR: the run directory to continue");
            }
            RunOptions options = new RunOptions(common.outDir(Word2VecTrainer.WORKFLOW), resume, 0, 0, common.quiet);
            try (TrainingRun run = Word2VecTrainer.openRun(config, corpus, options)) {   // locked until written
                run.onLog(line -> {
                    err.println(line);
                    err.flush();
                });
                Path dir = run.dir();
                TrainingResult<Word2VecTrainer.Result> result = Word2VecTrainer.train(config, corpus, run);
                Word2VecTrainer.Result r = result.model();
                Word2VecData.CorpusStats s = r.corpus();
                out.printf(Locale.ROOT, "corpus: %d file(s), %,d words, %,d distinct, %,d lines, %,d invalid "
                        + "UTF-8 sequences replaced (counted in %.1f s)%n", s.files(), s.tokens(), s.counts().size(),
                        s.lines(), s.malformedBytes(), r.countSeconds());
                out.printf(Locale.ROOT, "trained (%s) on %,d words: %,.0f words/s over the epochs (%.1f s), %,.0f "
                        + "words/s including the counting pass (%.1f s)%n", r.trainer(),
                        r.trainedTokens(), r.trainWordsPerSecond(), r.trainSeconds(), r.fitWordsPerSecond(),
                        r.countSeconds() + r.fitSeconds());
                out.printf(Locale.ROOT, "vocabulary: %,d words of dimension %d (min count %d)%n", r.vectors().size(),
                        r.vectors().dim(), config.minCount());
                VectorsIO.write(r.vectors(), dir.resolve("vectors.bin"), VectorsIO.Format.BINARY);
                VectorsIO.write(r.vectors(), dir.resolve("vectors.txt"), VectorsIO.Format.TEXT);
                VectorsIO.writeVocab(r.vectors(), dir.resolve("vocab.tsv"));
                EmbeddingPlot.write(r.vectors(), Word2VecCommand.PLOT_WORDS, dir.resolve("embeddings.png"));
                out.println("wrote " + dir.resolve("vectors.bin") + ", vectors.txt, vocab.tsv, embeddings.png, "
                        + "model.zip, checkpoint.zip, metrics.csv, run.json");
                out.flush();
            }
            return 0;
        }
    }
}
