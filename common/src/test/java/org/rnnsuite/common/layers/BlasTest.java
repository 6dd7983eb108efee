package org.rnnsuite.common.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Blas#gemm} gives {@link Nd4j#gemm}'s results for every layout the recurrent layers use, and others. */
class BlasTest {

    /** The same [rows, cols] matrix in several layouts: contiguous c and f, row and column ranges of bigger ones. */
    private static List<INDArray> layouts(long rows, long cols, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray base = Nd4j.rand(DataType.FLOAT, rows, cols).subi(0.5);
        List<INDArray> out = new ArrayList<>();
        out.add(base.dup('c'));
        out.add(base.dup('f'));
        INDArray tall = Nd4j.rand(DataType.FLOAT, rows + 5, cols);
        INDArray rowView = tall.get(interval(3, 3 + rows), all());
        rowView.assign(base);
        out.add(rowView);
        INDArray wide = Nd4j.rand(DataType.FLOAT, rows, 3 * cols + 2);
        INDArray colView = wide.get(all(), interval(cols + 1, 2 * cols + 1));
        colView.assign(base);
        out.add(colView);
        INDArray wideF = Nd4j.rand(DataType.FLOAT, rows + 4, cols).dup('f');
        INDArray fView = wideF.get(interval(2, 2 + rows), all());
        fView.assign(base);
        out.add(fView);
        return out;
    }

    @Test
    void matchesNd4jGemmForEveryLayoutAndTranspose() {
        assertTrue(Blas.direct(), "the CPU backend must use OpenBLAS directly");
        for (long m : new long[] {7, 1}) {   // 1: the matrix-vector path
            checkAllLayouts(m, 5, 6);
        }
    }

    private static void checkAllLayouts(long m, long k, long n) {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                List<INDArray> as = layouts(ta ? k : m, ta ? m : k, 1);
                List<INDArray> bs = layouts(tb ? n : k, tb ? k : n, 2);
                INDArray expected = Nd4j.create(DataType.FLOAT, m, n);
                INDArray c0 = Nd4j.rand(DataType.FLOAT, m, n);
                for (INDArray a : as) {
                    for (INDArray b : bs) {
                        for (INDArray c : layouts(m, n, 3)) {
                            c.assign(c0);
                            expected.assign(c0);
                            Nd4j.gemm(a.dup('c'), b.dup('c'), expected, ta, tb, 0.5, 0.25);
                            Blas.gemm(a, b, c, ta, tb, 0.5, 0.25);
                            assertTrue(c.equalsWithEps(expected, 1e-5), "ta=" + ta + " tb=" + tb + " a "
                                    + a.shapeInfoToString() + " b " + b.shapeInfoToString());
                        }
                    }
                }
            }
        }
    }

    @Test
    void singleRowProductsGoToOpenBlasToo() {
        INDArray w = Nd4j.rand(DataType.FLOAT, 8, 5).dup('f');
        INDArray rows = Nd4j.rand(DataType.FLOAT, 3, 8);
        long before = Blas.fallbacks;
        for (INDArray x : new INDArray[] {rows.getRow(1, true), Nd4j.rand(DataType.FLOAT, 1, 8)}) {
            INDArray out = Nd4j.create(DataType.FLOAT, 4, 5).getRow(2, true);   // a [1, 5] row of a bigger matrix
            Blas.gemm(x, w, out, false, false, 1.0, 0.0);
            assertTrue(out.equalsWithEps(x.mmul(w), 1e-5));
            INDArray fresh = Nd4j.create(DataType.FLOAT, 1, 5);
            Blas.gemm(x, w, fresh, false, false, 1.0, 0.0);
            assertTrue(fresh.equalsWithEps(x.mmul(w), 1e-5));
        }
        assertEquals(before, Blas.fallbacks, "no fallback to Nd4j.gemm for one-row products");
    }

    @Test
    void vectorsAndOtherTypesWork() {
        INDArray ones = Nd4j.ones(DataType.FLOAT, 1, 4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3);
        INDArray sum = Nd4j.create(DataType.FLOAT, 1, 3);
        Blas.gemm(ones, x, sum, false, false, 1.0, 0.0);
        assertTrue(sum.equalsWithEps(x.sum(true, 0), 1e-5));
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray outD = Nd4j.create(DataType.DOUBLE, 3, 3);
        Blas.gemm(xd, xd, outD, true, false, 1.0, 0.0);
        assertTrue(outD.equalsWithEps(xd.transpose().mmul(xd), 1e-10));
    }
}
