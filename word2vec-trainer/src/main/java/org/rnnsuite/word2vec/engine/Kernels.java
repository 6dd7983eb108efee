package org.rnnsuite.word2vec.engine;

/**
 * The vector operations of the training loop on rows of flat float arrays. {@link #best()} uses the JDK's Vector
 * API ({@code jdk.incubator.vector}, SIMD) when the JVM runs with {@code --add-modules jdk.incubator.vector}, else
 * plain loops (the JIT vectorises some of them).
 */
public abstract class Kernels {
    private static final Kernels BEST = choose();

    /** For subclasses of this package. */
    Kernels() {
    }

    /**
     * @return the SIMD kernels if the Vector API module is present and the system property
     * {@code rnnsuite.word2vec.simd} is not {@code false}, else the plain ones
     */
    public static Kernels best() {
        return BEST;
    }

    /** @return the plain-loop kernels */
    public static Kernels scalar() {
        return new ScalarKernels();
    }

    private static Kernels choose() {
        if (!"false".equals(System.getProperty("rnnsuite.word2vec.simd"))
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (Kernels) Class.forName("org.rnnsuite.word2vec.engine.VectorKernels")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarKernels();
            }
        }
        return new ScalarKernels();
    }

    /** @return a short name: {@code simd-N} (N float lanes) or {@code scalar} */
    public abstract String name();

    /**
     * @param a  first array
     * @param ao offset of the first row
     * @param b  second array
     * @param bo offset of the second row
     * @param n  row length
     * @return the dot product of the two rows
     */
    public abstract float dot(float[] a, int ao, float[] b, int bo, int n);

    /**
     * {@code y[yo..yo+n) += alpha * x[xo..xo+n)}.
     *
     * @param alpha scale
     * @param x     source array
     * @param xo    source offset
     * @param y     destination array
     * @param yo    destination offset
     * @param n     row length
     */
    public abstract void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n);

    /** Plain loops, four partial sums for the dot product. */
    static final class ScalarKernels extends Kernels {
        @Override
        public String name() {
            return "scalar";
        }

        @Override
        public float dot(float[] a, int ao, float[] b, int bo, int n) {
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int k = 0;
            for (; k + 3 < n; k += 4) {
                s0 += a[ao + k] * b[bo + k];
                s1 += a[ao + k + 1] * b[bo + k + 1];
                s2 += a[ao + k + 2] * b[bo + k + 2];
                s3 += a[ao + k + 3] * b[bo + k + 3];
            }
            for (; k < n; k++) {
                s0 += a[ao + k] * b[bo + k];
            }
            return (s0 + s1) + (s2 + s3);
        }

        @Override
        public void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
            for (int k = 0; k < n; k++) {
                y[yo + k] += alpha * x[xo + k];
            }
        }
    }
}
