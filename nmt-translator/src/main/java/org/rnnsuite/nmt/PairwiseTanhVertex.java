package org.rnnsuite.nmt;

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

/**
 * The inner part of Bahdanau's additive score, without parameters of its own: from the projected decoder states
 * {@code q_t = W_a h_t} and the projected encoder outputs {@code k_s = U_a e_s} it forms {@code tanh(q_t + k_s)} for
 * every pair of a decoder step {@code t} and a source step {@code s}. A per-step linear layer {@code v_a} then turns
 * each pair into its score, which {@link GlobalAttentionVertex#scored() the attention vertex} reads. Keeping
 * {@code W_a}, {@code U_a} and {@code v_a} in ordinary layers keeps them in the model zip and lets the decoding graph
 * get them by name.
 *
 * <p>Inputs, NCW: 0 = {@code q [b, A, Td]} (a single step may come as {@code [b, A]}), 1 = {@code k [b, A, Ts]}.
 * Output {@code [b, A, Td·Ts]}: the pair {@code (t, s)} at position {@code t·Ts + s}. The output has no mask: the
 * pairs with padded source steps are given zero weight by the attention vertex, which reads the padding from the
 * source ids, and those of padded decoder steps are masked out of the loss. Backprop is written by hand; the
 * output is recomputed from the inputs in the backward pass.
 */
public class PairwiseTanhVertex extends GraphVertex {
    private static final long serialVersionUID = 1L;

    @Override
    public PairwiseTanhVertex clone() {
        return new PairwiseTanhVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PairwiseTanhVertex;
    }

    @Override
    public int hashCode() {
        return PairwiseTanhVertex.class.hashCode();
    }

    @Override
    public long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public int minVertexInputs() {
        return 2;
    }

    @Override
    public int maxVertexInputs() {
        return 2;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
            INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
        return new Impl(graph, name, idx, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... in) throws InvalidInputTypeException {
        if (in.length != 2 || !(in[0] instanceof InputType.InputTypeRecurrent q)
                || !(in[1] instanceof InputType.InputTypeRecurrent k) || q.getSize() != k.getSize()) {
            throw new InvalidInputTypeException("PairwiseTanhVertex takes 2 recurrent inputs of the same size");
        }
        return InputType.recurrent(q.getSize(), q.getFormat());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, PairwiseTanhVertex.class, inputTypes[0],
                getOutputType(-1, inputTypes)).standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0)
                .build();
    }

    /** The vertex in a network. */
    static final class Impl extends BaseGraphVertex {
        private static final long serialVersionUID = 1L;

        Impl(ComputationGraph graph, String name, int vertexIndex, DataType dataType) {
            super(graph, name, vertexIndex, null, null, dataType);
        }

        @Override
        public boolean hasLayer() {
            return false;
        }

        @Override
        public Layer getLayer() {
            return null;
        }

        private INDArray queries() {
            INDArray q = inputs[0];
            return q.rank() == 2 ? q.reshape(q.size(0), q.size(1), 1) : q;
        }

        /** Writes {@code tanh(q_t + k_s)} into {@code out [b, A, Td, Ts]}. */
        private INDArray pairs(INDArray q, INDArray k, INDArray out) {
            if (k.rank() != 3 || k.size(0) != q.size(0) || k.size(1) != q.size(1)) {
                throw new IllegalStateException("vertex " + vertexName + ": shapes do not fit: q "
                        + java.util.Arrays.toString(q.shape()) + ", k " + java.util.Arrays.toString(k.shape()));
            }
            out.assign(0);
            Broadcast.add(out, q, out, 0, 1, 2);
            Broadcast.add(out, k, out, 0, 1, 3);
            return Transforms.tanh(out, false);
        }

        private static long[] shape4(INDArray q, INDArray k) {
            return new long[] {q.size(0), q.size(1), q.size(2), k.size(2)};
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray q = queries();
            INDArray k = inputs[1];
            long[] s = shape4(q, k);
            INDArray out = pairs(q, k, workspaceMgr.create(ArrayType.ACTIVATIONS, q.dataType(), s, 'c'));
            return out.reshape('c', s[0], s[1], s[2] * s[3]);
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            INDArray q = queries();
            INDArray k = inputs[1];
            long[] s = shape4(q, k);
            INDArray f = pairs(q, k, Nd4j.create(q.dataType(), s));
            INDArray g = f.muli(f).rsubi(1).muli(epsilon.reshape('c', s));       // eps · (1 − tanh²)
            INDArray dq = g.sum(3);                                                // [b, A, Td]
            INDArray dk = g.sum(2);                                                // [b, A, Ts]
            if (inputs[0].rank() == 2) {
                dq = dq.reshape(dq.size(0), dq.size(1));
            }
            return new Pair<>(null, new INDArray[] {
                workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dq, 'c'),
                workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, dk, 'c')});
        }

        @Override
        public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
            if (backpropGradientsViewArray != null) {
                throw new IllegalArgumentException("PairwiseTanhVertex has no parameters");
            }
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                int minibatchSize) {
            return new Pair<>(null, currentMaskState);
        }

        @Override
        public String toString() {
            return "PairwiseTanhVertex(" + vertexName + ")";
        }
    }
}
