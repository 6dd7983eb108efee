package org.rnnsuite.timeseries;

import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Inference with a trained time-series network: the one-step-ahead prediction of a sequence, the tutorial's
 * generation loop ("creative RNN"), and multi-step forecasts of a real series against the naive last-value
 * forecast. Every call runs the network in inference mode ({@code train = false}: no dropout).
 */
public final class TimeSeriesPredictor {
    private TimeSeriesPredictor() {
    }

    /**
     * @param net   a trained network
     * @param input one sequence
     * @return the network's output at every step (its prediction of the next value of each step)
     */
    public static double[] predict(MultiLayerNetwork net, double[] input) {
        return net.output(TimeSeriesData.sequence(input), false).reshape(input.length).toDoubleVector();
    }

    /**
     * The tutorial's generation loop, exactly:
     * <pre>
     * sequence = seed
     * for iteration in range(steps):
     *     X = sequence[-n_steps:]                      # the last n_steps values, from a zero state
     *     sequence.append(model(X)[-1])                # the prediction at the window's last step
     * </pre>
     * The whole window is run again at every step, starting from a zero state, as in the tutorial.
     *
     * @param net    a trained network
     * @param seed   the starting values (their count is the window length {@code n_steps})
     * @param steps  number of values to generate
     * @return the seed followed by the {@code steps} generated values
     */
    public static double[] generate(MultiLayerNetwork net, double[] seed, int steps) {
        if (seed.length < 1) {
            throw new IllegalArgumentException("the seed must have at least one value");
        }
        int n = seed.length;
        double[] sequence = Arrays.copyOf(seed, n + steps);
        for (int i = 0; i < steps; i++) {
            double[] window = Arrays.copyOfRange(sequence, i, i + n);
            double[] out = predict(net, window);
            sequence[n + i] = out[n - 1];
        }
        return sequence;
    }

    /**
     * A <em>different</em>, stateful generation with {@link MultiLayerNetwork#rnnTimeStep}: the seed is fed once,
     * then each generated value is fed back as a single step while the recurrent state is carried over the whole
     * sequence generated so far. Its first generated value equals {@link #generate}'s (both see exactly the seed
     * from a zero state); after that the model sees a longer history than the tutorial's fixed window of
     * {@code n_steps}, so the values differ in general. It costs one step per value instead of a whole window.
     *
     * @param net   a trained network (its stored recurrent state is cleared before and after)
     * @param seed  the starting values
     * @param steps number of values to generate
     * @return the seed followed by the {@code steps} generated values
     */
    public static double[] generateStateful(MultiLayerNetwork net, double[] seed, int steps) {
        int n = seed.length;
        double[] sequence = Arrays.copyOf(seed, n + steps);
        net.rnnClearPreviousState();
        try {
            if (steps == 0) {
                return sequence;
            }
            INDArray out = net.rnnTimeStep(TimeSeriesData.sequence(seed));
            double next = out.getDouble(0, 0, n - 1);
            for (int i = 0; i < steps; i++) {
                sequence[n + i] = next;
                if (i + 1 < steps) {
                    INDArray x = Nd4j.create(new float[]{(float) next}, new long[]{1, 1, 1}, 'c');
                    next = net.rnnTimeStep(x).getDouble(0, 0, 0);
                }
            }
            return sequence;
        } finally {
            net.rnnClearPreviousState();
        }
    }

    /**
     * The result of {@link #forecast}: for every forecast origin in the test part, the actual value
     * {@code horizon} steps ahead, the model's recursive forecast of it, and the naive forecast (the last known
     * value), all in the series' own units.
     *
     * @param index     index in the series of each forecast value
     * @param actual    the true values
     * @param predicted the model's forecasts
     * @param naive     the last known value before each forecast's window end
     * @param mse       mean squared error of the model
     * @param naiveMse  mean squared error of the naive forecast
     */
    public record Forecast(int[] index, double[] actual, double[] predicted, double[] naive, double mse,
                           double naiveMse) {
        /** @return {@code mse / naiveMse}: below 1 means the model beats the naive forecast */
        public double ratio() {
            return mse / naiveMse;
        }
    }

    /**
     * Forecasts every value of the test part {@code horizon} steps ahead: for each target index {@code j} in
     * {@code [firstTest, length)}, the window {@code series[j − horizon − nSteps + 1, j − horizon]} (known history,
     * which may reach back into the training part) is extended recursively, {@code horizon} times, like
     * {@link #generate}, and the last value is the forecast. The naive forecast is {@code series[j − horizon]}.
     * All windows are run as one batch.
     *
     * @param net        a trained network
     * @param series     the real series, raw units
     * @param normaliser the normalisation the network was trained with
     * @param firstTest  index of the first test value
     * @param nSteps     window length
     * @param horizon    steps ahead (at least 1)
     * @return the forecasts and both MSEs (raw units)
     */
    public static Forecast forecast(MultiLayerNetwork net, double[] series, TimeSeriesData.Normaliser normaliser,
                                    int firstTest, int nSteps, int horizon) {
        int first = Math.max(firstTest, nSteps + horizon - 1);
        int count = series.length - first;
        if (count < 1) {
            throw new IllegalArgumentException("no test value to forecast");
        }
        double[] norm = normaliser.apply(series);
        float[] data = new float[count * nSteps];
        for (int c = 0; c < count; c++) {
            int end = first + c - horizon; // last known index
            for (int k = 0; k < nSteps; k++) {
                data[c * nSteps + k] = (float) norm[end - nSteps + 1 + k];
            }
        }
        INDArray windows = Nd4j.create(data, new long[]{count, 1, nSteps}, 'c');
        INDArray last = null;
        for (int h = 0; h < horizon; h++) {
            INDArray out = net.output(windows, false);
            last = out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(nSteps - 1))
                    .reshape(count, 1, 1).castTo(DataType.FLOAT);
            windows = Nd4j.concat(2, windows.get(NDArrayIndex.all(), NDArrayIndex.all(),
                    NDArrayIndex.interval(1, nSteps)), last);
        }
        double[] lastValues = last.reshape(count).toDoubleVector();
        int[] index = new int[count];
        double[] actual = new double[count];
        double[] predicted = new double[count];
        double[] naive = new double[count];
        double se = 0;
        double naiveSe = 0;
        for (int c = 0; c < count; c++) {
            int j = first + c;
            index[c] = j;
            actual[c] = series[j];
            predicted[c] = normaliser.invert(lastValues[c]);
            naive[c] = series[j - horizon];
            se += (predicted[c] - actual[c]) * (predicted[c] - actual[c]);
            naiveSe += (naive[c] - actual[c]) * (naive[c] - actual[c]);
        }
        return new Forecast(index, actual, predicted, naive, se / count, naiveSe / count);
    }

    /**
     * @param a values
     * @param b values of the same length
     * @return the mean squared difference
     */
    public static double mse(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("lengths " + a.length + " and " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s / a.length;
    }

    /**
     * The tutorial's MSE of a batch: mean over every window, step and output of the squared error, in inference
     * mode.
     *
     * @param net      a network
     * @param features {@code [batch, 1, steps]}
     * @param labels   {@code [batch, 1, steps]}
     * @return the mean squared error
     */
    public static double mse(MultiLayerNetwork net, INDArray features, INDArray labels) {
        INDArray out = net.output(features, false);
        INDArray diff = out.castTo(DataType.DOUBLE).sub(labels.castTo(DataType.DOUBLE));
        return diff.mul(diff).sumNumber().doubleValue() / diff.length();
    }
}
