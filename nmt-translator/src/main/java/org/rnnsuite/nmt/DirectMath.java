package org.rnnsuite.nmt;

import java.nio.FloatBuffer;
import java.util.function.IntFunction;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnnsuite.common.layers.Blas;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.layers.FastLstm;

/**
 * What {@link DirectEncoder} and {@link DirectDecoder} share: the graph's parameter matrices where the graph keeps
 * them, native row buffers, OpenBLAS products of rows by those matrices, an embedding lookup and the LSTM cell.
 */
final class DirectMath {
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    private DirectMath() {
    }

    /**
     * A parameter matrix {@code [rows, cols]} where the graph keeps it (a view: no copy), row-major or column-major
     * (DL4J's parameter views are column-major).
     *
     * @param p           its first element
     * @param rows        rows
     * @param cols        columns
     * @param ld          the leading dimension
     * @param columnMajor true if column-major
     * @param owner       the array, kept reachable while the pointer is used
     */
    record Mat(FloatPointer p, int rows, int cols, int ld, boolean columnMajor, INDArray owner) {
        /**
         * @param x a float matrix with unit stride in one dimension, or a vector (one row)
         * @return the matrix
         */
        static Mat of(INDArray x) {
            if (x.rank() == 1) {
                x = x.reshape(1, x.length());
            }
            boolean row = x.stride(1) == 1 && (x.size(0) == 1 || x.stride(0) >= x.size(1));
            boolean col = x.stride(0) == 1 && (x.size(1) == 1 || x.stride(1) >= x.size(0));
            if (!row && !col) {
                throw new IllegalArgumentException("not a matrix with unit stride: " + x.shapeInfoToString());
            }
            int ld = (int) (row ? Math.max(x.stride(0), x.size(1)) : Math.max(x.stride(1), x.size(0)));
            // a view's buffer starts at the view's offset
            return new Mat(new FloatPointer(x.data().addressPointer()), (int) x.size(0), (int) x.size(1), ld, !row,
                    x);
        }

        /** @return the storage as a buffer, for reading single elements with {@link #index} */
        FloatBuffer buffer() {
            long extent = columnMajor ? (long) (cols - 1) * ld + rows : (long) (rows - 1) * ld + cols;
            return new FloatPointer(p).capacity(extent).asBuffer();
        }

        /** @return the storage index of element (i, j) */
        int index(int i, int j) {
            return columnMajor ? j * ld + i : i * ld + j;
        }

        /** @return the elements, row by row (for vectors: biases) */
        float[] elements() {
            FloatBuffer b = buffer();
            float[] v = new float[rows * cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    v[i * cols + j] = b.get(index(i, j));
                }
            }
            return v;
        }
    }

    /** An embedding layer's lookup: the rows of its {@code W [vocab, size]} plus its bias, if any. */
    static final class Embedding {
        private final Mat w;
        private final FloatBuffer buf;
        private final float[] bias;

        /**
         * @param layer an {@code EmbeddingSequenceLayer} with the identity activation ({@link #applies})
         */
        Embedding(Layer layer) {
            this.w = Mat.of(layer.getParam(DefaultParamInitializer.WEIGHT_KEY));
            this.buf = w.buffer();
            INDArray b = layer.paramTable().get(DefaultParamInitializer.BIAS_KEY);
            this.bias = b == null ? null : Mat.of(b).elements();
        }

        /** @return true if the layer is an embedding this class computes */
        static boolean applies(Layer layer) {
            return layer != null && layer.conf().getLayer() instanceof EmbeddingSequenceLayer e
                    && e.getActivationFn() instanceof ActivationIdentity;
        }

        /** @return the embedding size */
        int size() {
            return w.cols();
        }

        /** Writes the embedding of word {@code id} to {@code out[off, off + size)}. */
        void row(int id, float[] out, int off) {
            int e = w.cols();
            for (int j = 0; j < e; j++) {
                out[off + j] = buf.get(w.index(id, j)) + (bias == null ? 0 : bias[j]);
            }
        }
    }

    /** An LSTM layer's parameters: {@code W [nIn, 4H]}, {@code RW [H, 4H]}, {@code b [4H]}. */
    record Lstm(Mat w, Mat rw, float[] b) {
        static Lstm of(Layer layer) {
            return new Lstm(Mat.of(layer.getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY)),
                    Mat.of(layer.getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY)),
                    Mat.of(layer.getParam(LSTMParamInitializer.BIAS_KEY)).elements());
        }

        /**
         * @return true if the layer computes what {@link #cell} does: a {@link FastLstm} with sigmoid gates, tanh and no
         *         weight noise (its state input / output only change how the graph hands the state over)
         */
        static boolean applies(Layer layer) {
            return layer != null && layer.conf().getLayer() instanceof FastLstm f && f.getWeightNoise() == null
                    && f.getGateActivationFn() instanceof ActivationSigmoid
                    && f.getActivationFn() instanceof ActivationTanH;
        }
    }

    /** A native row-major buffer of up to {@code capacity} rows of {@code width} floats, grown on demand. */
    static final class Rows {
        private final int width;
        private FloatPointer p;
        private long capacity;

        Rows(int width) {
            this.width = width;
        }

        /** @return the buffer, for at least {@code rows} rows (its content is lost when it grows) */
        FloatPointer ensure(long rows) {
            if (rows > capacity) {
                if (p != null) {
                    p.close();
                }
                capacity = Math.max(rows, 2 * capacity);
                p = new FloatPointer(capacity * width);
            }
            return p;
        }
    }

    /**
     * @param graph       an encoder or decoder graph
     * @param c           its configuration
     * @param embedding   the name of its embedding layer
     * @param layerName   the name of its recurrent layer {@code l}
     * @param stateInput  whether each recurrent layer takes its initial state as an input (the decoder's)
     * @param stateOutput whether each recurrent layer hands on its final state (the encoder's)
     * @return true if the graph is a float LSTM stack on the CPU backend with an embedding this class reads
     */
    static boolean appliesToStack(ComputationGraph graph, NmtConfig c, String embedding,
                                  IntFunction<String> layerName, boolean stateInput,
                                  boolean stateOutput) {
        if (!Blas.direct() || c.cell() != Cell.LSTM || graph.params().dataType() != DataType.FLOAT
                || !Embedding.applies(graph.getLayer(embedding))) {
            return false;
        }
        for (int l = 0; l < c.layers(); l++) {
            Layer layer = graph.getLayer(layerName.apply(l));
            if (!Lstm.applies(layer) || ((FastLstm) layer.conf().getLayer()).isStateInput() != stateInput
                    || ((FastLstm) layer.conf().getLayer()).isStateOutput() != stateOutput) {
                return false;
            }
        }
        return true;
    }

    /**
     * Rows up to which {@link #product} makes one matrix-vector product per row: OpenBLAS's matrix product packs
     * the whole matrix first (the 256 × 9,075 output weights, 1 row: 0.92 ms against 0.15; 5 rows: 1.08 ms against
     * 5 × 0.14; 16 rows: 1.66 ms against 2.41).
     */
    static final int ROWS_BY_VECTOR = 8;

    /**
     * {@code y = x · M} ({@code beta} = 0) or {@code y += x · M} ({@code beta} = 1) for {@code n} row-major rows
     * {@code x [n, k]}, {@code y [n, M.cols]}: OpenBLAS's matrix-vector product for each of up to
     * {@value #ROWS_BY_VECTOR} rows, else its matrix product.
     */
    static void product(int n, FloatPointer x, int k, Mat m, FloatPointer y, float beta) {
        if (m.rows() != k) {
            throw new IllegalStateException("product of " + k + " columns by a matrix of " + m.rows() + " rows");
        }
        if (n <= ROWS_BY_VECTOR) {
            for (int r = 0; r < n; r++) {
                FloatPointer xr = r == 0 ? x : x.getPointer((long) r * k);
                FloatPointer yr = r == 0 ? y : y.getPointer((long) r * m.cols());
                if (m.columnMajor()) {
                    openblas_nolapack.cblas_sgemv(ROW_MAJOR, NO_TRANS, m.cols(), m.rows(), 1f, m.p(), m.ld(), xr, 1,
                            beta, yr, 1);
                } else {
                    openblas_nolapack.cblas_sgemv(ROW_MAJOR, TRANS, m.rows(), m.cols(), 1f, m.p(), m.ld(), xr, 1,
                            beta, yr, 1);
                }
            }
        } else {
            openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, m.columnMajor() ? TRANS : NO_TRANS, n, m.cols(), k,
                    1f, x, k, m.p(), m.ld(), beta, y, m.cols());
        }
    }

    /**
     * The LSTM cell of {@code n} rows, DL4J's gate order (block input {@code a}, forget {@code f}, output {@code o},
     * input gate {@code i}): {@code c' = f ⊙ c + i ⊙ a}, {@code h' = o ⊙ tanh(c')}.
     *
     * @param z    the pre-activations without bias, {@code n} rows of {@code 4H} from {@code z[zo]}
     * @param zo   offset of row 0 in {@code z}
     * @param bias {@code [4H]}
     * @param c    the cell states {@code [n, H]}, updated
     * @param h    the outputs {@code [n, H]}, overwritten
     * @param n    rows
     * @param u    units {@code H}
     */
    static void lstmCell(float[] z, int zo, float[] bias, float[] c, float[] h, int n, int u) {
        for (int i = 0; i < n; i++) {
            int g = zo + i * 4 * u;
            int o = i * u;
            for (int j = 0; j < u; j++) {
                float a = tanh(z[g + j] + bias[j]);
                float f = sigmoid(z[g + u + j] + bias[u + j]);
                float out = sigmoid(z[g + 2 * u + j] + bias[2 * u + j]);
                float in = sigmoid(z[g + 3 * u + j] + bias[3 * u + j]);
                float cn = f * c[o + j] + in * a;
                c[o + j] = cn;
                h[o + j] = out * tanh(cn);
            }
        }
    }

    /** @return the logistic function of {@code v} */
    static float sigmoid(float v) {
        return (float) (1 / (1 + Math.exp(-v)));
    }

    /** @return tanh({@code v}), through the exponential (an intrinsic; {@code Math.tanh} is not) */
    static float tanh(float v) {
        return (float) (1 - 2 / (Math.exp(2.0 * v) + 1));
    }

    /** @return {@code a} if it holds {@code size} values, else a larger array */
    static float[] grow(float[] a, int size) {
        return a.length >= size ? a : new float[Math.max(size, 2 * a.length)];
    }
}
