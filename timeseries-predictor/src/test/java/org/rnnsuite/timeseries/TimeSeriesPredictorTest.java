package org.rnnsuite.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class TimeSeriesPredictorTest {
    private static final int N = 20;
    private final MultiLayerNetwork net = TimeSeriesNetwork.build(TimeSeriesConfig.tiny());

    private static double[] instanceInputs() {
        return TimeSeriesData.timeSeries(Arrays.copyOf(TimeSeriesData.instanceTimes(N), N));
    }

    @Test
    void generationAppendsExactlyWhatTheModelPredicts() {
        double[] seed = instanceInputs();
        double[] seq = TimeSeriesPredictor.generate(net, seed, 30);
        assertEquals(N + 30, seq.length);
        assertArrayEquals(seed, Arrays.copyOf(seq, N), 0.0);
        for (int i = 0; i < 30; i++) {
            double[] window = Arrays.copyOfRange(seq, i, i + N);
            double expected = net.output(TimeSeriesData.sequence(window), false).getDouble(0, 0, N - 1);
            assertEquals(expected, seq[N + i], 0.0, "generated value " + i);
        }
    }

    @Test
    void generationFromZeros() {
        double[] seq = TimeSeriesPredictor.generate(net, new double[N], 5);
        double first = net.output(TimeSeriesData.sequence(new double[N]), false).getDouble(0, 0, N - 1);
        assertEquals(first, seq[N], 0.0);
    }

    @Test
    void statefulGenerationMatchesOnlyOnTheFirstStepAndCarriesTheWholeHistory() {
        double[] seed = instanceInputs();
        double[] exact = TimeSeriesPredictor.generate(net, seed, 10);
        double[] stateful = TimeSeriesPredictor.generateStateful(net, seed, 10);
        assertArrayEquals(seed, Arrays.copyOf(stateful, N), 0.0);
        assertEquals(exact[N], stateful[N], 1e-4, "both see exactly the seed from a zero state");
        // afterwards it is the network's output on the whole sequence so far, not on the last window
        for (int i = 1; i < 10; i++) {
            double[] history = Arrays.copyOf(stateful, N + i);
            double full = net.output(TimeSeriesData.sequence(history), false).getDouble(0, 0, N + i - 1);
            assertEquals(full, stateful[N + i], 1e-4, "value " + i);
        }
        assertNotEquals(exact[N + 9], stateful[N + 9], 1e-6);
    }

    @Test
    void forecastsUseTheWindowBeforeTheTargetAndTheLastValueAsNaive() {
        double[] series = new double[60];
        for (int i = 0; i < series.length; i++) {
            series[i] = Math.sin(i * 0.3) * 10 + 50;
        }
        TimeSeriesData.Normaliser norm = TimeSeriesData.Normaliser.fit(Arrays.copyOf(series, 48));
        int steps = 8;
        for (int horizon : new int[]{1, 3}) {
            TimeSeriesPredictor.Forecast f = TimeSeriesPredictor.forecast(net, series, norm, 48, steps, horizon);
            assertEquals(12, f.index().length);
            for (int c = 0; c < f.index().length; c++) {
                int j = f.index()[c];
                assertEquals(48 + c, j);
                assertEquals(series[j], f.actual()[c], 0.0);
                assertEquals(series[j - horizon], f.naive()[c], 0.0);
                double[] window = norm.apply(Arrays.copyOfRange(series, j - horizon - steps + 1, j - horizon + 1));
                double[] gen = TimeSeriesPredictor.generate(net, window, horizon);
                assertEquals(norm.invert(gen[steps + horizon - 1]), f.predicted()[c], 1e-3);
            }
            assertEquals(TimeSeriesPredictor.mse(f.predicted(), f.actual()), f.mse(), 1e-9);
            assertEquals(TimeSeriesPredictor.mse(f.naive(), f.actual()), f.naiveMse(), 1e-9);
        }
    }
}
