package org.rnnsuite.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class S05SequenceClassifierAndTimeSeriesTest {
    private static S05SequenceClassifierAndTimeSeries.Result result;

    @BeforeAll
    static void runOnce() {
        result = S05SequenceClassifierAndTimeSeries.run(42, true, Transcript.silent());
    }

    @Test
    void theClassifierLearnsFromTheBundledSample() {
        double[] acc = result.mnistTestAccuracy();
        assertEquals(S05SequenceClassifierAndTimeSeries.MNIST_EPOCHS, acc.length);
        assertTrue(acc[acc.length - 1] > 0.6, "test accuracy " + acc[acc.length - 1]);
        assertTrue(acc[acc.length - 1] > acc[0]);
        double[] loss = result.mnistTrainLoss();
        assertTrue(loss[loss.length - 1] < loss[0]);
        assertTrue(result.text().contains("epoch 1 train accuracy: "));
    }

    @Test
    void theTimeSeriesModelPredictsTheNextValue() {
        double[] mse = result.timeSeriesMse();
        assertTrue(mse[mse.length - 1] < mse[0] / 10, mse[0] + " -> " + mse[mse.length - 1]);
        assertTrue(result.instanceMse() < result.instanceNaiveMse() / 2,
                result.instanceMse() + " vs naive " + result.instanceNaiveMse());
    }

    @Test
    void generationAppendsToTheSeedOfZeros() {
        double[] g = result.generated();
        assertEquals(20 + S05SequenceClassifierAndTimeSeries.GENERATED, g.length);
        for (int i = 0; i < 20; i++) {
            assertEquals(0.0, g[i], 0.0);
        }
        for (double v : g) {
            assertTrue(Double.isFinite(v));
        }
    }
}
