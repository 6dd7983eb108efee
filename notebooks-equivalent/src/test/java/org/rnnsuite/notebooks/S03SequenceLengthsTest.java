package org.rnnsuite.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class S03SequenceLengthsTest {
    private static S03SequenceLengths.Result result;

    @BeforeAll
    static void runOnce() {
        result = S03SequenceLengths.run(42, Transcript.silent());
    }

    private static INDArray at(INDArray outputs, int instance, int t) {
        return outputs.get(NDArrayIndex.point(instance), NDArrayIndex.all(), NDArrayIndex.point(t));
    }

    @Test
    void outputsPastEachLengthAreExactlyZero() {
        int[] lengths = result.lengths();
        for (int i = 0; i < lengths.length; i++) {
            for (int t = 0; t < S03SequenceLengths.N_STEPS; t++) {
                INDArray y = at(result.outputs(), i, t);
                if (t >= lengths[i]) {
                    for (int j = 0; j < y.length(); j++) {
                        assertEquals(0.0, y.getDouble(j), 0.0, "instance " + i + " step " + t);
                    }
                } else {
                    assertTrue(y.amaxNumber().doubleValue() > 0);
                }
            }
        }
    }

    @Test
    void finalStateIsTheLastValidOutput() {
        int[] lengths = result.lengths();
        for (int i = 0; i < lengths.length; i++) {
            assertEquals(at(result.outputs(), i, lengths[i] - 1), result.states().getRow(i), "instance " + i);
        }
    }

    @Test
    void withoutTheMaskThePaddingIsComputed() {
        assertTrue(at(result.outputsNoMask(), 1, 1).amaxNumber().doubleValue() > 0.01);
        // Real steps are the same with and without the mask (right padding).
        assertTrue(Tensors.maxAbsDiff(at(result.outputsNoMask(), 1, 0), at(result.outputs(), 1, 0)) < 1e-5);
        assertTrue(Tensors.maxAbsDiff(at(result.outputsNoMask(), 0, 1), at(result.outputs(), 0, 1)) < 1e-5);
    }

    @Test
    void maskFromLengths() {
        INDArray like = Nd4j.zeros(1);
        assertEquals(Nd4j.createFromArray(new float[][] {{1, 1, 0}, {1, 0, 0}, {1, 1, 1}}),
                Tensors.maskFromLengths(new int[] {2, 1, 3}, 3, like));
        assertThrows(IllegalArgumentException.class, () -> Tensors.maskFromLengths(new int[] {0}, 3, like));
        assertThrows(IllegalArgumentException.class, () -> Tensors.maskFromLengths(new int[] {4}, 3, like));
    }
}
