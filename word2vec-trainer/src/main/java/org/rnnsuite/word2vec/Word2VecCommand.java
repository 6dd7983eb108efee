package org.rnnsuite.word2vec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnnsuite.common.cli.Cli;
import org.rnnsuite.common.cli.DebugOption;
import org.rnnsuite.common.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
 * word2vec preprocess --corpus PATH --out FILE [--vocab-size 50000]
 * word2vec convert  --vectors FILE --out FILE [--format binary|text] [--limit N]
 * word2vec summary  --model FILE|DIR
 * </pre>
 */
@Command(name = "word2vec", mixinStandardHelpOptions = true,
        description = "Word vectors: skip-gram or CBOW with negative sampling or hierarchical softmax (the project's "
                + "engine, or DL4J Word2Vec), nearest words, analogies, evaluation, word2vec binary and text files.",
        subcommands = {Word2VecTrainCommand.Train.class, Word2VecQueryCommands.Nearest.class,
                Word2VecQueryCommands.Analogy.class, Word2VecQueryCommands.Evaluate.class,
                Word2VecFileCommands.Preprocess.class, Word2VecFileCommands.Convert.class,
                Word2VecFileCommands.Summary.class})
public final class Word2VecCommand implements Callable<Integer> {
    /** {@code --debug}. */
    @Mixin
    DebugOption debug = new DebugOption();

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

    static void atLeast(String option, int value, int min) {
        if (value < min) {
            throw new UserException(option + " must be at least " + min + " (got " + value + ")");
        }
    }

    static void printNeighbours(PrintWriter out, List<WordVectors.Neighbour> list) {
        for (WordVectors.Neighbour n : list) {
            out.printf(Locale.ROOT, "%-20s %.4f%n", n.word(), n.similarity());
        }
        out.flush();
    }
}
