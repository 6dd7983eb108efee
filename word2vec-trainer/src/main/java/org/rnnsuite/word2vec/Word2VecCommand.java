package org.rnnsuite.word2vec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.text.sentenceiterator.SentenceIterator;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.cli.Cli;
import org.rnnsuite.common.cli.CommonOptions;
import org.rnnsuite.common.run.Progress;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.common.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import org.rnnsuite.common.embeddings.VectorsIO;
import org.rnnsuite.common.embeddings.WordVectors;

/**
 * {@code ./rnn word2vec}: train word vectors, query them, evaluate them.
 * <pre>
 * word2vec train --corpus PATH [--size 100] [--window 5] [--negative 5] [--sample 1e-3] [--min-count 5]
 *                [--vocab-size 50000] [--epochs 1] [--threads 2] [--cbow] [--hs] [--classic]
 *                [--engine fast|dl4j] [--out DIR] [--resume]
 * word2vec nearest  --vectors FILE WORD [-k 10] [--limit N]
 * word2vec analogy  --vectors FILE A B C [-k 10] [--limit N]          (A is to B as C is to ?)
 * word2vec evaluate --vectors FILE --analogies FILE [--similarity FILE] [--restrict 300000] [--limit N]
 * word2vec preprocess --corpus PATH --output FILE [--vocab-size 50000]
 * word2vec convert  --vectors FILE --output FILE [--format binary|text] [--limit N]
 * </pre>
 */
@Command(name = "word2vec", mixinStandardHelpOptions = true, version = "word2vec-trainer 0.1.0 (Deeplearning4j 1.0.0-M2.1)",
        description = "Word vectors: skip-gram or CBOW with negative sampling or hierarchical softmax (the project's "
                + "engine, or DL4J Word2Vec), nearest words, analogies, evaluation, word2vec binary and text files.",
        subcommands = {Word2VecCommand.Train.class, Word2VecCommand.Nearest.class, Word2VecCommand.Analogy.class,
                Word2VecCommand.Evaluate.class, Word2VecCommand.Preprocess.class, Word2VecCommand.Convert.class})
public final class Word2VecCommand implements Callable<Integer> {
    /** Number of most frequent words drawn in {@code embeddings.png}. */
    public static final int PLOT_WORDS = 300;

    /**
     * @param args command-line arguments
     */
    public static void main(String... args) {
        System.exit(Cli.execute(new Word2VecCommand(), args));
    }

    /** Without a subcommand: a usage error. */
    @Override
    public Integer call() {
        throw new UserException("missing subcommand: train, nearest, analogy, evaluate, preprocess or convert (see word2vec --help)");
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
            RunOptions options = new RunOptions(resume && common.out == null ? null
                    : common.outDir(Word2VecTrainer.WORKFLOW), resume, 0, 0, common.quiet);
            TrainingResult<Word2VecTrainer.Result> result;
            Path dir;
            try (TrainingRun run = Word2VecTrainer.openRun(config, corpus, options)) {
                run.onLog(line -> {
                    err.println(line);
                    err.flush();
                });
                dir = run.dir();
                result = Word2VecTrainer.train(config, corpus, run);
            }
            Word2VecTrainer.Result r = result.model();
            Word2VecData.CorpusStats s = r.corpus();
            out.printf(Locale.ROOT, "corpus: %d file(s), %,d words, %,d distinct, %,d lines, %,d invalid UTF-8 "
                    + "sequences replaced (counted in %.1f s)%n", s.files(), s.tokens(), s.counts().size(), s.lines(),
                    s.malformedBytes(), r.countSeconds());
            out.printf(Locale.ROOT, "trained (%s) on %,d words: %,.0f words/s over the epochs (%.1f s), %,.0f words/s "
                    + "including the counting pass (%.1f s)%n", r.trainer(),
                    r.trainedTokens(), r.trainWordsPerSecond(), r.trainSeconds(), r.fitWordsPerSecond(),
                    r.countSeconds() + r.fitSeconds());
            out.printf(Locale.ROOT, "vocabulary: %,d words of dimension %d (min count %d)%n", r.vectors().size(),
                    r.vectors().dim(), config.minCount());
            VectorsIO.write(r.vectors(), dir.resolve("vectors.bin"), VectorsIO.Format.BINARY);
            VectorsIO.write(r.vectors(), dir.resolve("vectors.txt"), VectorsIO.Format.TEXT);
            VectorsIO.writeVocab(r.vectors(), dir.resolve("vocab.tsv"));
            EmbeddingPlot.write(r.vectors(), PLOT_WORDS, dir.resolve("embeddings.png"));
            out.println("wrote " + dir.resolve("vectors.bin") + ", vectors.txt, vocab.tsv, embeddings.png, model.zip, "
                    + "checkpoint.zip, metrics.csv, run.json");
            out.flush();
            return 0;
        }
    }

    // ------------------------------------------------------------------------------------------------- queries

    /** {@code word2vec nearest}: the words closest to a word. */
    @Command(name = "nearest", mixinStandardHelpOptions = true, description = "The k words most similar to WORD (cosine).")
    public static final class Nearest implements Callable<Integer> {
        /** This command's model, injected by picocli. */
        @Spec
        CommandSpec spec;

        /** Vectors file. */
        @Option(names = "--vectors", required = true, paramLabel = "FILE",
                description = "word2vec binary or text file (gensim, C tool or this module; .gz too)")
        public Path vectors;

        /** Query word. */
        @Parameters(index = "0", paramLabel = "WORD", description = "the query word")
        public String word;

        /** Number of results. */
        @Option(names = "-k", paramLabel = "K", description = "number of neighbours (default: ${DEFAULT-VALUE})")
        public int k = 10;

        /** Load limit. */
        @Option(names = "--limit", paramLabel = "N",
                description = "load only the first N vectors of the file, 0 = all (default: ${DEFAULT-VALUE})")
        public int limit = 0;

        /** Stack traces. */
        @Option(names = "--debug", description = "print stack traces of errors (default: ${DEFAULT-VALUE})")
        public boolean debug;

        /**
         * Runs the subcommand.
         *
         * @return exit code 0 (errors are thrown as {@link UserException})
         */
        @Override
        public Integer call() {
            atLeast("-k", k, 1);
            WordVectors v = VectorsIO.read(vectors, limit);
            printNeighbours(spec.commandLine().getOut(), v.nearest(word, k));
            return 0;
        }
    }

    /** {@code word2vec analogy}: A is to B as C is to ?. */
    @Command(name = "analogy", mixinStandardHelpOptions = true,
            description = "A is to B as C is to ?: the words closest to B - A + C (gensim's most_similar(positive=[B, C], "
                    + "negative=[A])), query words excluded.")
    public static final class Analogy implements Callable<Integer> {
        /** This command's model, injected by picocli. */
        @Spec
        CommandSpec spec;

        /** Vectors file. */
        @Option(names = "--vectors", required = true, paramLabel = "FILE",
                description = "word2vec binary or text file (gensim, C tool or this module; .gz too)")
        public Path vectors;

        /** A, B, C. */
        @Parameters(arity = "3", paramLabel = "WORD", description = "A B C, e.g. man king woman")
        public List<String> words;

        /** Number of results. */
        @Option(names = "-k", paramLabel = "K", description = "number of answers (default: ${DEFAULT-VALUE})")
        public int k = 10;

        /** Load limit. */
        @Option(names = "--limit", paramLabel = "N",
                description = "load only the first N vectors of the file, 0 = all (default: ${DEFAULT-VALUE})")
        public int limit = 0;

        /** Stack traces. */
        @Option(names = "--debug", description = "print stack traces of errors (default: ${DEFAULT-VALUE})")
        public boolean debug;

        /**
         * Runs the subcommand.
         *
         * @return exit code 0 (errors are thrown as {@link UserException})
         */
        @Override
        public Integer call() {
            atLeast("-k", k, 1);
            WordVectors v = VectorsIO.read(vectors, limit);
            List<WordVectors.Neighbour> result = v.mostSimilar(List.of(words.get(1), words.get(2)),
                    List.of(words.get(0)), k, v.size());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s - %s + %s:%n", words.get(1), words.get(0), words.get(2));
            printNeighbours(out, result);
            return 0;
        }
    }

    /** {@code word2vec evaluate}: analogy accuracy and similarity correlation. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Analogy accuracy (questions-words format, gensim's evaluate_word_analogies protocol) and "
                    + "Spearman correlation on a 'word1 word2 score' file.")
    public static final class Evaluate implements Callable<Integer> {
        /** This command's model, injected by picocli. */
        @Spec
        CommandSpec spec;

        /** Vectors file. */
        @Option(names = "--vectors", required = true, paramLabel = "FILE",
                description = "word2vec binary or text file (gensim, C tool or this module; .gz too)")
        public Path vectors;

        /** Analogy questions. */
        @Option(names = "--analogies", paramLabel = "FILE",
                description = "analogy questions, ': section' lines then 'a b c d' lines (questions-words.txt)")
        public Path analogies;

        /** Similarity pairs. */
        @Option(names = "--similarity", paramLabel = "FILE",
                description = "'word1 word2 score' lines, tab or space separated, '#' comments")
        public Path similarity;

        /** Vocabulary restriction. */
        @Option(names = "--restrict", paramLabel = "N",
                description = "use only the N most frequent words, as gensim's restrict_vocab (default: ${DEFAULT-VALUE})")
        public int restrict = 300_000;

        /** Load limit. */
        @Option(names = "--limit", paramLabel = "N",
                description = "load only the first N vectors of the file, 0 = all (default: ${DEFAULT-VALUE})")
        public int limit = 0;

        /** Stack traces. */
        @Option(names = "--debug", description = "print stack traces of errors (default: ${DEFAULT-VALUE})")
        public boolean debug;

        /**
         * Runs the subcommand.
         *
         * @return exit code 0 (errors are thrown as {@link UserException})
         */
        @Override
        public Integer call() {
            if (analogies == null && similarity == null) {
                throw new UserException("give --analogies FILE, --similarity FILE or both");
            }
            atLeast("--restrict", restrict, 1);
            WordVectors v = VectorsIO.read(vectors, limit);
            PrintWriter out = spec.commandLine().getOut();
            if (analogies != null) {
                AnalogyEvaluation.Result r = AnalogyEvaluation.evaluate(v, analogies, restrict);
                for (AnalogyEvaluation.Section s : r.sections()) {
                    printSection(out, s);
                }
                printSection(out, r.total());
                out.printf(Locale.ROOT, "analogies: %.2f %% correct (%d of %d answered); %d of %d questions skipped for "
                        + "words outside the %,d most frequent (coverage %.1f %%)%n", 100 * r.total().accuracy(),
                        r.total().correct(), r.total().correct() + r.total().incorrect(), r.skipped(), r.questions(),
                        Math.min(restrict, v.size()), 100 * r.coverage());
            }
            if (similarity != null) {
                SimilarityEvaluation.Result r = SimilarityEvaluation.evaluate(v, similarity, restrict);
                out.printf(Locale.ROOT, "similarity: Spearman rho %.4f, Pearson r %.4f on %d pairs (%d skipped for unknown "
                        + "words)%n", r.spearman(), r.pearson(), r.pairs(), r.skipped());
            }
            out.flush();
            return 0;
        }

        private static void printSection(PrintWriter out, AnalogyEvaluation.Section s) {
            out.printf(Locale.ROOT, "%-28s %6.2f %%  (%d / %d)%n", s.name(), 100 * s.accuracy(), s.correct(),
                    s.correct() + s.incorrect());
        }
    }

    /** {@code word2vec preprocess}: writes the preprocessed corpus (what DL4J trains on), one sentence a line. */
    @Command(name = "preprocess", mixinStandardHelpOptions = true,
            description = "Write the preprocessed corpus that train feeds to DL4J (lower case, [NUM], [URL], [UNK]), "
                    + "one sentence a line: other tools (gensim) can then train on exactly the same tokens.")
    public static final class Preprocess implements Callable<Integer> {
        /** This command's model, injected by picocli. */
        @Spec
        CommandSpec spec;

        /** Shared options: --quiet, --debug (--seed and --out are not used). */
        @Mixin
        public CommonOptions common = new CommonOptions();

        /** The corpus. */
        @Option(names = "--corpus", required = true, paramLabel = "PATH",
                description = "UTF-8 text file, or directory of .txt files")
        public Path corpus;

        /** Output file. */
        @Option(names = "--output", required = true, paramLabel = "FILE", description = "the preprocessed text file")
        public Path output;

        /** Preprocessing vocabulary size. */
        @Option(names = "--vocab-size", paramLabel = "N",
                description = "keep the N most frequent words, map the others to [UNK] (default: ${DEFAULT-VALUE})")
        public int vocabSize = Word2VecConfig.defaults().vocabSize();

        /**
         * Runs the subcommand.
         *
         * @return exit code 0 (errors are thrown as {@link UserException})
         */
        @Override
        public Integer call() {
            atLeast("--vocab-size", vocabSize, 1);
            List<Path> files = Word2VecData.corpusFiles(corpus);
            Word2VecData.CorpusStats stats;
            try (Progress p = Progress.start("counting", -1, "words", common.quiet)) {
                stats = Word2VecData.count(corpus, p::stepBy);
            }
            if (stats.tokens() == 0) {
                throw new UserException("corpus " + corpus + " contains no words");
            }
            Vocabulary vocabulary = Vocabulary.topN(stats.counts(), vocabSize);
            long[] lines = {0};
            AtomicFiles.write(output, tmp -> {
                try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                     Progress p = Progress.start("writing", stats.tokens(), "words", common.quiet)) {
                    SentenceIterator it = Word2VecData.sentences(files, vocabulary, p::stepBy);
                    while (it.hasNext()) {
                        w.write(it.nextSentence());
                        w.write('\n');
                        lines[0]++;
                    }
                } catch (UncheckedIOException e) {
                    throw new IOException(e.getMessage(), e);
                }
            });
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %,d words, %,d sentences, vocabulary %,d%n",
                    output, stats.tokens(), lines[0], vocabulary.size());
            return 0;
        }
    }

    /** {@code word2vec convert}: rewrites a vectors file in the binary or text format. */
    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = "Rewrite a word2vec vectors file (binary, text or .gz, from any tool) in the binary or text "
                    + "format, e.g. the first N words of GoogleNews-vectors-negative300.bin.gz as text.")
    public static final class Convert implements Callable<Integer> {
        /** This command's model, injected by picocli. */
        @Spec
        CommandSpec spec;

        /** Input vectors. */
        @Option(names = "--vectors", required = true, paramLabel = "FILE", description = "the vectors to read")
        public Path vectors;

        /** Output file. */
        @Option(names = "--output", required = true, paramLabel = "FILE", description = "the file to write (atomically)")
        public Path output;

        /** Output format. */
        @Option(names = "--format", paramLabel = "FORMAT",
                description = "BINARY or TEXT (default: TEXT if the output name ends in .txt or .vec, else BINARY)")
        public VectorsIO.Format format;

        /** Load limit. */
        @Option(names = "--limit", paramLabel = "N",
                description = "convert only the first N vectors, 0 = all (default: ${DEFAULT-VALUE})")
        public int limit = 0;

        /** Stack traces. */
        @Option(names = "--debug", description = "print stack traces of errors (default: ${DEFAULT-VALUE})")
        public boolean debug;

        /**
         * Runs the subcommand.
         *
         * @return exit code 0 (errors are thrown as {@link UserException})
         */
        @Override
        public Integer call() {
            WordVectors v = VectorsIO.read(vectors, limit);
            String name = output.getFileName().toString();
            VectorsIO.Format f = format != null ? format
                    : name.endsWith(".txt") || name.endsWith(".vec") ? VectorsIO.Format.TEXT : VectorsIO.Format.BINARY;
            VectorsIO.write(v, output, f);
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %,d vectors of dimension %d (%s)%n", output,
                    v.size(), v.dim(), f.name().toLowerCase(Locale.ROOT));
            return 0;
        }
    }

    private static void atLeast(String option, int value, int min) {
        if (value < min) {
            throw new UserException(option + " must be at least " + min + " (got " + value + ")");
        }
    }

    private static void printNeighbours(PrintWriter out, List<WordVectors.Neighbour> list) {
        for (WordVectors.Neighbour n : list) {
            out.printf(Locale.ROOT, "%-20s %.4f%n", n.word(), n.similarity());
        }
        out.flush();
    }
}
