package org.rnnsuite.common;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link LSTM} (no peepholes) with a faster training step: the same configuration, parameters ({@code W}
 * {@code [nIn, 4H]}, {@code RW} {@code [H, 4H]}, {@code b} {@code [1, 4H]}, DL4J's gate order: block input,
 * forget, output, input gate), the same outputs and gradients (also with masks), computed by
 * {@link FastLstmLayer}, which
 * <ul>
 *   <li>computes the input projection {@code x_t·W + b} of all time steps with one matrix product,</li>
 *   <li>keeps the forward pass's gate activations and cell states for back-propagation instead of running the
 *       forward pass again,</li>
 *   <li>computes the weight gradients and the input gradient of all time steps with one product each,</li>
 *   <li>calls OpenBLAS directly for the per-step products ({@link Blas}).</li>
 * </ul>
 * Inference with stored state ({@code rnnTimeStep}), truncated BPTT, NWC data, gate activations other than
 * sigmoid, weight noise and layer helpers fall back to DL4J's own implementation.
 */
public class FastLstm extends LSTM {

    /** For JSON deserialisation; use {@link Builder}. */
    public FastLstm() {
        super();
    }

    /**
     * @param conf an LSTM configuration
     * @return the same configuration (every field copied), computed by {@link FastLstmLayer}
     */
    public static FastLstm of(LSTM conf) {
        return LayerConfigs.copy(conf, new FastLstm());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerConfigs.wire(new FastLstmLayer(conf, networkDataType), initializer(), conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    /** Builds a {@link FastLstm}; every option is {@link LSTM.Builder}'s. */
    public static class Builder extends LSTM.Builder {
        @Override
        @SuppressWarnings("unchecked")
        public FastLstm build() {
            return of(super.build());
        }
    }
}
