package org.rnnsuite.benchmarks;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnnsuite.common.layers.Blas;
import org.rnnsuite.common.NativeSettings;

/**
 * Times the three float products of the translator's output layer for one training step (704 rows of 256 units by
 * the 256 x 9,075 weights: forward, weight gradient, input gradient) through {@link Blas}, median of the
 * repetitions; run it under different {@code OPENBLAS_CORETYPE} values to compare OpenBLAS's kernels.
 *
 * <p>Usage: {@code ProductBenchmark [REPETITIONS]} (default 20).
 */
public final class ProductBenchmark {
    private ProductBenchmark() {
    }

    /** @param args optional number of timed repetitions */
    public static void main(String[] args) {
        NativeSettings.apply();
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int n = 704;
        int h = 256;
        int v = 9075;
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, h);
        INDArray w = Nd4j.rand(DataType.FLOAT, h, v).dup('f');   // as DL4J holds a layer's weights
        INDArray z = Nd4j.rand(DataType.FLOAT, n, v);
        INDArray wGrad = Nd4j.create(DataType.FLOAT, new long[] {h, v}, 'f');
        INDArray xGrad = Nd4j.create(DataType.FLOAT, n, h);
        double[][] ms = new double[3][reps];
        for (int i = -3; i < reps; i++) {   // 3 untimed
            long t0 = System.nanoTime();
            Blas.gemm(x, w, z, false, false, 1.0, 0.0);
            long t1 = System.nanoTime();
            Blas.gemm(x, z, wGrad, true, false, 1.0, 0.0);
            long t2 = System.nanoTime();
            Blas.gemm(z, w, xGrad, false, true, 1.0, 0.0);
            long t3 = System.nanoTime();
            if (i >= 0) {
                ms[0][i] = (t1 - t0) / 1e6;
                ms[1][i] = (t2 - t1) / 1e6;
                ms[2][i] = (t3 - t2) / 1e6;
            }
        }
        String core = System.getenv("OPENBLAS_CORETYPE");
        System.out.printf("OPENBLAS_CORETYPE=%s, %d repetitions, median ms: forward %.1f, weight gradient %.1f, "
                + "input gradient %.1f%n", core == null ? "(detected)" : core, reps, median(ms[0]), median(ms[1]),
                median(ms[2]));
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
