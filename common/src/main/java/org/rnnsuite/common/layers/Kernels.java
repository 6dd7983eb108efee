package org.rnnsuite.common.layers;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element-wise helpers of the fused time-step kernels of {@link FastLstmImpl}, {@link FastGruImpl},
 * {@link FastSimpleRnnImpl} and {@link FastPeepholeLstmImpl}.
 *
 * <p>The kernels work on Java {@code float[]} arrays, in short loops that the JIT compiles to vector instructions
 * (each loop indexes all its arrays by the same {@code i}, and its body is small enough to unroll: C2 vectorises
 * neither a loop mixing stores with loads at other offsets, such as {@code d[i]} with {@code y[off + i]} (20 times
 * slower), nor a very long body, nor a conditional). A few such loops over a step's
 * gates do what took one ND4J operation per gate and per derivative (each with a fixed cost of 8-25 µs; ND4J's
 * sigmoid takes 0.4 ms for 150 × 450 values on one core, the loop below 0.07 ms).
 * The matrix products stay in OpenBLAS ({@link Blas}), on off-heap buffers; a step's block is copied between the two
 * with one bulk copy each way (about 10 µs for 150 × 600 floats).
 *
 * <p>{@link #tanh(float)} is the rational approximation Eigen uses for float (a 13/6 rational function on
 * [−7.9, 7.9], clamped outside): absolute error below 4e-7 against {@code Math.tanh}, no exponential, no branch.
 * {@link #sigmoid(float)} is {@code (1 + tanh(x/2)) / 2}.
 */
final class Kernels {
    private static final float CLAMP = 7.90531110763549805f;

    private Kernels() {
    }

    /** @return true if the fused kernels apply to arrays of this type (32-bit float, CPU backend) */
    static boolean applies(DataType type) {
        return type == DataType.FLOAT && Blas.direct();
    }

    /**
     * @param x a value
     * @return tanh(x), within 4e-7
     */
    static float tanh(float x) {
        x = Math.max(-CLAMP, Math.min(CLAMP, x));
        float x2 = x * x;
        float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
        p = x2 * p + -8.60467152213735e-11f;
        p = x2 * p + 5.12229709037114e-08f;
        p = x2 * p + 1.48572235717979e-05f;
        p = x2 * p + 6.37261928875436e-04f;
        p = x2 * p + 4.89352455891786e-03f;
        p = x * p;
        float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
        q = x2 * q + 2.26843463243900e-03f;
        q = x2 * q + 4.89352518554385e-03f;
        return p / q;
    }

    /**
     * @param x a value
     * @return the logistic function 1 / (1 + e^−x), within 2e-7
     */
    static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    /**
     * tanh in place.
     *
     * @param x values
     * @param n how many, from index 0
     */
    static void tanh(float[] x, int n) {
        for (int i = 0; i < n; i++) {
            x[i] = tanh(x[i]);
        }
    }

    /**
     * {@code y = tanh(x)}.
     *
     * @param x values
     * @param y results (may be {@code x})
     * @param n how many, from index 0
     */
    static void tanh(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = tanh(x[i]);
        }
    }

    /**
     * tanh in place over {@code x[off, off + n)}.
     *
     * @param x   values
     * @param off first index
     * @param n   how many
     */
    static void tanh(float[] x, int off, int n) {
        for (int i = off; i < off + n; i++) {
            x[i] = tanh(x[i]);
        }
    }

    /**
     * {@code max(x, 0)} in place over {@code x[off, off + n)}.
     *
     * @param x   values
     * @param off first index
     * @param n   how many
     */
    static void relu(float[] x, int off, int n) {
        for (int i = off; i < off + n; i++) {
            x[i] = Math.max(x[i], 0f);
        }
    }

    /**
     * {@code d ← d ⊙ (1 − y²)}: the gradient through {@code y = tanh(z)} from its output.
     *
     * @param y   outputs
     * @param d   gradients with respect to {@code y}; overwritten
     * @param off index of the first value in both
     * @param n   how many
     */
    static void tanhBackward(float[] y, float[] d, int off, int n) {
        for (int i = off; i < off + n; i++) {
            d[i] *= 1f - y[i] * y[i];
        }
    }

    /**
     * {@code d ← d} where {@code y > 0}, else 0: the gradient through {@code y = max(z, 0)} from its output
     * ({@code y ≥ 0}). Written as {@code d · min(y · 2²⁵², 1)}, which is exactly {@code d} or ±0 for every
     * {@code y ≥ 0} (the smallest positive float times 2²⁵² is above 1, a large one overflows to infinity): the JIT
     * vectorises the product and the minimum, not a conditional (5.3 ns per value here, against 0.25).
     *
     * @param y   outputs
     * @param d   gradients with respect to {@code y}; overwritten
     * @param off index of the first value in both
     * @param n   how many
     */
    static void reluBackward(float[] y, float[] d, int off, int n) {
        for (int i = off; i < off + n; i++) {
            d[i] *= Math.min(y[i] * 0x1p126f * 0x1p126f, 1f);
        }
    }

    /**
     * The logistic function in place.
     *
     * @param x values
     * @param n how many, from index 0
     */
    static void sigmoid(float[] x, int n) {
        for (int i = 0; i < n; i++) {
            x[i] = sigmoid(x[i]);
        }
    }

    /**
     * Multiplies each row of a {@code [m, h]} block by its mask value.
     *
     * @param x    the block, row-major from index 0
     * @param mask mask values; row r's is {@code mask[mo + r]}
     * @param mo   offset of row 0's value
     * @param m    rows
     * @param h    columns
     */
    static void scaleRows(float[] x, float[] mask, int mo, int m, int h) {
        for (int r = 0; r < m; r++) {
            float v = mask[mo + r];
            if (v != 1f) {
                int b = r * h;
                for (int j = 0; j < h; j++) {
                    x[b + j] *= v;
                }
            }
        }
    }

    /**
     * Splits a row-major {@code [m, k·h]} block of gate columns into {@code k} row-major {@code [m, h]} arrays.
     *
     * @param src   the block's buffer
     * @param off   index of the block's first element
     * @param m     rows
     * @param h     columns per gate
     * @param gates one array per gate, in column order
     */
    static void deinterleave(FloatBuffer src, int off, int m, int h, float[]... gates) {
        int k = gates.length;
        for (int r = 0; r < m; r++) {
            int row = off + r * k * h;
            for (int g = 0; g < k; g++) {
                src.get(row + g * h, gates[g], r * h, h);
            }
        }
    }

    /**
     * The inverse of {@link #deinterleave}: writes {@code k} row-major {@code [m, h]} arrays as the column blocks of
     * a row-major {@code [m, k·h]} block.
     *
     * @param dst   the block's buffer
     * @param off   index of the block's first element
     * @param m     rows
     * @param h     columns per gate
     * @param gates one array per gate, in column order
     */
    static void interleave(FloatBuffer dst, int off, int m, int h, float[]... gates) {
        int k = gates.length;
        for (int r = 0; r < m; r++) {
            int row = off + r * k * h;
            for (int g = 0; g < k; g++) {
                dst.put(row + g * h, gates[g], r * h, h);
            }
        }
    }

    /**
     * A direct view of a float array's memory: its whole buffer, from the buffer's own start (for a contiguous array
     * that is not a view, its elements in storage order).
     *
     * @param x a float array
     * @return its buffer's elements
     */
    static FloatBuffer floats(INDArray x) {
        return new FloatPointer(x.data().addressPointer()).capacity(x.data().length()).asBuffer();
    }

    /**
     * The time-major mask {@code [T·m]} of a {@code [m, T]} features mask.
     *
     * @param mask the mask, or null
     * @param out  where to write, at least {@code T·m} long
     * @param m    batch size
     * @param t    steps
     */
    static void timeMajorMask(INDArray mask, float[] out, int m, int t) {
        float[] v = mask.castTo(DataType.FLOAT).dup('c').data().asFloat();
        for (int i = 0; i < m; i++) {
            for (int s = 0; s < t; s++) {
                out[s * m + i] = v[i * t + s];
            }
        }
    }
}
