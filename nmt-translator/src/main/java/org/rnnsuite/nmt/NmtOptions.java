package org.rnnsuite.nmt;

import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.WordVectors;
import org.rnnsuite.common.layers.Cell;
import picocli.CommandLine.Option;

/**
 * The options of {@code nmt train} that make an {@link NmtConfig}, one per field, as a picocli mixin: the
 * network, the vocabularies, the optimiser, decoding, the test split and the training budget.
 */
public class NmtOptions {
    @Option(names = "--embedding", description = "embedding size of both languages (default: 128; English: the "
            + "--src-vectors dimension)")
    Integer embedding;
    @Option(names = "--units", defaultValue = "256", description = "recurrent units per layer (default: ${DEFAULT-VALUE})")
    int units;
    @Option(names = "--layers", defaultValue = "1", description = "recurrent layers in the encoder and in the decoder (default: ${DEFAULT-VALUE})")
    int layers;
    @Option(names = "--cell", defaultValue = "lstm", description = "recurrent cell: lstm or gru (default: ${DEFAULT-VALUE})")
    String cell;
    @Option(names = "--dropout", defaultValue = "0", description = "probability of dropping a unit between stacked layers (default: ${DEFAULT-VALUE})")
    double dropout;
    @Option(names = "--vocab", defaultValue = "20000", description = "most frequent words kept per language, besides <pad> <go> <eos> [UNK] (default: ${DEFAULT-VALUE})")
    int vocab;
    @Option(names = "--min-count", defaultValue = "2", description = "a word needs this many occurrences in the training split to be kept (default: ${DEFAULT-VALUE})")
    int minCount;
    @Option(names = "--max-length", defaultValue = "10", description = "pairs with more tokens on either side are left out (default: ${DEFAULT-VALUE})")
    int maxLength;
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "pairs per training step (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--learning-rate", paramLabel = "X", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--clip", defaultValue = "0", description = "maximum L2 norm of each layer's gradient, 0 = none (default: ${DEFAULT-VALUE})")
    double clip;
    @Option(names = "--max-output", defaultValue = "20", description = "longest translation in words (default: ${DEFAULT-VALUE})")
    int maxOutput;
    @Option(names = "--length-penalty", defaultValue = "1.0", description = "beam search ranks by log-probability / length^this (default: ${DEFAULT-VALUE})")
    double lengthPenalty;
    @Option(names = "--test-fraction", defaultValue = "0.05", description = "share of --pairs held out when no --test-pairs is given (default: ${DEFAULT-VALUE})")
    double testFraction;
    @Option(names = "--freeze", description = "keep the --src-vectors embeddings fixed (default: ${DEFAULT-VALUE})")
    boolean freeze;
    @Option(names = "--epochs", paramLabel = "N", defaultValue = "0", description = "stop after this many epochs in total, 0 = none (default: ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--minutes", defaultValue = "0", description = "training time budget over the whole run, evaluation excluded; 0 = none; 30 if neither --minutes nor --epochs is given (default: ${DEFAULT-VALUE})")
    double minutes;
    @Option(names = "--attention", paramLabel = "KIND", defaultValue = "none",
            description = "attention over the encoder's outputs: none (the chapter's model), dot or general "
                    + "(Luong's global attention), additive (Bahdanau's score) (default: ${DEFAULT-VALUE})")
    String attention;
    @Option(names = "--eval-minutes", defaultValue = "0", description = "also evaluate the test BLEU every this many training minutes, 0 = at epoch ends only (default: ${DEFAULT-VALUE})")
    double evalMinutes;

    /**
     * @param seed the run's seed
     * @return the configuration these options give (30 training minutes when neither --epochs nor --minutes is given)
     * @throws UserException for an invalid value
     */
    public NmtConfig config(long seed) {
        return new NmtConfig(embedding == null ? NmtConfig.defaults().embedding() : embedding, units, layers,
                Cell.parse(cell), dropout, vocab, minCount, maxLength, batch, lr, clip, maxOutput, lengthPenalty, seed,
                testFraction, freeze, epochs, minutes == 0 && epochs == 0 ? NmtConfig.DEFAULT_MINUTES : minutes,
                evalMinutes, Attention.parse(attention));
    }

    /**
     * @param vectors the English vectors given with --src-vectors, or {@code null}
     * @throws UserException if --embedding was given and differs from their dimension
     */
    public void checkEmbedding(WordVectors vectors) {
        if (vectors != null && embedding != null && embedding != vectors.dim()) {
            throw new UserException("--embedding " + embedding + " conflicts with the " + vectors.dim()
                    + "-dimensional --src-vectors: leave --embedding out or give " + vectors.dim());
        }
    }
}
