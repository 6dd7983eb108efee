package org.rnnsuite.common.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link LSTM} (no peepholes) with a faster training step: the same configuration, parameters ({@code W}
 * {@code [nIn, 4H]}, {@code RW} {@code [H, 4H]}, {@code b} {@code [1, 4H]}, DL4J's gate order: block input,
 * forget, output, input gate), the same outputs and gradients (also with masks), computed by
 * {@link FastLstmImpl}, which
 * <ul>
 *   <li>computes the input projection {@code x_t·W + b} of all time steps with one matrix product,</li>
 *   <li>keeps the forward pass's gate activations and cell states for back-propagation instead of running the
 *       forward pass again,</li>
 *   <li>computes the weight gradients and the input gradient of all time steps with one product each,</li>
 *   <li>calls OpenBLAS directly for the per-step products ({@link Blas}),</li>
 *   <li>in float networks, computes the gate non-linearities, the cell update and their derivatives of a time step
 *       in a few vectorised Java loops (fused kernels) instead of one ND4J operation per gate.</li>
 * </ul>
 * Inference with stored state ({@code rnnTimeStep}), truncated BPTT, NWC data, gate activations other than
 * sigmoid, weight noise and layer helpers fall back to DL4J's own implementation.
 *
 * <p>Two options let an encoder hand its final state to a decoder inside one {@code ComputationGraph} (DL4J's
 * graph layers take no initial state as an input):
 * <ul>
 *   <li>{@link #stateOutput(FastLstm)}: the layer outputs {@code [h_t; c_t]} ({@code 2H} channels) at every step
 *       instead of {@code h_t}; gradients may flow into both;</li>
 *   <li>{@link #stateInput(FastLstm)}: the layer's input has {@code nIn + 2H} channels; the last {@code 2H} hold
 *       the initial state {@code [h_0; c_0]} at the first time step (later steps are ignored), and receive its
 *       gradient there. With {@code rnnTimeStep} they are read when the layer holds no state (the first step after
 *       {@code rnnClearPreviousState}) and ignored afterwards.</li>
 * </ul>
 * Both need the fast path's configuration (NCW, sigmoid gates, tanh, no weight noise) and no truncated BPTT.
 */
public class FastLstm extends LSTM {
    private boolean stateInput;
    private boolean stateOutput;

    /** For JSON deserialisation; use {@link Builder}. */
    public FastLstm() {
        super();
    }

    /**
     * @param conf an LSTM configuration
     * @return the same configuration (every field copied), computed by {@link FastLstmImpl}
     */
    public static FastLstm of(LSTM conf) {
        return LayerConfigs.copy(conf, new FastLstm());
    }

    /**
     * @param conf the layer configuration, changed
     * @return {@code conf}, now reading its initial state {@code [h_0; c_0]} from its last {@code 2H} input channels
     */
    public static FastLstm stateInput(FastLstm conf) {
        conf.stateInput = true;
        return conf;
    }

    /**
     * @param conf the layer configuration, changed
     * @return {@code conf}, now outputting {@code [h_t; c_t]} ({@code 2H} channels)
     */
    public static FastLstm stateOutput(FastLstm conf) {
        conf.stateOutput = true;
        return conf;
    }

    /** @return true if the initial state is read from the last {@code 2H} input channels */
    public boolean isStateInput() {
        return stateInput;
    }

    /** @return true if the output is {@code [h_t; c_t]} */
    public boolean isStateOutput() {
        return stateOutput;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType t = super.getOutputType(layerIndex, inputType);
        if (stateOutput && t instanceof InputType.InputTypeRecurrent r) {
            return InputType.recurrent(2 * getNOut(), r.getTimeSeriesLength(), r.getFormat());
        }
        return t;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerConfigs.wire(new FastLstmImpl(conf, networkDataType), initializer(), conf, trainingListeners,
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
