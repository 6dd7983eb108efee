package org.rnnsuite.mnist;

import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.layers.WeightInitChoice;

/**
 * Every hyper-parameter of the MNIST sequence classifier, and the seed. {@link #defaults()} gives the tutorial's
 * values (a basic tanh cell of 150 units, Adam 0.001, batches of 150, 100 epochs).
 *
 * @param cell         recurrent cell (default {@code basic})
 * @param layers       number of stacked recurrent layers (default 1)
 * @param units        recurrent units per layer (default 150)
 * @param dropout      probability of dropping an input of every recurrent layer after the first, while training,
 *                     in [0, 1) (default 0 = none)
 * @param init         weight initialisation (default {@code xavier})
 * @param batch        mini-batch size in images (default 150)
 * @param learningRate Adam learning rate (default 0.001)
 * @param learningRateDecay factor applied to the learning rate after every epoch, in (0, 1] (default 1 = constant)
 * @param epochs       number of passes over the training set (default 100)
 * @param limitTrain   use only the first N training images; 0 = all (default 0)
 * @param seed         random seed of the weights and of the per-epoch shuffling (default 42)
 */
public record MnistConfig(Cell cell, int layers, int units, double dropout, WeightInitChoice init, int batch,
                          double learningRate, double learningRateDecay, int epochs, int limitTrain, long seed) {
    /** The tutorial's cell. */
    public static final Cell DEFAULT_CELL = Cell.BASIC;
    /** The tutorial's number of recurrent layers. */
    public static final int DEFAULT_LAYERS = 1;
    /** The tutorial's {@code n_neurons}. */
    public static final int DEFAULT_UNITS = 150;
    /** No dropout in the tutorial. */
    public static final double DEFAULT_DROPOUT = 0.0;
    /** The tutorial's {@code batch_size}. */
    public static final int DEFAULT_BATCH = 150;
    /** The tutorial's {@code learning_rate}. */
    public static final double DEFAULT_LEARNING_RATE = 0.001;
    /** A constant learning rate, as the tutorial's. */
    public static final double DEFAULT_LEARNING_RATE_DECAY = 1.0;
    /** The tutorial's {@code n_epochs}. */
    public static final int DEFAULT_EPOCHS = 100;

    /** Checks every value; the message names the command-line option. */
    public MnistConfig {
        if (cell == null) {
            throw new UserException("--cell is required");
        }
        if (init == null) {
            throw new UserException("--init is required");
        }
        if (layers < 1) {
            throw new UserException("--layers must be at least 1, got " + layers);
        }
        if (units < 1) {
            throw new UserException("--units must be at least 1, got " + units);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new UserException("--dropout must be in [0, 1), got " + dropout);
        }
        if (batch < 1) {
            throw new UserException("--batch-size must be at least 1, got " + batch);
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new UserException("--learning-rate must be a positive number, got " + learningRate);
        }
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new UserException("--learning-rate-decay must be in (0, 1], got " + learningRateDecay);
        }
        if (epochs < 1) {
            throw new UserException("--epochs must be at least 1, got " + epochs);
        }
        if (limitTrain < 0) {
            throw new UserException("--limit-train must be 0 (all) or positive, got " + limitTrain);
        }
    }

    /** @return the tutorial's configuration with seed {@value Seeds#DEFAULT_SEED} */
    public static MnistConfig defaults() {
        return new MnistConfig(DEFAULT_CELL, DEFAULT_LAYERS, DEFAULT_UNITS, DEFAULT_DROPOUT, WeightInitChoice.XAVIER,
                DEFAULT_BATCH, DEFAULT_LEARNING_RATE, DEFAULT_LEARNING_RATE_DECAY, DEFAULT_EPOCHS, 0, Seeds.DEFAULT_SEED);
    }

    /**
     * A small preset for tests and smoke runs: the tutorial's network, 1 epoch on the first 1000 images.
     *
     * @return the preset
     */
    public static MnistConfig tiny() {
        return defaults().withEpochs(1).withLimitTrain(1000);
    }

    /**
     * @param c the cell
     * @return a copy with that cell
     */
    public MnistConfig withCell(Cell c) {
        return new MnistConfig(c, layers, units, dropout, init, batch, learningRate, learningRateDecay,
                epochs, limitTrain, seed);
    }

    /**
     * @param n number of epochs
     * @return a copy with that number of epochs
     */
    public MnistConfig withEpochs(int n) {
        return new MnistConfig(cell, layers, units, dropout, init, batch, learningRate, learningRateDecay,
                n, limitTrain, seed);
    }

    /**
     * @param n number of training images to use, 0 = all
     * @return a copy with that limit
     */
    public MnistConfig withLimitTrain(int n) {
        return new MnistConfig(cell, layers, units, dropout, init, batch, learningRate, learningRateDecay,
                epochs, n, seed);
    }

    /**
     * @param s the seed
     * @return a copy with that seed
     */
    public MnistConfig withSeed(long s) {
        return new MnistConfig(cell, layers, units, dropout, init, batch, learningRate, learningRateDecay,
                epochs, limitTrain, s);
    }

}
