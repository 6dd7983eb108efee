package org.rnnsuite.common.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's basic recurrent layer ({@link SimpleRnn}: {@code h_t = act(x_t·W + h_{t−1}·RW + b)}) with a faster
 * training step: the same configuration, the same parameters ({@code W}, {@code RW}, {@code b}) in the same
 * order, the same outputs and gradients, but computed by {@link FastSimpleRnnImpl}, which
 * <ul>
 *   <li>computes the input projection {@code x_t·W + b} of all time steps with one matrix product,</li>
 *   <li>keeps the forward pass's activations for back-propagation instead of running the forward pass again,</li>
 *   <li>computes the weight gradients of all time steps with one matrix product each,</li>
 *   <li>uses time-major buffers whose per-step views are created once and reused across iterations,</li>
 * </ul>
 * so that only the recurrent product and the activation remain per time step. Masks, layer normalisation, weight
 * noise, truncated BPTT, NWC data and {@code rnnTimeStep} fall back to DL4J's own implementation.
 */
public class FastSimpleRnn extends SimpleRnn {

    /** @param builder the builder */
    protected FastSimpleRnn(Builder builder) {
        super(builder);
    }

    /** For JSON deserialisation. */
    protected FastSimpleRnn() {
        super(new Builder());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerConfigs.wire(new FastSimpleRnnImpl(conf, networkDataType), initializer(), conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    /** Builds a {@link FastSimpleRnn}; every option is {@link SimpleRnn.Builder}'s. */
    public static class Builder extends SimpleRnn.Builder {
        @Override
        @SuppressWarnings("unchecked")
        public FastSimpleRnn build() {
            return new FastSimpleRnn(this);
        }
    }
}
