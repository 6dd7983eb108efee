package org.rnnsuite.mnist;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rnnsuite.common.MemoryBudget;
import org.rnnsuite.common.layers.Nets;

/**
 * Builds the classifier: a stack of recurrent layers (the last one wrapped in {@link LastTimeStep}, so only its
 * output at the last row goes on), then a fully connected softmax layer of 10 trained with cross-entropy, Adam.
 * Pure: no I/O.
 */
public final class MnistNetwork {
    /** The activation of the recurrent cells (tanh, as the tutorial's {@code BasicRNNCell}). */
    public static final Activation CELL_ACTIVATION = Activation.TANH;

    private MnistNetwork() {
    }

    /**
     * @param config the hyper-parameters
     * @param height rows per image = time steps (28 for MNIST)
     * @param width  columns per image = inputs per time step (28 for MNIST)
     * @return the network configuration, float32
     */
    public static MultiLayerConfiguration configuration(MnistConfig config, int height, int width) {
        checkSize(config, height, width);
        NeuralNetConfiguration.ListBuilder b = Nets.builder(config.seed(), config.learningRate(),
                        config.learningRateDecay(), config.init(), 0)
                .list();
        List<BaseRecurrentLayer> stack = config.cell().stack(width, config.units(), config.layers(),
                CELL_ACTIVATION, config.dropout());
        for (int i = 0; i < stack.size() - 1; i++) {
            b.layer(stack.get(i));
        }
        b.layer(new LastTimeStep(stack.get(stack.size() - 1)));
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(config.units()).nOut(MnistData.CLASSES).activation(Activation.SOFTMAX).build());
        b.setInputType(InputType.recurrent(width, height));
        return b.build();
    }

    /**
     * Refuses, before anything is built, a network this process cannot hold.
     *
     * @param config the hyper-parameters
     * @param height rows per image = time steps
     * @param width  columns per image = inputs per time step
     * @throws org.rnnsuite.common.UserException naming the sizes and the memory they need
     */
    public static void checkSize(MnistConfig config, int height, int width) {
        MemoryBudget.checkRecurrentStack(String.format(java.util.Locale.ROOT, "--cell %s --layers %d --units %d "
                + "--batch-size %d", config.cell(), config.layers(), config.units(), config.batch()),
                config.cell().gates(), width, config.units(), config.layers(), config.batch(), height, MnistData.CLASSES);
    }

    /**
     * @param config the hyper-parameters
     * @param height rows per image = time steps
     * @param width  columns per image = inputs per time step
     * @return a new, initialised network
     */
    public static MultiLayerNetwork create(MnistConfig config, int height, int width) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(config, height, width));
        net.init();
        return net;
    }
}
