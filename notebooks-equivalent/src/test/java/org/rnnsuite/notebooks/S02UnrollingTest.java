package org.rnnsuite.notebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class S02UnrollingTest {
    private static S02Unrolling.Result result;

    @BeforeAll
    static void runOnce() {
        result = S02Unrolling.run(42, Transcript.silent());
    }

    @Test
    void staticSteppedAndNwcEqualDynamic() {
        assertArrayEquals(new long[] {4, 2, 5}, result.dynamic().shape());
        assertTrue(Tensors.maxAbsDiff(result.statik(), result.dynamic()) < 1e-5);
        assertTrue(Tensors.maxAbsDiff(result.stepped(), result.dynamic()) < 1e-5);
        assertTrue(Tensors.maxAbsDiff(result.nwc(), result.dynamic()) < 1e-5);
    }

    @Test
    void unstackGivesTheTutorialsPerStepBatches() {
        List<INDArray> steps = S02Unrolling.unstackTime(S02Unrolling.xBatch());
        assertEquals(2, steps.size());
        assertEquals(S01ManualRnn.x0Batch(), steps.get(0));
        assertEquals(S01ManualRnn.x1Batch(), steps.get(1));
    }

    @Test
    void swappingTimeAndFeaturesIsItsOwnInverse() {
        INDArray x = S02Unrolling.xBatch();
        INDArray ncw = Tensors.swapTimeAndFeatures(x);
        assertArrayEquals(new long[] {4, 3, 2}, ncw.shape());
        assertEquals(x.getFloat(1, 0, 2), ncw.getFloat(1, 2, 0));  // instance 1, t = 0, feature 2 = 5
        assertEquals(x, Tensors.swapTimeAndFeatures(ncw));
    }
}
