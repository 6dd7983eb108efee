package org.rnnsuite.nmt;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Luong et al. (2015) global attention without parameters of its own: for each decoder step {@code t} it scores
 * every source step {@code s} with {@code score(t, s) = h_t · k_s}, turns the scores of the real (unpadded) source
 * steps into weights with a softmax, and outputs {@code [c_t; h_t]}, the context {@code c_t = Σ_s a_ts v_s} next to
 * the decoder state. With keys = values = the encoder's outputs this is Luong's <em>dot</em> score; with keys =
 * {@code W_a} × the encoder's outputs (a linear layer before this vertex) it is his <em>general</em> score. The
 * attentional hidden state {@code tanh(W_c [c_t; h_t])} is the next layer's job.
 *
 * <p>Inputs, NCW: 0 = decoder outputs {@code h [b, H, Td]}, 1 = keys {@code [b, H, Ts]}, 2 = values
 * {@code [b, V, Ts]}, 3 = the source ids {@code [b, 1, Ts]}, right-padded with {@link Vocabulary#PAD_ID} (0): the
 * mask is read from the ids rather than from DL4J's mask arrays, so the same vertex works in training and in
 * {@code rnnTimeStep}, which takes no masks. Output {@code [b, V + H, Td]}, masked like input 0. Backprop is written
 * by hand; the weights are recomputed from the inputs in the backward pass (cheap next to the decoder), and the
 * weights of the last forward pass at inference are kept for plots ({@link Impl#lastWeights()}).
 *
 * <p>{@link #scored() Scored}, input 1 holds the scores themselves, computed before this vertex:
 * {@code [b, 1, Td·Ts]}, the score of decoder step {@code t} for source step {@code s} at position {@code t·Ts + s} (as
 * {@link PairwiseTanhVertex} followed by a linear layer {@code v_a} gives Bahdanau's additive score
 * {@code v_a · tanh(W_a h_t + U_a e_s)}); the padding, the softmax, the context and the output are the same, and
 * the gradient of the scores goes back to input 1 (none reaches input 0 through them: the scores' dependence on
 * {@code h_t} is the layers' before).
 */
public class GlobalAttentionVertex extends GraphVertex {
    private static final long serialVersionUID = 1L;
    /** Added to the scores of padded source steps: their weights underflow to exactly 0. */
    static final double MASKED = -1e9;

    /** True if input 1 holds precomputed scores rather than keys (absent from earlier model zips: false). */
    @JsonProperty("scored")
    private boolean scored;

    /** Luong's scores {@code h_t · k_s}: input 1 holds the keys. */
    public GlobalAttentionVertex() {
    }

    /** @return the vertex whose input 1 holds the scores {@code [b, 1, Td·Ts]}, computed before it */
    public static GlobalAttentionVertex scored() {
        GlobalAttentionVertex v = new GlobalAttentionVertex();
        v.scored = true;
        return v;
    }

    /** @return true if input 1 holds precomputed scores, false if it holds the keys */
    public boolean isScored() {
        return scored;
    }

    @Override
    public GlobalAttentionVertex clone() {
        return scored ? scored() : new GlobalAttentionVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GlobalAttentionVertex v && v.scored == scored;
    }

    @Override
    public int hashCode() {
        return GlobalAttentionVertex.class.hashCode() + (scored ? 1 : 0);
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 4;
    }

    @Override
    public int maxVertexInputs() {
        return 4;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new Impl(graph, name, idx, networkDatatype, scored);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... in) throws InvalidInputTypeException {
        if (in.length != 4 || !(in[0] instanceof InputType.InputTypeRecurrent h)
                || !(in[2] instanceof InputType.InputTypeRecurrent v)) {
            throw new InvalidInputTypeException("GlobalAttentionVertex takes 4 recurrent inputs");
        }
        return InputType.recurrent(v.getSize() + h.getSize(), h.getTimeSeriesLength(), h.getFormat());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, GlobalAttentionVertex.class, inputTypes[0],
                getOutputType(-1, inputTypes)).standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0)
                .build();
    }

    /** The vertex in a network. */
    public static final class Impl extends BaseGraphVertex {
        private static final long serialVersionUID = 1L;
        private final boolean scored;
        private INDArray lastWeights;

        Impl(ComputationGraph graph, String name, int vertexIndex, DataType dataType, boolean scored) {
            super(graph, name, vertexIndex, null, null, dataType);
            this.scored = scored;
        }

        /** @return the attention weights {@code [b, Td, Ts]} of the last forward pass at inference, or null */
        public INDArray lastWeights() {
            return lastWeights;
        }

        @Override
        public boolean hasLayer() {
            return false;
        }

        @Override
        public Layer getLayer() {
            return null;
        }

        /** @return decoder outputs as {@code [b, H, Td]} (a single step may come as {@code [b, H]}) */
        private INDArray queries() {
            INDArray h = inputs[0];
            return h.rank() == 2 ? h.reshape(h.size(0), h.size(1), 1) : h;
        }

        /**
         * @return the weights {@code [b, Td, Ts]}: softmax over the real source steps of {@code h_t · k_s}, or of the
         *         given scores
         */
        private INDArray weights(INDArray h) {
            INDArray k = inputs[1];
            INDArray ids = inputs[3];
            long b = h.size(0);
            long ts = inputs[2].size(2);
            boolean fits = scored ? k.length() == b * h.size(2) * ts
                    : k.size(0) == b && h.size(1) == k.size(1) && k.size(2) == ts;
            if (!fits || inputs[2].size(0) != b || ids.length() != b * ts) {
                throw new IllegalStateException("vertex " + vertexName + ": shapes do not fit: h "
                        + java.util.Arrays.toString(h.shape()) + (scored ? ", scores " : ", keys ")
                        + java.util.Arrays.toString(k.shape()) + ", values "
                        + java.util.Arrays.toString(inputs[2].shape()) + ", ids "
                        + java.util.Arrays.toString(ids.shape()));
            }
            INDArray s = scored ? k.dup('c').reshape('c', b, h.size(2), ts)            // [b, Td, Ts]
                    : Nd4j.matmul(h, k, true, false, false);
            INDArray padding = ids.reshape(b, ts).castTo(s.dataType()).eq(Vocabulary.PAD_ID)
                    .castTo(s.dataType()).muli(MASKED);                               // [b, Ts]
            Broadcast.add(s, padding, s, 0, 2);
            INDArray max = s.max(2);                                                  // [b, Td]
            Broadcast.sub(s, max, s, 0, 1);
            Transforms.exp(s, false);
            Broadcast.div(s, s.sum(2), s, 0, 1);
            return s;
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray h = queries();
            INDArray a = weights(h);
            INDArray v = inputs[2];
            INDArray c = Nd4j.matmul(v, a, false, true, false);                       // [b, V, Td]
            long nv = v.size(1);
            INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, h.dataType(),
                    new long[] {h.size(0), nv + h.size(1), h.size(2)}, 'c');
            out.get(all(), interval(0, nv), all()).assign(c);
            out.get(all(), interval(nv, nv + h.size(1)), all()).assign(h);
            if (!training) {
                lastWeights = a.detach();
            }
            return inputs[0].rank() == 2 ? out.reshape(out.size(0), out.size(1)) : out;
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            INDArray h = queries();
            INDArray k = inputs[1];
            INDArray v = inputs[2];
            long nv = v.size(1);
            INDArray eps = epsilon.rank() == 2 ? epsilon.reshape(epsilon.size(0), epsilon.size(1), 1) : epsilon;
            INDArray dc = eps.get(all(), interval(0, nv), all());                    // [b, V, Td]
            INDArray a = weights(h);
            INDArray dv = Nd4j.matmul(dc, a);                                        // [b, V, Ts]
            INDArray da = Nd4j.matmul(dc, v, true, false, false);                    // [b, Td, Ts]
            INDArray ds = da.mul(a);
            Broadcast.sub(da, ds.sum(2), da, 0, 1);
            ds = da.muli(a);                                                         // softmax backward
            INDArray dhOut = eps.get(all(), interval(nv, nv + h.size(1)), all());
            INDArray dh;
            INDArray dk;
            if (scored) {
                dh = dhOut;
                dk = ds.reshape('c', k.shape());                                     // the scores' gradient
            } else {
                dh = Nd4j.matmul(k, ds, false, true, false).addi(dhOut);             // [b, H, Td]
                dk = Nd4j.matmul(h, ds);                                             // [b, H, Ts]
            }
            INDArray[] grads = {
                workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, inputs[0].rank() == 2 ? dh.reshape(dh.size(0),
                        dh.size(1)) : dh, 'c'),
                workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dk, 'c'),
                workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dv, 'c'),
                null,   // the ids: an input, like the embedding layer's (DL4J adds a non-null epsilon to null there)
            };
            return new Pair<>(null, grads);
        }

        @Override
        public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
            if (backpropGradientsViewArray != null) {
                throw new IllegalArgumentException("GlobalAttentionVertex has no parameters");
            }
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                int minibatchSize) {
            return new Pair<>(maskArrays == null ? null : maskArrays[0], currentMaskState);
        }

        @Override
        public String toString() {
            return "GlobalAttentionVertex(" + vertexName + (scored ? ", scored)" : ")");
        }
    }
}
