package org.rnnsuite.nmt;

import java.util.Locale;
import java.util.Properties;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;

/**
 * Every hyper-parameter of the translator. The compact constructor rejects bad values with a message naming the
 * command-line option.
 *
 * @param embedding     embedding size of both languages, {@code --embedding} (default 128)
 * @param units         recurrent units per layer, encoder and decoder, {@code --units} (default 256)
 * @param layers        recurrent layers on each side, {@code --layers} (default 1)
 * @param cell          recurrent cell, {@code --cell lstm|gru} (default lstm)
 * @param dropout       probability of dropping a unit between stacked layers while training, {@code --dropout}
 *                      (default 0)
 * @param vocab         at most this many words per language besides the 4 special tokens, {@code --vocab}
 *                      (default 20000)
 * @param minCount      a word needs at least this many occurrences in the training split to get an id,
 *                      {@code --min-count} (default 2)
 * @param maxLength     pairs with more tokens on either side are left out; longer sentences are truncated at
 *                      translation time, {@code --max-length} (default 10 tokens)
 * @param batchSize     pairs per training step, {@code --batch} (default 64)
 * @param learningRate  Adam learning rate, {@code --lr} (default 0.001)
 * @param clipNorm      maximum L2 norm of each layer's gradient, 0 = none, {@code --clip} (default 0)
 * @param maxOutput     decoding stops after this many words without {@code <eos>}, {@code --max-output}
 *                      (default 20)
 * @param lengthPenalty beam search ranks finished sentences by log-probability / length^this,
 *                      {@code --length-penalty} (default 1.0; 0 = raw log-probability)
 * @param seed          random seed, {@code --seed} (default 42)
 */
public record NmtConfig(int embedding, int units, int layers, Cell cell, double dropout, int vocab, int minCount,
                        int maxLength, int batchSize, double learningRate, double clipNorm, int maxOutput,
                        double lengthPenalty, long seed) {

    /**
     * Validates every field (see the record description for units and defaults).
     *
     * @param embedding {@link #embedding()}
     * @param units {@link #units()}
     * @param layers {@link #layers()}
     * @param cell {@link #cell()}
     * @param dropout {@link #dropout()}
     * @param vocab {@link #vocab()}
     * @param minCount {@link #minCount()}
     * @param maxLength {@link #maxLength()}
     * @param batchSize {@link #batchSize()}
     * @param learningRate {@link #learningRate()}
     * @param clipNorm {@link #clipNorm()}
     * @param maxOutput {@link #maxOutput()}
     * @param lengthPenalty {@link #lengthPenalty()}
     * @param seed {@link #seed()}
     */
    public NmtConfig {
        positive("--embedding", embedding);
        positive("--units", units);
        positive("--layers", layers);
        if (cell != Cell.LSTM && cell != Cell.GRU) {
            throw new UserException("--cell must be lstm or gru, got " + cell);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new UserException("--dropout must be in [0, 1), got " + dropout);
        }
        positive("--vocab", vocab);
        positive("--min-count", minCount);
        positive("--max-length", maxLength);
        positive("--batch", batchSize);
        if (!(learningRate > 0)) {
            throw new UserException("--lr must be positive, got " + learningRate);
        }
        if (!(clipNorm >= 0)) {
            throw new UserException("--clip must be 0 (off) or positive, got " + clipNorm);
        }
        positive("--max-output", maxOutput);
        if (!(lengthPenalty >= 0)) {
            throw new UserException("--length-penalty must be 0 or positive, got " + lengthPenalty);
        }
    }

    private static void positive(String option, int value) {
        if (value <= 0) {
            throw new UserException(option + " must be positive, got " + value);
        }
    }

    /** @return the defaults: the chapter's model at the size of the PyTorch peer */
    public static NmtConfig defaults() {
        return new NmtConfig(128, 256, 1, Cell.LSTM, 0.0, 20000, 2, 10, 64, 1e-3, 0.0, 20, 1.0, Seeds.DEFAULT_SEED);
    }

    /** @return a small model for tests and toy data: embeddings 16, 64 units, every word kept */
    public static NmtConfig small() {
        return new NmtConfig(16, 64, 1, Cell.LSTM, 0.0, 1000, 1, 10, 32, 1e-2, 0.0, 12, 1.0, Seeds.DEFAULT_SEED);
    }

    /**
     * @param newSeed a seed
     * @return this configuration with another seed
     */
    public NmtConfig withSeed(long newSeed) {
        return new NmtConfig(embedding, units, layers, cell, dropout, vocab, minCount, maxLength, batchSize,
                learningRate, clipNorm, maxOutput, lengthPenalty, newSeed);
    }

    /**
     * @param newMaxOutput decoding length limit
     * @return this configuration with another {@code maxOutput}
     */
    public NmtConfig withMaxOutput(int newMaxOutput) {
        return new NmtConfig(embedding, units, layers, cell, dropout, vocab, minCount, maxLength, batchSize,
                learningRate, clipNorm, newMaxOutput, lengthPenalty, seed);
    }

    /** @return the configuration as properties text (stored in the model zip) */
    public Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("embedding", Integer.toString(embedding));
        p.setProperty("units", Integer.toString(units));
        p.setProperty("layers", Integer.toString(layers));
        p.setProperty("cell", cell.toString());
        p.setProperty("dropout", Double.toString(dropout));
        p.setProperty("vocab", Integer.toString(vocab));
        p.setProperty("minCount", Integer.toString(minCount));
        p.setProperty("maxLength", Integer.toString(maxLength));
        p.setProperty("batchSize", Integer.toString(batchSize));
        p.setProperty("learningRate", Double.toString(learningRate));
        p.setProperty("clipNorm", Double.toString(clipNorm));
        p.setProperty("maxOutput", Integer.toString(maxOutput));
        p.setProperty("lengthPenalty", Double.toString(lengthPenalty));
        p.setProperty("seed", Long.toString(seed));
        return p;
    }

    /**
     * @param p      properties written by {@link #toProperties()}
     * @param source where they came from, for the error message
     * @return the configuration
     * @throws UserException if a property is missing or malformed
     */
    public static NmtConfig fromProperties(Properties p, String source) {
        try {
            return new NmtConfig(i(p, "embedding"), i(p, "units"), i(p, "layers"),
                    Cell.parse(s(p, "cell")), d(p, "dropout"), i(p, "vocab"), i(p, "minCount"), i(p, "maxLength"),
                    i(p, "batchSize"), d(p, "learningRate"), d(p, "clipNorm"), i(p, "maxOutput"),
                    d(p, "lengthPenalty"), Long.parseLong(s(p, "seed")));
        } catch (NumberFormatException e) {
            throw new UserException(source + " has a malformed configuration: " + e.getMessage(), e);
        }
    }

    private static String s(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new UserException("configuration has no '" + key + "'");
        }
        return v.strip().toLowerCase(Locale.ROOT);
    }

    private static int i(Properties p, String key) {
        return Integer.parseInt(s(p, key));
    }

    private static double d(Properties p, String key) {
        return Double.parseDouble(s(p, key));
    }
}
