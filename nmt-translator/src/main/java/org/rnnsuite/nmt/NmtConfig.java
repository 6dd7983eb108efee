package org.rnnsuite.nmt;

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
 * @param batchSize     pairs per training step, {@code --batch-size} (default 64)
 * @param learningRate  Adam learning rate, {@code --learning-rate} (default 0.001)
 * @param clipNorm      maximum L2 norm of each layer's gradient, 0 = none, {@code --clip} (default 0)
 * @param maxOutput     decoding stops after this many words without {@code <eos>}, {@code --max-output}
 *                      (default 20)
 * @param lengthPenalty beam search ranks finished sentences by log-probability / length^this,
 *                      {@code --length-penalty} (default 1.0; 0 = raw log-probability)
 * @param seed          random seed, {@code --seed} (default 42)
 * @param testFraction  share of the pairs held out for testing when no test file is given,
 *                      {@code --test-fraction} (default 0.05)
 * @param freezeSource  keep the English embeddings fixed (they come from pretrained vectors), {@code --freeze}
 *                      (default false)
 * @param epochs        stop after this many epochs in total, 0 = no limit, {@code --epochs} (default 0);
 *                      may change on resume
 * @param minutes       stop after this much training time over the whole run (evaluation excluded), 0 = no
 *                      limit, {@code --minutes} (default 30 when {@code epochs} is 0); may change on resume
 * @param evalMinutes   also evaluate every this many training minutes, midway through epochs, 0 = at epoch ends
 *                      only, {@code --eval-minutes} (default 0); may change on resume
 * @param attention     how the decoder attends to the encoder's outputs, {@code --attention none|dot|general|additive}
 *                      (default none: the chapter's model; a card written before attention existed reads as none)
 */
public record NmtConfig(int embedding, int units, int layers, Cell cell, double dropout, int vocab, int minCount,
                        int maxLength, int batchSize, double learningRate, double clipNorm, int maxOutput,
                        double lengthPenalty, long seed, double testFraction, boolean freezeSource, int epochs,
                        double minutes, double evalMinutes, Attention attention) {
    /** Default {@link #testFraction()}. */
    public static final double DEFAULT_TEST_FRACTION = 0.05;
    /** Default {@link #minutes()} when no epoch count is given. */
    public static final double DEFAULT_MINUTES = 30;

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
     * @param testFraction {@link #testFraction()}
     * @param freezeSource {@link #freezeSource()}
     * @param epochs {@link #epochs()}
     * @param minutes {@link #minutes()}
     * @param evalMinutes {@link #evalMinutes()}
     * @param attention {@link #attention()}
     */
    public NmtConfig {
        if (attention == null) {
            attention = Attention.NONE;
        }
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
        positive("--batch-size", batchSize);
        if (!(learningRate > 0)) {
            throw new UserException("--learning-rate must be positive, got " + learningRate);
        }
        if (!(clipNorm >= 0)) {
            throw new UserException("--clip must be 0 (off) or positive, got " + clipNorm);
        }
        positive("--max-output", maxOutput);
        if (!(lengthPenalty >= 0)) {
            throw new UserException("--length-penalty must be 0 or positive, got " + lengthPenalty);
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new UserException("--test-fraction must be in (0, 1), got " + testFraction);
        }
        if (epochs < 0 || !(minutes >= 0) || Double.isInfinite(minutes) || (epochs == 0 && minutes == 0)) {
            throw new UserException("give --epochs N or --minutes N (positive), got epochs " + epochs
                    + ", minutes " + minutes);
        }
        if (!(evalMinutes >= 0) || Double.isInfinite(evalMinutes)) {
            throw new UserException("--eval-minutes must be 0 or positive, got " + evalMinutes);
        }
    }

    /**
     * The configuration without attention (the chapter's model), every other field as in the canonical constructor.
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
     * @param testFraction {@link #testFraction()}
     * @param freezeSource {@link #freezeSource()}
     * @param epochs {@link #epochs()}
     * @param minutes {@link #minutes()}
     * @param evalMinutes {@link #evalMinutes()}
     */
    public NmtConfig(int embedding, int units, int layers, Cell cell, double dropout, int vocab, int minCount,
                     int maxLength, int batchSize, double learningRate, double clipNorm, int maxOutput,
                     double lengthPenalty, long seed, double testFraction, boolean freezeSource, int epochs,
                     double minutes, double evalMinutes) {
        this(embedding, units, layers, cell, dropout, vocab, minCount, maxLength, batchSize, learningRate, clipNorm,
                maxOutput, lengthPenalty, seed, testFraction, freezeSource, epochs, minutes, evalMinutes,
                Attention.NONE);
    }

    /**
     * @param newAttention {@link #attention()}
     * @return this configuration with another attention
     */
    public NmtConfig withAttention(Attention newAttention) {
        return new NmtConfig(embedding, units, layers, cell, dropout, vocab, minCount, maxLength, batchSize,
                learningRate, clipNorm, maxOutput, lengthPenalty, seed, testFraction, freezeSource, epochs, minutes,
                evalMinutes, newAttention);
    }

    /**
     * @param newEpochs  {@link #epochs()}
     * @param newMinutes {@link #minutes()}
     * @param newEval    {@link #evalMinutes()}
     * @return this configuration with another training budget
     */
    public NmtConfig withBudget(int newEpochs, double newMinutes, double newEval) {
        return new NmtConfig(embedding, units, layers, cell, dropout, vocab, minCount, maxLength, batchSize,
                learningRate, clipNorm, maxOutput, lengthPenalty, seed, testFraction, freezeSource, newEpochs,
                newMinutes, newEval, attention);
    }

    /**
     * @param freeze {@link #freezeSource()}
     * @return this configuration with the English embeddings frozen or not
     */
    public NmtConfig withFreezeSource(boolean freeze) {
        return new NmtConfig(embedding, units, layers, cell, dropout, vocab, minCount, maxLength, batchSize,
                learningRate, clipNorm, maxOutput, lengthPenalty, seed, testFraction, freeze, epochs, minutes,
                evalMinutes, attention);
    }

    private static void positive(String option, int value) {
        if (value <= 0) {
            throw new UserException(option + " must be positive, got " + value);
        }
    }

    /** @return the defaults: the chapter's model at the size of the PyTorch peer, 30 training minutes */
    public static NmtConfig defaults() {
        return new NmtConfig(128, 256, 1, Cell.LSTM, 0.0, 20000, 2, 10, 64, 1e-3, 0.0, 20, 1.0, Seeds.DEFAULT_SEED,
                DEFAULT_TEST_FRACTION, false, 0, DEFAULT_MINUTES, 0);
    }

    /** @return a small model for tests and toy data: embeddings 16, 64 units, every word kept, 20 epochs */
    public static NmtConfig small() {
        return new NmtConfig(16, 64, 1, Cell.LSTM, 0.0, 1000, 1, 10, 32, 1e-2, 0.0, 12, 1.0, Seeds.DEFAULT_SEED,
                DEFAULT_TEST_FRACTION, false, 20, 0, 0);
    }

    /**
     * @param newSeed a seed
     * @return this configuration with another seed
     */
    public NmtConfig withSeed(long newSeed) {
        return new NmtConfig(embedding, units, layers, cell, dropout, vocab, minCount, maxLength, batchSize,
                learningRate, clipNorm, maxOutput, lengthPenalty, newSeed, testFraction, freezeSource, epochs, minutes,
                evalMinutes, attention);
    }

    /**
     * @param newMaxOutput decoding length limit
     * @return this configuration with another {@code maxOutput}
     */
    public NmtConfig withMaxOutput(int newMaxOutput) {
        return new NmtConfig(embedding, units, layers, cell, dropout, vocab, minCount, maxLength, batchSize,
                learningRate, clipNorm, newMaxOutput, lengthPenalty, seed, testFraction, freezeSource, epochs, minutes,
                evalMinutes, attention);
    }
}
