package org.rnnsuite.notebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class S01ManualRnnTest {
    private static S01ManualRnn.Result result;

    @BeforeAll
    static void runOnce() {
        result = S01ManualRnn.run(42, Transcript.silent());
    }

    @Test
    void simpleRnnWithTheSameWeightsGivesTheManualOutputs() {
        assertArrayEquals(new long[] {4, 5}, result.y0().shape());
        assertArrayEquals(new long[] {4, 5}, result.y1().shape());
        assertTrue(Tensors.maxAbsDiff(result.y0(), result.y0Layer()) < 1e-5);
        assertTrue(Tensors.maxAbsDiff(result.y1(), result.y1Layer()) < 1e-5);
    }

    @Test
    void printsBothOutputsAndIsReproducible() {
        assertTrue(result.text().contains("Y0_val = [["));
        assertTrue(result.text().contains("Y1_val = [["));
        assertEquals(result.text(), S01ManualRnn.run(42, Transcript.silent()).text());
    }

    @Test
    void secondStepDependsOnTheFirst() {
        // Instance 1 has X1 = 0: its Y1 = tanh(Y0 · Wy) comes from the recurrence alone and is not zero.
        assertTrue(result.y1().getRow(1).amaxNumber().doubleValue() > 0.01);
    }
}
