package org.rnnsuite.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class MnistDataTest {
    /** Two hand-made 3 × 4 images (3 rows = time steps, 4 columns = inputs). */
    private static MnistData.Images handMade() {
        byte[] px = {
                // image 0
                0, 1, 2, 3,
                10, 11, 12, 13,
                (byte) 255, (byte) 128, 51, 0,
                // image 1
                5, 0, 0, 0,
                0, 6, 0, 0,
                0, 0, 7, (byte) 200,
        };
        return new MnistData.Images(2, 3, 4, px);
    }

    @Test
    void rowsBecomeTimeStepsInNcwLayout() {
        INDArray x = MnistData.toSequences(handMade(), 0);
        assertArrayEquals(new long[] {2, 4, 3}, x.shape(), "[batch, features = columns, time = rows]");
        assertEquals(DataType.FLOAT, x.dataType());
        // x[n, column, row] == pixel(row, column) / 255, exactly as float
        assertEquals(0f, x.getFloat(0, 0, 0));
        assertEquals(3f / 255f, x.getFloat(0, 3, 0));
        assertEquals(10f / 255f, x.getFloat(0, 0, 1));
        assertEquals(12f / 255f, x.getFloat(0, 2, 1));
        assertEquals(1f, x.getFloat(0, 0, 2));
        assertEquals(128f / 255f, x.getFloat(0, 1, 2));
        assertEquals(0.2f, x.getFloat(0, 2, 2));
        assertEquals(5f / 255f, x.getFloat(1, 0, 0));
        assertEquals(6f / 255f, x.getFloat(1, 1, 1));
        assertEquals(200f / 255f, x.getFloat(1, 3, 2));
        // time step 1 of image 0 is its second row
        assertArrayEquals(new float[] {10 / 255f, 11 / 255f, 12 / 255f, 13 / 255f},
                x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(1)).toFloatVector());
        for (int n = 0; n < 2; n++) {
            for (int t = 0; t < 3; t++) {
                for (int i = 0; i < 4; i++) {
                    assertEquals(handMade().pixel(n, t, i) / 255f, x.getFloat(n, i, t));
                }
            }
        }
    }

    @Test
    void limitKeepsTheFirstImages() {
        INDArray x = MnistData.toSequences(handMade(), 1);
        assertArrayEquals(new long[] {1, 4, 3}, x.shape());
        assertEquals(1f, x.getFloat(0, 0, 2));
    }

    @Test
    void oneHotLabels() {
        INDArray y = MnistData.oneHot(new int[] {3, 0, 9});
        assertArrayEquals(new long[] {3, 10}, y.shape());
        assertEquals(1f, y.getFloat(0, 3));
        assertEquals(1f, y.getFloat(1, 0));
        assertEquals(1f, y.getFloat(2, 9));
        assertEquals(3.0, y.sumNumber().doubleValue());
    }

    @Test
    void shuffledOrderIsAReproduciblePermutationPerEpoch() {
        int[] a = MnistData.shuffledOrder(100, 42, 1);
        assertArrayEquals(a, MnistData.shuffledOrder(100, 42, 1));
        assertNotEquals(Arrays.toString(a), Arrays.toString(MnistData.shuffledOrder(100, 42, 2)));
        assertNotEquals(Arrays.toString(a), Arrays.toString(MnistData.shuffledOrder(100, 43, 1)));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void batchGathersTheOrderedExamples() {
        MnistData.Split s = MnistData.split(handMade(), new int[] {4, 7}, 0, "test");
        DataSet b = s.batch(new int[] {1, 0}, 0, 2);
        assertArrayEquals(new long[] {2, 4, 3}, b.getFeatures().shape());
        assertEquals(s.features().get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)),
                b.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)));
        assertEquals(1f, b.getLabels().getFloat(0, 7));
        assertEquals(1f, b.getLabels().getFloat(1, 4));
        DataSet one = s.batch(new int[] {1, 0}, 1, 2);
        assertArrayEquals(new long[] {1, 4, 3}, one.getFeatures().shape());
        assertEquals(1f, one.getFeatures().getFloat(0, 0, 2));
        DataSet r = s.range(1, 2);
        assertEquals(200f / 255f, r.getFeatures().getFloat(0, 3, 2));
    }

    @Test
    void committedSampleIsRealMnist() {
        MnistSource sample = MnistSource.sample();
        assertTrue(sample.isSample());
        MnistData.Split train = sample.load(true, 0);
        MnistData.Split test = sample.load(false, 0);
        assertEquals(MnistSource.SAMPLE_TRAIN, train.size());
        assertEquals(MnistSource.SAMPLE_TEST, test.size());
        assertEquals(28, train.height());
        assertEquals(28, train.width());
        // the first MNIST training digit is a 5, the first test digit a 7
        assertEquals(5, train.classes()[0]);
        assertEquals(7, test.classes()[0]);
        int[] counts = new int[10];
        for (int c : train.classes()) {
            counts[c]++;
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(counts[c] > 200, "class " + c + " has " + counts[c] + " examples");
        }
    }
}
