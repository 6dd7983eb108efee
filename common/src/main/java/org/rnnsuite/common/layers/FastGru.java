package org.rnnsuite.common.layers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.api.layers.LayerConstraint;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a gated recurrent unit (GRU) layer for {@code MultiLayerNetwork} and {@code ComputationGraph},
 * in the formulation of PyTorch's {@code nn.GRU} (reset gate applied after the recurrent product, with its own
 * recurrent candidate bias). For input {@code x_t}, previous state {@code h}:
 *
 * <pre>
 * r  = sigmoid(x_t·W_r + h·RW_r + b_r)
 * z  = sigmoid(x_t·W_z + h·RW_z + b_z)
 * n  = act(x_t·W_n + b_n + r ⊙ (h·RW_n + RB))
 * h' = (1 − z) ⊙ n + z ⊙ h
 * </pre>
 *
 * {@code act} is the layer's activation (default tanh); the gate activation is always sigmoid. Parameters and gate
 * order are described in {@link FastGruParamInitializer}; the implementation is {@link FastGruImpl}.
 *
 * <p>With a features mask {@code [mb, T]} (binary: 1 = real step, 0 = padding) a padded step leaves the state
 * unchanged ({@code h_t = h_{t-1}}), outputs exactly 0 and receives no gradient, so left or right padding and
 * {@code LastTimeStep} give the same result as the unpadded sequence.
 * Input and output are {@code [mb, nIn, T]} / {@code [mb, nOut, T]} (NCW, default) or {@code [mb, T, n]} with
 * {@code dataFormat(RNNFormat.NWC)}.
 */
public class FastGru extends BaseRecurrentLayer {

    private static final long serialVersionUID = 1L;

    private boolean stateInput;

    /** For Jackson (JSON deserialisation) only. */
    private FastGru() {
    }

    /**
     * Makes the layer read its initial state from its input, so that an encoder can hand its final state to a
     * decoder inside one graph: the input then has {@code nIn + H} channels (NCW only), the last {@code H} holding
     * {@code h_0} at the first time step (later steps are ignored) and receiving its gradient there. With
     * {@code rnnTimeStep} they are read when the layer holds no state and ignored afterwards.
     *
     * @param conf the layer configuration, changed
     * @return {@code conf}
     */
    public static FastGru stateInput(FastGru conf) {
        conf.stateInput = true;
        return conf;
    }

    /** @return true if the initial state is read from the last {@code H} input channels ({@link #stateInput}) */
    public boolean isStateInput() {
        return stateInput;
    }

    /**
     * Creates the configuration from a builder.
     *
     * @param builder the builder
     */
    protected FastGru(Builder builder) {
        super(builder);
        initializeConstraints(builder);
    }

    /** Adds the recurrent-weight ({@code RW}) and input-weight ({@code W}) constraints to the generic ones. */
    @Override
    protected void initializeConstraints(Layer.Builder<?> builder) {
        super.initializeConstraints(builder);
        BaseRecurrentLayer.Builder<?> b = (BaseRecurrentLayer.Builder<?>) builder;
        addConstraints(b.getRecurrentConstraints(), FastGruParamInitializer.RECURRENT_WEIGHT_KEY);
        addConstraints(b.getInputWeightConstraints(), FastGruParamInitializer.WEIGHT_KEY);
    }

    private void addConstraints(List<LayerConstraint> source, String param) {
        if (source == null || source.isEmpty()) {
            return;
        }
        if (constraints == null) {
            constraints = new ArrayList<>();
        }
        for (LayerConstraint c : source) {
            LayerConstraint copy = c.clone();
            copy.setParams(Set.of(param));
            constraints.add(copy);
        }
    }

    /** Creates the {@link FastGruImpl} with its parameters as views of {@code layerParamsView}. */
    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        LayerValidation.assertNInNOutSet("FastGru", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerConfigs.wire(new FastGruImpl(conf, networkDataType), initializer(), conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams);
    }

    /** Returns {@link FastGruParamInitializer}. */
    @Override
    public ParamInitializer initializer() {
        return FastGruParamInitializer.getInstance();
    }

    /**
     * Rough memory use: parameters and updater state; per example, the stored gate activations and pre-activations
     * that backpropagation uses (about 9 x nOut values per time step).
     */
    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long steps = Math.max(1, ((InputType.InputTypeRecurrent) inputType).getTimeSeriesLength());
        long numParams = initializer().numParams(this);
        long updaterState = getIUpdater() == null ? 0 : getIUpdater().stateSize(numParams);
        return new LayerMemoryReport.Builder(layerName, FastGru.class, inputType, outputType)
                .standardMemory(numParams, updaterState)
                .workingMemory(0, 6 * nOut * steps, 0, (9 * nOut + nIn) * steps)
                .cacheMemory(0, 0)
                .build();
    }

    /**
     * Builder for {@link FastGru}: {@code nIn}, {@code nOut}, {@code activation} (candidate activation, default tanh),
     * {@code weightInit} / {@code weightInitRecurrent}, {@code biasInit} (for {@code b}, default 0), {@code dropOut},
     * {@code dataFormat} and the other options of DL4J's recurrent layers.
     */
    public static class Builder extends BaseRecurrentLayer.Builder<Builder> {

        /** Creates a builder with candidate activation tanh. */
        public Builder() {
            this.activationFn = new ActivationTanH();
        }

        /** Builds the configuration. */
        @Override
        @SuppressWarnings("unchecked") // Layer.Builder declares the generic <E extends Layer> E build()
        public FastGru build() {
            return new FastGru(this);
        }
    }
}
