package org.rnnsuite.notebooks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class S07CellsTest {
    private static S07Cells.Result result;

    @BeforeAll
    static void runOnce() {
        result = S07Cells.run(42, Transcript.silent());
    }

    @Test
    void handWrittenCellsEqualTheLibraryLayers() {
        assertTrue(result.byHand().keySet().containsAll(List.of("lstm", "peephole", "gru")));
        for (String cell : result.byHand().keySet()) {
            INDArray hand = result.byHand().get(cell);
            assertTrue(hand.amaxNumber().doubleValue() > 1e-3, cell);
            assertTrue(Tensors.maxAbsDiff(hand, result.library().get(cell)) < 1e-10, cell);
        }
    }

    /** The equality above pins DL4J's gate order only if a different order would give different numbers. */
    @Test
    void theGateOrderMatters() {
        Nd4j.getRandom().setSeed(7);
        int h = 4;
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, 3);
        INDArray w = Nd4j.randn(DataType.DOUBLE, 3, 4 * h);
        INDArray rw = Nd4j.randn(DataType.DOUBLE, h, 4 * h + 3);
        INDArray b = Nd4j.randn(DataType.DOUBLE, 1, 4 * h);
        INDArray h0 = Nd4j.randn(DataType.DOUBLE, 2, h);
        INDArray c0 = Nd4j.randn(DataType.DOUBLE, 2, h);
        INDArray reference = S07Cells.lstmStep(x, h0, c0, w, rw, b, true)[0];
        int[][] swaps = {{0, 3}, {1, 2}, {0, 1}};
        for (int[] swap : swaps) {
            INDArray swapped = S07Cells.lstmStep(x, h0, c0, swapBlocks(w, swap, h), swapBlocks(rw, swap, h),
                    swapBlocks(b, swap, h), true)[0];
            assertTrue(Tensors.maxAbsDiff(reference, swapped) > 1e-3, "blocks " + swap[0] + " and " + swap[1]);
        }
    }

    private static INDArray swapBlocks(INDArray a, int[] swap, int h) {
        INDArray out = a.dup();
        INDArray first = S07Cells.block(a, swap[0], h);
        INDArray second = S07Cells.block(a, swap[1], h);
        out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval((long) swap[0] * h, (long) (swap[0] + 1) * h)).assign(second);
        out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval((long) swap[1] * h, (long) (swap[1] + 1) * h)).assign(first);
        return out;
    }
}
