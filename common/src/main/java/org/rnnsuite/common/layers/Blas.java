package org.rnnsuite.common.layers;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products for the hand-written recurrent layers ({@link FastSimpleRnnImpl}, {@link FastGruImpl},
 * {@link FastLstmImpl}): {@code c = alpha·op(a)·op(b) + beta·c}, as {@link Nd4j#gemm}, but on the CPU backend a
 * float product of matrices with unit stride in one dimension (any contiguous array, and row or column ranges of
 * one) goes straight to OpenBLAS's {@code cblas_sgemm}, the library ND4J's own products use. {@code Nd4j.gemm}
 * goes through ND4J's generic operation path (operation context, shape checks, native buffers created and freed),
 * which costs 15-25 µs per call here: as much as the product itself for the per-time-step products of these layers
 * (a 50 × 100 by 100 × 100 product is about 10 µs). Everything else (other data types, other strides, the CUDA
 * backend) is passed to {@code Nd4j.gemm}.
 */
public final class Blas {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static final boolean DIRECT = directAvailable();

    /** Products handed to {@code Nd4j.gemm} (for tests; not synchronised). */
    static long fallbacks;

    private Blas() {
    }

    private static boolean directAvailable() {
        try {
            if (!Nd4j.getBackend().getClass().getName().contains("Cpu")) {
                return false;
            }
            Class.forName("org.bytedeco.openblas.global.openblas_nolapack");
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    /** @return true if products go to OpenBLAS directly (CPU backend) */
    public static boolean direct() {
        return DIRECT;
    }

    /**
     * {@code c = alpha·op(a)·op(b) + beta·c}, where {@code op(x)} is {@code x} or its transpose.
     *
     * @param a      left matrix
     * @param b      right matrix
     * @param c      result, overwritten ({@code beta} = 0) or accumulated into
     * @param transA use the transpose of {@code a}
     * @param transB use the transpose of {@code b}
     * @param alpha  factor of the product
     * @param beta   factor of {@code c}'s previous content
     */
    public static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha,
                            double beta) {
        if (DIRECT && c.rank() == 2 && c.stride(0) == 1 && c.size(1) > 1
                && (c.size(0) > 1 && c.stride(1) >= c.size(0) || c.size(0) == 1 && c.stride(1) > 1)) {
            // a column-major result (e.g. DL4J's 'f'-order gradient views): cᵀ = op(b)ᵀ·op(a)ᵀ is row-major
            gemm(b, a, c.transpose(), !transB, !transA, alpha, beta);
            return;
        }
        if (!DIRECT || a.dataType() != DataType.FLOAT || b.dataType() != DataType.FLOAT
                || c.dataType() != DataType.FLOAT || a.rank() != 2 || b.rank() != 2 || c.rank() != 2
                || c.stride(1) != 1 || c.size(0) > 1 && c.size(1) > 1 && c.stride(0) < c.size(1) // one row: any stride
                || !unitStride(a) || !unitStride(b)
                || a.isEmpty() || b.isEmpty() || c.isEmpty()) {
            fallbacks++;
            Nd4j.gemm(a, b, c, transA, transB, alpha, beta);
            return;
        }
        long m = c.size(0);
        long n = c.size(1);
        long k = transA ? a.size(0) : a.size(1);
        long am = transA ? a.size(1) : a.size(0);
        long bk = transB ? b.size(1) : b.size(0);
        long bn = transB ? b.size(0) : b.size(1);
        if (am != m || bk != k || bn != n) {
            throw new IllegalArgumentException("gemm shapes do not match: " + a.shapeInfoToString() + " x "
                    + b.shapeInfoToString() + " -> " + c.shapeInfoToString());
        }
        // a row-major matrix has stride (ld, 1); a column-major one (1, ld) is the transpose of a row-major one
        boolean aRow = rowMajor(a);
        boolean bRow = rowMajor(b);
        if (m == 1 && !transA && aRow && c.stride(1) == 1) {
            // one row: a matrix-vector product (sgemm would pack all of b first: 2.5 ms instead of 0.2 for the
            // translator's 256 x 9,075 output weights)
            int ldb = (int) Math.max(1, bRow ? ld(b.stride(0), b.size(1)) : ld(b.stride(1), b.size(0)));
            long pr = bRow ? b.size(0) : b.size(1);
            long pc = bRow ? b.size(1) : b.size(0);
            openblas_nolapack.cblas_sgemv(ROW_MAJOR, (transB ^ !bRow) ? NO_TRANS : TRANS, (int) pr, (int) pc,
                    (float) alpha, pointer(b), ldb, pointer(a), 1, (float) beta, pointer(c), 1);
            return;
        }
        int lda = (int) Math.max(1, aRow ? ld(a.stride(0), a.size(1)) : ld(a.stride(1), a.size(0)));
        int ldb = (int) Math.max(1, bRow ? ld(b.stride(0), b.size(1)) : ld(b.stride(1), b.size(0)));
        int ldc = (int) Math.max(1, ld(c.stride(0), n));
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, (transA ^ !aRow) ? TRANS : NO_TRANS,
                (transB ^ !bRow) ? TRANS : NO_TRANS, (int) m, (int) n, (int) k, (float) alpha, pointer(a), lda,
                pointer(b), ldb, (float) beta, pointer(c), ldc);
    }

    /** Unit stride along one dimension (row-major or column-major with a leading dimension). */
    private static boolean unitStride(INDArray x) {
        return rowMajor(x) || x.stride(0) == 1 && (x.size(1) == 1 || x.stride(1) >= x.size(0));
    }

    private static boolean rowMajor(INDArray x) {
        return x.stride(1) == 1 && (x.size(0) == 1 || x.stride(0) >= x.size(1));
    }

    /** A leading dimension: the stride, except for a single row or column where it may be anything. */
    private static long ld(long stride, long minimum) {
        return Math.max(stride, minimum);
    }

    private static FloatPointer pointer(INDArray x) {
        return new FloatPointer(x.data().addressPointer()); // a view's buffer starts at its offset
    }
}
