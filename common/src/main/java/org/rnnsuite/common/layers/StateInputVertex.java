package org.rnnsuite.common.layers;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

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

/**
 * Graph vertex that builds the input of a layer with a state input ({@link FastLstm#stateInput},
 * {@link FastGru#stateInput}): inputs a sequence {@code [b, n, T]} (NCW) and a state {@code [b, S]}, output
 * {@code [b, n + S, T]} whose last {@code S} channels hold the state at the first step and zeros after. It does
 * what a {@code DuplicateToTimeSeriesVertex} followed by a {@code MergeVertex} would for such a layer (which reads
 * the state channels at the first step only) without copying the state to every step; DL4J's concatenation was 4 %
 * of a translator training step. The mask of the output is the sequence's.
 */
public class StateInputVertex extends GraphVertex {
    private static final long serialVersionUID = 1L;

    @Override
    public StateInputVertex clone() {
        return new StateInputVertex();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateInputVertex;
    }

    @Override
    public int hashCode() {
        return StateInputVertex.class.hashCode();
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
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) throws InvalidInputTypeException {
        if (vertexInputs.length != 2 || !(vertexInputs[0] instanceof InputType.InputTypeRecurrent r)
                || !(vertexInputs[1] instanceof InputType.InputTypeFeedForward s)) {
            throw new InvalidInputTypeException("StateInputVertex takes a recurrent input and a feed-forward input");
        }
        return InputType.recurrent(r.getSize() + s.getSize(), r.getTimeSeriesLength(), r.getFormat());
    }

    @Override
    public MemoryReport getMemoryReport(InputType... inputTypes) {
        return new LayerMemoryReport.Builder(null, StateInputVertex.class, inputTypes[0], getOutputType(-1, inputTypes))
                .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
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

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray x = inputs[0];
            INDArray state = inputs[1];
            if (x.rank() != 3 || state.rank() != 2 || state.size(0) != x.size(0)) {
                throw new IllegalStateException("vertex " + vertexName + ": expected [b, n, T] and [b, S], got "
                        + java.util.Arrays.toString(x.shape()) + " and " + java.util.Arrays.toString(state.shape()));
            }
            long n = x.size(1);
            INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, x.dataType(),
                    new long[] {x.size(0), n + state.size(1), x.size(2)}, 'c');
            out.get(all(), interval(0, n), all()).assign(x);
            out.get(all(), interval(n, n + state.size(1)), point(0)).assign(state);
            return out;
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            long n = inputs[0].size(1);
            long s = inputs[1].size(1);
            INDArray dx = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon.get(all(), interval(0, n), all()), 'c');
            INDArray ds = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon.get(all(), interval(n, n + s), point(0)),
                    'c');
            return new Pair<>(null, new INDArray[] {dx, ds});
        }

        @Override
        public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
            if (backpropGradientsViewArray != null) {
                throw new IllegalArgumentException("StateInputVertex has no parameters");
            }
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                int minibatchSize) {
            return new Pair<>(maskArrays == null ? null : maskArrays[0], currentMaskState);
        }

        @Override
        public String toString() {
            return "StateInputVertex(" + vertexName + ")";
        }
    }
}
