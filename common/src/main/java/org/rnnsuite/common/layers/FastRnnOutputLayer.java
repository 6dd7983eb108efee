package org.rnnsuite.common.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link RnnOutputLayer} with a faster training step for a softmax over a large vocabulary with sparse
 * (class index) labels, {@code LossSparseMCXENT}, and for a linear projection with {@code LossMSE}: the same
 * configuration, parameters, score and gradients, computed by {@link FastRnnOutputLayerImpl}, which runs the {@code
 * [steps·batch, nIn] × [nIn, classes]} product and the softmax once per training step (DL4J runs both twice: once
 * for the gradient, once for the score, each time with its own reshapes of input, labels and mask) and computes the
 * loss and its gradient in one pass. Other losses and activations, NWC data, dropout and weight noise fall back to
 * DL4J's own implementation, and so does inference.
 */
public class FastRnnOutputLayer extends RnnOutputLayer {

    /** For JSON deserialisation; use {@link Builder}. */
    public FastRnnOutputLayer() {
        super();
    }

    /**
     * @param conf an RNN output layer configuration
     * @return the same configuration (every field copied), computed by {@link FastRnnOutputLayerImpl}
     */
    public static FastRnnOutputLayer of(RnnOutputLayer conf) {
        return LayerConfigs.copy(conf, new FastRnnOutputLayer());
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return LayerConfigs.wire(new FastRnnOutputLayerImpl(conf, networkDataType), initializer(), conf,
                trainingListeners, layerIndex, layerParamsView, initializeParams);
    }

    /** Builds a {@link FastRnnOutputLayer}; every option is {@link RnnOutputLayer.Builder}'s. */
    public static class Builder extends RnnOutputLayer.Builder {
        /** @param lossFunction the loss function (the fast path is for {@code LossSparseMCXENT}) */
        public Builder(org.nd4j.linalg.lossfunctions.ILossFunction lossFunction) {
            super(lossFunction);
        }

        /** @param lossFunction the loss function (the fast path is for {@code MSE}) */
        public Builder(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction lossFunction) {
            super(lossFunction);
        }

        @Override
        @SuppressWarnings("unchecked")
        public FastRnnOutputLayer build() {
            return of(super.build());
        }
    }
}
