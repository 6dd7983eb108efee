package org.rnnsuite.timeseries;

import java.util.Locale;
import org.nd4j.linalg.activations.Activation;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;

/**
 * Every hyper-parameter of the time-series workflow, and the seed. {@link #defaults()} gives the tutorial's
 * values; the compact constructor rejects bad values with a message naming the command-line option.
 *
 * @param iterations   training iterations (one mini-batch each); default 1500
 * @param batchSize    windows per mini-batch; default 50
 * @param steps        time steps per window ({@code n_steps}); default 20
 * @param units        recurrent units per layer ({@code n_neurons}); default 100
 * @param activation   activation of the recurrent layers, {@code relu} or {@code tanh}; default {@code relu}
 * @param cell         recurrent cell; default {@link Cell#BASIC}
 * @param layers       stacked recurrent layers; default 1 (the tutorial's deep RNN uses 3)
 * @param dropout      probability of dropping a unit between recurrent layers, only while training, in [0, 1);
 *                     default 0
 * @param tbptt        truncated back-propagation length in time steps, 0 = full BPTT; default 0
 * @param learningRate Adam learning rate; default 0.001
 * @param projection   how recurrent outputs become one value per step; default {@link Projection#STACKED}
 * @param rnnImpl      implementation of the basic cell: {@code fused} ({@link org.rnnsuite.common.layers.FastSimpleRnn}: DL4J's
 *                     {@code SimpleRnn} with a faster training step, same parameters and outputs) or {@code dl4j}
 *                     (DL4J's {@code SimpleRnn} itself); ignored for other cells; default {@code fused}
 * @param seed         random seed (weights, mini-batch sampling, dropout); default 42
 * @param csv          a CSV file holding a real series to train on instead of the synthetic one; default none
 * @param column       the CSV column holding the series (required with {@code csv}); default none
 * @param horizon      forecast horizon in steps for the real-data evaluation; default 1
 */
public record TimeSeriesConfig(int iterations, int batchSize, int steps, int units, String activation, Cell cell,
                               int layers, double dropout, int tbptt, double learningRate, Projection projection,
                               String rnnImpl, long seed, String csv, String column, int horizon) {

    /** The tutorial's number of iterations. */
    public static final int DEFAULT_ITERATIONS = 1500;
    /** The tutorial's batch size. */
    public static final int DEFAULT_BATCH_SIZE = 50;
    /** The tutorial's window length. */
    public static final int DEFAULT_STEPS = 20;
    /** The tutorial's number of recurrent units. */
    public static final int DEFAULT_UNITS = 100;
    /** {@code --rnn-impl} value: the common module's faster {@link org.rnnsuite.common.layers.FastSimpleRnn}. */
    public static final String FUSED = "fused";
    /** {@code --rnn-impl} value: DL4J's own {@code SimpleRnn}. */
    public static final String DL4J = "dl4j";
    /** The tutorial's learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 0.001;

    /** Validates every field. */
    public TimeSeriesConfig {
        if (iterations < 1) {
            throw new UserException("--iterations must be at least 1, got " + iterations);
        }
        if (batchSize < 1) {
            throw new UserException("--batch-size must be at least 1, got " + batchSize);
        }
        if (steps < 2) {
            throw new UserException("--steps must be at least 2, got " + steps);
        }
        if (units < 1) {
            throw new UserException("--units must be at least 1, got " + units);
        }
        if (activation == null) {
            throw new UserException("--activation is required: relu or tanh");
        }
        activation = activation.strip().toLowerCase(Locale.ROOT);
        if (!activation.equals("relu") && !activation.equals("tanh")) {
            throw new UserException("--activation must be relu or tanh, got '" + activation + "'");
        }
        if (cell == null) {
            throw new UserException("--cell is required: one of " + Cell.names());
        }
        if (layers < 1) {
            throw new UserException("--layers must be at least 1, got " + layers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new UserException("--dropout must be in [0, 1), got " + dropout);
        }
        if (tbptt < 0) {
            throw new UserException("--tbptt must be 0 (off) or positive, got " + tbptt);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new UserException("--learning-rate must be positive, got " + learningRate);
        }
        if (projection == null) {
            throw new UserException("--projection is required: one of " + Projection.names());
        }
        if (rnnImpl == null) {
            throw new UserException("--rnn-impl is required: fused or dl4j");
        }
        rnnImpl = rnnImpl.strip().toLowerCase(Locale.ROOT);
        if (!rnnImpl.equals(FUSED) && !rnnImpl.equals(DL4J)) {
            throw new UserException("--rnn-impl must be fused or dl4j, got '" + rnnImpl + "'");
        }
        if (csv != null && csv.isBlank()) {
            csv = null;
        }
        if (column != null && column.isBlank()) {
            column = null;
        }
        if (csv != null && column == null) {
            throw new UserException("--csv needs --column NAME (the column holding the series)");
        }
        if (csv == null && column != null) {
            throw new UserException("--column needs --csv FILE");
        }
        if (horizon < 1) {
            throw new UserException("--horizon must be at least 1, got " + horizon);
        }
    }

    /** @return the tutorial's settings: 1 basic ReLU layer of 100 units, 20 steps, batch 50, Adam 0.001, 1500 iterations */
    public static TimeSeriesConfig defaults() {
        return new TimeSeriesConfig(DEFAULT_ITERATIONS, DEFAULT_BATCH_SIZE, DEFAULT_STEPS, DEFAULT_UNITS, "relu",
                Cell.BASIC, 1, 0.0, 0, DEFAULT_LEARNING_RATE, Projection.STACKED, FUSED, Seeds.DEFAULT_SEED, null, null,
                1);
    }

    /** @return a small, fast preset for tests: 32 units, batch 16, 150 iterations, learning rate 0.005 */
    public static TimeSeriesConfig tiny() {
        return defaults().withIterations(150).withBatchSize(16).withUnits(32).withLearningRate(0.005);
    }

    /**
     * @return true if training on a user's CSV series rather than the synthetic one (not named {@code isCsv}: a
     *         JSON mapper would take that for a second {@code csv} property of the model card's config)
     */
    public boolean hasCsv() {
        return csv != null;
    }

    /** @return the DL4J activation of the recurrent layers */
    public Activation activationFunction() {
        return activation.equals("relu") ? Activation.RELU : Activation.TANH;
    }

    /** @param v training iterations @return a copy with that value */
    public TimeSeriesConfig withIterations(int v) {
        return new TimeSeriesConfig(v, batchSize, steps, units, activation, cell, layers, dropout, tbptt,
                learningRate, projection, rnnImpl, seed, csv, column, horizon);
    }

    /** @param v windows per mini-batch @return a copy with that value */
    public TimeSeriesConfig withBatchSize(int v) {
        return new TimeSeriesConfig(iterations, v, steps, units, activation, cell, layers, dropout, tbptt,
                learningRate, projection, rnnImpl, seed, csv, column, horizon);
    }

    /** @param v recurrent units per layer @return a copy with that value */
    public TimeSeriesConfig withUnits(int v) {
        return new TimeSeriesConfig(iterations, batchSize, steps, v, activation, cell, layers, dropout, tbptt,
                learningRate, projection, rnnImpl, seed, csv, column, horizon);
    }

    /** @param v stacked recurrent layers @return a copy with that value */
    public TimeSeriesConfig withLayers(int v) {
        return new TimeSeriesConfig(iterations, batchSize, steps, units, activation, cell, v, dropout, tbptt,
                learningRate, projection, rnnImpl, seed, csv, column, horizon);
    }

    /** @param v drop probability between layers @return a copy with that value */
    public TimeSeriesConfig withDropout(double v) {
        return new TimeSeriesConfig(iterations, batchSize, steps, units, activation, cell, layers, v, tbptt,
                learningRate, projection, rnnImpl, seed, csv, column, horizon);
    }

    /** @param v Adam learning rate @return a copy with that value */
    public TimeSeriesConfig withLearningRate(double v) {
        return new TimeSeriesConfig(iterations, batchSize, steps, units, activation, cell, layers, dropout, tbptt,
                v, projection, rnnImpl, seed, csv, column, horizon);
    }

    /** @param v projection style @return a copy with that value */
    public TimeSeriesConfig withProjection(Projection v) {
        return new TimeSeriesConfig(iterations, batchSize, steps, units, activation, cell, layers, dropout, tbptt,
                learningRate, v, rnnImpl, seed, csv, column, horizon);
    }

    /** @param v {@code fused} or {@code dl4j} @return a copy with that value */
    public TimeSeriesConfig withRnnImpl(String v) {
        return new TimeSeriesConfig(iterations, batchSize, steps, units, activation, cell, layers, dropout, tbptt,
                learningRate, projection, v, seed, csv, column, horizon);
    }

    /** @param v random seed @return a copy with that value */
    public TimeSeriesConfig withSeed(long v) {
        return new TimeSeriesConfig(iterations, batchSize, steps, units, activation, cell, layers, dropout, tbptt,
                learningRate, projection, rnnImpl, v, csv, column, horizon);
    }

    /** @param v window length @return a copy with that value */
    public TimeSeriesConfig withSteps(int v) {
        return new TimeSeriesConfig(iterations, batchSize, v, units, activation, cell, layers, dropout, tbptt,
                learningRate, projection, rnnImpl, seed, csv, column, horizon);
    }

    /**
     * @param file            CSV file of a real series
     * @param name            the column holding it
     * @param forecastHorizon forecast horizon in steps
     * @return a copy that trains on that series
     */
    public TimeSeriesConfig withCsv(String file, String name, int forecastHorizon) {
        return new TimeSeriesConfig(iterations, batchSize, steps, units, activation, cell, layers, dropout,
                tbptt, learningRate, projection, rnnImpl, seed, file, name, forecastHorizon);
    }
}
