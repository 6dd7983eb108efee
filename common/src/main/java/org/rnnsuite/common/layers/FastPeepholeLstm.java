package org.rnnsuite.common.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link GravesLSTM} (LSTM with peephole connections) with a faster training step: the same configuration,
 * parameters ({@code W} {@code [nIn, 4H]}, {@code RW} {@code [H, 4H + 3]} whose last three columns are the peephole
 * weights of the forget, output and input gates, {@code b} {@code [1, 4H]}), the same outputs and gradients,
 * computed by {@link FastPeepholeLstmImpl}: the input projection, the weight gradients and the input gradient of all
 * time steps with one matrix product each, and the gate arithmetic of a step in a few vectorised loops
 * ({@link Kernels}). Float networks with sigmoid gates, NCW data, no weight noise and full BPTT take this path;
 * everything else (and {@code rnnTimeStep}) is DL4J's own code.
 */
public class FastPeepholeLstm extends GravesLSTM {

    /** For JSON deserialisation; use {@link Builder}. */
    public FastPeepholeLstm() {
        super();
    }

    /**
     * @param conf a GravesLSTM configuration
     * @return the same configuration (every field copied), computed by {@link FastPeepholeLstmImpl}
     */
    public static FastPeepholeLstm of(GravesLSTM conf) {
        return LayerConfigs.copy(conf, new FastPeepholeLstm());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerConfigs.wire(new FastPeepholeLstmImpl(conf, networkDataType), initializer(), conf,
                trainingListeners, layerIndex, layerParamsView, initializeParams);
    }

    /** Builds a {@link FastPeepholeLstm}; every option is {@link GravesLSTM.Builder}'s. */
    public static class Builder extends GravesLSTM.Builder {
        @Override
        @SuppressWarnings("unchecked")
        public FastPeepholeLstm build() {
            return of(super.build());
        }
    }
}
