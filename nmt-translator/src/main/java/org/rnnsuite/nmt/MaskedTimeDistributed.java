package org.rnnsuite.nmt;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.deeplearning4j.nn.layers.recurrent.TimeDistributedLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DL4J's {@link TimeDistributed} (a feed-forward layer applied at every time step) with the time-series mask
 * lined up with the activations.
 *
 * <p>What DL4J 1.0.0-M2.1 gets wrong: {@code TimeDistributedLayer} turns the activations {@code [b, n, T]} (NCW) into
 * {@code [b·T, n]} by permuting to {@code [b, T, n]} and reshaping in C order, so row {@code r} holds sentence
 * {@code r / T}, step {@code r % T}; but it turns the mask {@code [b, T]} into {@code [b·T, 1]} with
 * {@code TimeSeriesUtils.reshapeTimeSeriesMaskToVector}, which reshapes in Fortran order, so row {@code r} gets the
 * mask of sentence {@code r % b}, step {@code r / b}. With a padded batch the wrapped layer (which multiplies its
 * output and, in backprop, its delta by the mask) zeroes real steps and keeps padded ones: outputs and gradients
 * of real steps are wrong whenever the sentences of a batch differ in length. Here the mask is reshaped in the
 * activations' order, row {@code r} = sentence {@code r / T}, step {@code r % T} (also right for NWC, whose
 * {@code [b, T, n]} needs no permutation), and the mask handed on is reshaped back the same way. The activations'
 * reshape, the parameters and their names are DL4J's, so a model keeps its parameters when one replaces the other.
 */
public class MaskedTimeDistributed extends TimeDistributed {
    private static final long serialVersionUID = 1L;

    /**
     * @param underlying    the feed-forward layer applied at every step
     * @param rnnDataFormat the layout of the sequences, {@code NCW} ({@code [b, n, T]}) in this project
     */
    public MaskedTimeDistributed(@JsonProperty("underlying") org.deeplearning4j.nn.conf.layers.Layer underlying,
                                 @JsonProperty("rnnDataFormat") RNNFormat rnnDataFormat) {
        super(underlying, rnnDataFormat);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        NeuralNetConfiguration inner = conf.clone();
        inner.setLayer(getUnderlying());
        return new Impl(getUnderlying().instantiate(inner, trainingListeners, layerIndex, layerParamsView,
                initializeParams, networkDataType), getRnnDataFormat());
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == MaskedTimeDistributed.class && super.equals(o);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + 1;
    }

    @Override
    public String toString() {
        return "MaskedTimeDistributed(" + getUnderlying() + ", " + getRnnDataFormat() + ")";
    }

    /**
     * @param mask a time-series mask {@code [b, T]}
     * @return the mask as a column {@code [b·T, 1]}, row {@code r} = sentence {@code r / T}, step {@code r % T}
     */
    static INDArray maskToRows(INDArray mask) {
        if (mask.rank() != 2) {
            throw new IllegalArgumentException("a time-series mask is [b, T], got " + java.util.Arrays.toString(
                    mask.shape()));
        }
        return mask.dup('c').reshape('c', mask.length(), 1);
    }

    /** The layer in a network: DL4J's, but with the mask in the activations' order. */
    public static final class Impl extends TimeDistributedLayer {
        private static final long serialVersionUID = 1L;

        Impl(Layer underlying, RNNFormat rnnDataFormat) {
            super(underlying, rnnDataFormat);
        }

        @Override
        public void setMaskArray(INDArray maskArray) {
            underlying.setMaskArray(maskArray == null ? null : maskToRows(maskArray));
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                int minibatchSize) {
            if (maskArray == null) {
                return underlying.feedForwardMaskArray(null, currentMaskState, minibatchSize);
            }
            Pair<INDArray, MaskState> p = underlying.feedForwardMaskArray(maskToRows(maskArray), currentMaskState,
                    minibatchSize);
            if (p != null && p.getFirst() != null) {
                p.setFirst(p.getFirst().reshape('c', maskArray.size(0), maskArray.size(1)));
            }
            return p;
        }
    }
}
