package org.rnnsuite.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.rnnsuite.common.UserException;

class TimeSeriesDataTest {
    @TempDir
    Path tmp;

    @Test
    void seriesFunctionValues() {
        assertEquals(0.0, TimeSeriesData.timeSeries(0.0), 0.0);
        assertEquals(Math.PI / 6 + 2, TimeSeriesData.timeSeries(Math.PI / 2), 1e-12);
        assertEquals(0.0, TimeSeriesData.timeSeries(Math.PI), 1e-12);
        double t = 12.3;
        assertEquals(t * Math.sin(t) / 3 + 2 * Math.sin(5 * t), TimeSeriesData.timeSeries(t), 0.0);
        assertArrayEquals(new double[]{0.0, TimeSeriesData.timeSeries(1.0)},
                TimeSeriesData.timeSeries(new double[]{0.0, 1.0}), 0.0);
    }

    @Test
    void targetIsInputShiftedOneStepExactly() {
        int n = 20;
        DataSet ds = TimeSeriesData.nextBatch(new Random(7), 50, n);
        INDArray x = ds.getFeatures();
        INDArray y = ds.getLabels();
        assertArrayEquals(new long[]{50, 1, n}, x.shape());
        assertArrayEquals(new long[]{50, 1, n}, y.shape());
        for (int b = 0; b < 50; b++) {
            for (int k = 0; k + 1 < n; k++) {
                assertEquals(x.getFloat(b, 0, k + 1), y.getFloat(b, 0, k), 0.0f, "window " + b + " step " + k);
            }
        }
    }

    @Test
    void windowValuesFollowTheSeriesEveryResolution() {
        double[] t0 = {0.0, 5.55, 27.9};
        DataSet ds = TimeSeriesData.windowsAt(t0, 20);
        for (int b = 0; b < t0.length; b++) {
            for (int k = 0; k < 20; k++) {
                assertEquals((float) TimeSeriesData.timeSeries(t0[b] + k * 0.1), ds.getFeatures().getFloat(b, 0, k), 0f);
                assertEquals((float) TimeSeriesData.timeSeries(t0[b] + (k + 1) * 0.1), ds.getLabels().getFloat(b, 0, k),
                        0f);
            }
        }
    }

    @Test
    void windowSamplingStaysInRangeAndCoversIt() {
        Random rng = new Random(1);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < 200; i++) {
            for (double t0 : TimeSeriesData.startTimes(rng, 50, 20)) {
                assertTrue(t0 >= TimeSeriesData.T_MIN, "start " + t0);
                assertTrue(t0 + 20 * TimeSeriesData.RESOLUTION <= TimeSeriesData.T_MAX, "end of " + t0);
                min = Math.min(min, t0);
                max = Math.max(max, t0);
            }
        }
        assertTrue(min < 0.05 && max > 27.95, "range covered: " + min + " .. " + max);
    }

    @Test
    void samplingGuards() {
        assertThrows(IllegalArgumentException.class, () -> TimeSeriesData.startTimes(new Random(), 0, 20));
        assertThrows(IllegalArgumentException.class, () -> TimeSeriesData.startTimes(new Random(), 5, 0));
        assertThrows(IllegalArgumentException.class, () -> TimeSeriesData.startTimes(new Random(), 5, 300));
    }

    @Test
    void batchesDependOnlyOnSeedAndIteration() {
        DataSet a = TimeSeriesData.nextBatch(TimeSeriesData.batchRandom(42, 17), 8, 20);
        DataSet b = TimeSeriesData.nextBatch(TimeSeriesData.batchRandom(42, 17), 8, 20);
        DataSet c = TimeSeriesData.nextBatch(TimeSeriesData.batchRandom(42, 18), 8, 20);
        assertEquals(a.getFeatures(), b.getFeatures());
        assertTrue(!a.getFeatures().equals(c.getFeatures()));
    }

    @Test
    void tutorialInstanceTimes() {
        double[] t = TimeSeriesData.instanceTimes(20);
        assertEquals(21, t.length);
        assertEquals(12.2, t[0], 1e-12);
        assertEquals(14.3, t[20], 1e-12);
        assertEquals(0.105, t[1] - t[0], 1e-12);
        DataSet inst = TimeSeriesData.instance(20);
        assertEquals((float) TimeSeriesData.timeSeries(t[0]), inst.getFeatures().getFloat(0, 0, 0), 0f);
        assertEquals((float) TimeSeriesData.timeSeries(t[20]), inst.getLabels().getFloat(0, 0, 19), 0f);
    }

    @Test
    void realWindowsAreContiguousShiftedSlices() {
        double[] s = new double[30];
        for (int i = 0; i < s.length; i++) {
            s[i] = i;
        }
        DataSet ds = TimeSeriesData.nextWindowBatch(new Random(3), s, 40, 5);
        for (int b = 0; b < 40; b++) {
            float first = ds.getFeatures().getFloat(b, 0, 0);
            assertTrue(first >= 0 && first + 5 <= 29);
            for (int k = 0; k < 5; k++) {
                assertEquals(first + k, ds.getFeatures().getFloat(b, 0, k), 0f);
                assertEquals(first + k + 1, ds.getLabels().getFloat(b, 0, k), 0f);
            }
        }
        UserException e = assertThrows(UserException.class,
                () -> TimeSeriesData.nextWindowBatch(new Random(), new double[5], 2, 5));
        assertTrue(e.getMessage().contains("fewer than one window"), e.getMessage());
    }

    @Test
    void readsAColumnThroughDataVecWithQuotedHeader() throws Exception {
        Path f = tmp.resolve("s.csv");
        Files.writeString(f, "\"time\",\"value\"\n1949,112\n1949.0833,118\n1949.1667,132.5\n");
        assertArrayEquals(new double[]{112, 118, 132.5}, TimeSeriesData.readColumn(f, "value"), 0.0);
        assertArrayEquals(new double[]{1949, 1949.0833, 1949.1667}, TimeSeriesData.readColumn(f, "time"), 0.0);
    }

    @Test
    void csvLoaderErrors() throws Exception {
        Path f = tmp.resolve("bad.csv");
        Files.writeString(f, "time,value\n1,2\n2,oops\n");
        UserException nonNumeric = assertThrows(UserException.class, () -> TimeSeriesData.readColumn(f, "value"));
        assertTrue(nonNumeric.getMessage().contains("line 3: non-numeric value 'oops' in column 'value'"),
                nonNumeric.getMessage());
        UserException missing = assertThrows(UserException.class, () -> TimeSeriesData.readColumn(f, "sales"));
        assertTrue(missing.getMessage().contains("has no column 'sales' (columns: time, value)"), missing.getMessage());
        UserException noFile = assertThrows(UserException.class,
                () -> TimeSeriesData.readColumn(tmp.resolve("none.csv"), "value"));
        assertTrue(noFile.getMessage().startsWith("no CSV file"), noFile.getMessage());
        Path empty = tmp.resolve("empty.csv");
        Files.writeString(empty, "");
        assertThrows(UserException.class, () -> TimeSeriesData.readColumn(empty, "value"));
        for (String m : new String[]{nonNumeric.getMessage(), missing.getMessage()}) {
            assertEquals(1, m.lines().count(), "one line: " + m);
        }
    }

    @Test
    void seriesShorterThanOneWindowIsRejected() throws Exception {
        Path f = tmp.resolve("short.csv");
        StringBuilder sb = new StringBuilder("v\n");
        for (int i = 0; i < 20; i++) {
            sb.append(i).append('\n');
        }
        Files.writeString(f, sb.toString());
        UserException e = assertThrows(UserException.class,
                () -> TimeSeriesData.RealSeries.load(f, "v", 20, 1));
        assertTrue(e.getMessage().contains("has 20 values: too short"), e.getMessage());
        TimeSeriesData.RealSeries ok = TimeSeriesData.RealSeries.load(f, "v", 5, 1);
        assertEquals(16, ok.trainEnd());
    }

    @Test
    void normaliserIsFittedOnTheTrainingPartOnly() throws Exception {
        Path f = tmp.resolve("n.csv");
        StringBuilder sb = new StringBuilder("v\n");
        for (int i = 0; i < 50; i++) {
            sb.append(i < 40 ? i % 2 : 1000).append('\n');
        }
        Files.writeString(f, sb.toString());
        TimeSeriesData.RealSeries s = TimeSeriesData.RealSeries.load(f, "v", 5, 1);
        assertEquals(40, s.trainEnd());
        assertEquals(0.5, s.normaliser().mean(), 1e-12);
        assertEquals(0.5, s.normaliser().std(), 1e-12);
        assertEquals(1000, s.normaliser().invert(s.normaliser().apply(1000)), 1e-9);
    }
}
