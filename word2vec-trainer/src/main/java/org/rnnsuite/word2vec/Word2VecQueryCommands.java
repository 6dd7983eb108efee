package org.rnnsuite.word2vec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnnsuite.common.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import org.rnnsuite.common.embeddings.WordVectors;

/** {@code word2vec nearest}, {@code analogy} and {@code evaluate}: queries on a vectors file. */
public final class Word2VecQueryCommands {
    private Word2VecQueryCommands() {
    }

    // ------------------------------------------------------------------------------------------------- queries

    /** {@code word2vec nearest}: the words closest to a word. */
    @Command(name = "nearest", mixinStandardHelpOptions = true, description = "The k words most similar to WORD (cosine).")
    public static final class Nearest implements Callable<Integer> {
        /** This command's model, injected by picocli. */
        @Spec
        CommandSpec spec;

        /** --vectors, --limit, --debug. */
        @Mixin
        public VectorsOptions vectors = new VectorsOptions();

        /** Query word. */
        @Parameters(index = "0", paramLabel = "WORD", description = "the query word")
        public String word;

        /** Number of results. */
        @Option(names = "-k", paramLabel = "K", description = "number of neighbours (default: ${DEFAULT-VALUE})")
        public int k = 10;

        /**
         * Runs the subcommand.
         *
         * @return exit code 0 (errors are thrown as {@link UserException})
         */
        @Override
        public Integer call() {
            Word2VecCommand.atLeast("-k", k, 1);
            WordVectors v = vectors.read();
            Word2VecCommand.printNeighbours(spec.commandLine().getOut(), v.nearest(word, k));
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

        /** --vectors, --limit, --debug. */
        @Mixin
        public VectorsOptions vectors = new VectorsOptions();

        /** A, B, C. */
        @Parameters(arity = "3", paramLabel = "WORD", description = "A B C, e.g. man king woman")
        public List<String> words;

        /** Number of results. */
        @Option(names = "-k", paramLabel = "K", description = "number of answers (default: ${DEFAULT-VALUE})")
        public int k = 10;

        /**
         * Runs the subcommand.
         *
         * @return exit code 0 (errors are thrown as {@link UserException})
         */
        @Override
        public Integer call() {
            Word2VecCommand.atLeast("-k", k, 1);
            WordVectors v = vectors.read();
            List<WordVectors.Neighbour> result = v.mostSimilar(List.of(words.get(1), words.get(2)),
                    List.of(words.get(0)), k, v.size());
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s - %s + %s:%n", words.get(1), words.get(0), words.get(2));
            Word2VecCommand.printNeighbours(out, result);
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

        /** --vectors, --limit, --debug. */
        @Mixin
        public VectorsOptions vectors = new VectorsOptions();

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
            Word2VecCommand.atLeast("--restrict", restrict, 1);
            WordVectors v = vectors.read();
            PrintWriter out = spec.commandLine().getOut();
            if (analogies != null) {
                AnalogyEvaluation.Result r = AnalogyEvaluation.evaluate(v, analogies, restrict);
                if (r.total().correct() + r.total().incorrect() == 0) {
                    throw new UserException("no analogy question of " + analogies + " could be answered: all "
                            + r.questions() + " have a word outside the " + Math.min(restrict, v.size())
                            + " most frequent of " + vectors.vectors);
                }
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
            if (s.correct() + s.incorrect() == 0) {
                out.printf(Locale.ROOT, "%-28s      - %%  (no question answered)%n", s.name());
                return;
            }
            out.printf(Locale.ROOT, "%-28s %6.2f %%  (%d / %d)%n", s.name(), 100 * s.accuracy(), s.correct(),
                    s.correct() + s.incorrect());
        }
    }
}
