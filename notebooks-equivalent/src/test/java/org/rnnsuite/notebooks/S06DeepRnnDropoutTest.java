package org.rnnsuite.notebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class S06DeepRnnDropoutTest {
    private static S06DeepRnnDropout.Result result;

    @BeforeAll
    static void runOnce() {
        result = S06DeepRnnDropout.run(42, Transcript.silent());
    }

    @Test
    void threeStackedLayersOutputTheTopLayer() {
        assertEquals(3, S06DeepRnnDropout.stack(42, 0.5).getnLayers());
        assertArrayEquals(new long[] {2, 100, 5}, result.plain().shape());
    }

    @Test
    void dropoutIsInactiveAtInference() {
        assertEquals(result.plain(), result.inference1());
        assertEquals(result.inference1(), result.inference2());
    }

    @Test
    void dropoutIsActiveInTraining() {
        assertTrue(Tensors.maxAbsDiff(result.training1(), result.inference1()) > 1e-2);
        assertTrue(Tensors.maxAbsDiff(result.training1(), result.training2()) > 1e-2);
    }
}
