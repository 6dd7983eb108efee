package org.rnnsuite.notebooks;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.Seeds;

/**
 * Section 6, "Deep RNNs" and "Dropout": three stacked basic cells, then the same stack with dropout, which is active
 * while training and inactive at inference.
 *
 * <p>Checkout the complete code under "Deep RNNs" and "Dropout" in notebook. The notebook stacks
 * {@code n_layers = 3} {@code BasicRNNCell(num_units=100)} in a {@code MultiRNNCell} over {@code n_steps = 5} steps of
 * {@code n_inputs = 2} and prints the outputs' shape {@code (2, 5, 100)}; then it wraps each cell in a
 * {@code DropoutWrapper(input_keep_prob=keep_prob)} and feeds {@code keep_prob = 0.5} while training and 1.0 at test
 * time. In DL4J a stack is simply consecutive recurrent layers (the project's {@link Cell#stack}); dropout is
 * switched by the network itself: {@code output(x, true)} (training) drops units at random, {@code output(x, false)}
 * (inference) does not, so no {@code keep_prob} placeholder is needed.
 *
 * <p>The section checks: inference with dropout configured gives exactly the outputs of the same weights without
 * dropout, twice in a row; two training-mode passes differ from each other and from inference.
 *
 * <p>Deliberate deviations: {@link Cell#stack} applies dropout to the inputs of the second and third layers (between
 * layers), not to the raw inputs of the first as {@code DropoutWrapper} on every cell does; DL4J's dropout takes the
 * retain probability, the project's API the drop probability (0.5 either way here); input values come from ND4J's
 * generator instead of NumPy's.
 */
public final class S06DeepRnnDropout {
    /** Inputs per step. */
    public static final int N_INPUTS = 2;
    /** Time steps. */
    public static final int N_STEPS = 5;
    /** Units per layer. */
    public static final int N_NEURONS = 100;
    /** Stacked layers. */
    public static final int N_LAYERS = 3;
    /** Instances in the batch. */
    public static final int BATCH = 2;
    /** Probability of dropping a unit while training (the notebook's {@code 1 - keep_prob}). */
    public static final double DROP_PROBABILITY = 0.5;

    private S06DeepRnnDropout() {
    }

    /**
     * What the section computed (outputs of the top layer, {@code [batch, units, time]}).
     *
     * @param text        what it printed
     * @param plain       inference output of the stack without dropout
     * @param inference1  inference output of the same weights with dropout configured
     * @param inference2  a second inference pass
     * @param training1   a training-mode pass
     * @param training2   a second training-mode pass
     */
    public record Result(String text, INDArray plain, INDArray inference1, INDArray inference2, INDArray training1,
                         INDArray training2) implements Section.Printed {
    }

    /**
     * Runs the section.
     *
     * @param seed random seed for weights, inputs and dropout masks (default 42)
     * @param out  where to print
     * @return the printed text and the outputs
     */
    public static Result run(long seed, Transcript out) {
        Seeds.init(seed);
        INDArray xBatch = Nd4j.rand(DataType.FLOAT, BATCH, N_INPUTS, N_STEPS);  // np.random.rand(2, n_steps, n_inputs)

        out.heading("Deep RNN: " + N_LAYERS + " stacked basic cells of " + N_NEURONS + " units");
        MultiLayerNetwork plain = stack(seed, 0.0);
        describe(plain, out);
        INDArray plainOut = plain.output(xBatch, false);
        out.printf("X_batch %s -> outputs %s  (the notebook's (2, 5, 100) as [batch, units, time])",
                S01ManualRnn.shape(xBatch), S01ManualRnn.shape(plainOut));

        out.heading("Dropout between the layers (drop probability " + DROP_PROBABILITY + ")");
        MultiLayerNetwork dropped = stack(seed, DROP_PROBABILITY);
        dropped.setParams(plain.params());
        describe(dropped, out);
        INDArray inference1 = dropped.output(xBatch, false);
        INDArray inference2 = dropped.output(xBatch, false);
        INDArray training1 = dropped.output(xBatch, true);
        INDArray training2 = dropped.output(xBatch, true);
        out.printf("inference vs the same weights without dropout: max |diff| = %.2e", Tensors.maxAbsDiff(inference1, plainOut));
        out.printf("inference, twice:                              max |diff| = %.2e", Tensors.maxAbsDiff(inference1, inference2));
        out.printf("training mode vs inference:                    max |diff| = %.2e", Tensors.maxAbsDiff(training1, inference1));
        out.printf("training mode, twice (new random masks):       max |diff| = %.2e", Tensors.maxAbsDiff(training1, training2));
        return new Result(out.text(), plainOut, inference1, inference2, training1, training2);
    }

    private static void describe(MultiLayerNetwork net, Transcript out) {
        for (int i = 0; i < net.getnLayers(); i++) {
            org.deeplearning4j.nn.api.Layer layer = net.getLayer(i);
            Object dropout = layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer base
                    ? base.getIDropout() : null;
            out.printf("layer %d: %s  W %s  RW %s  dropout on its input: %s", i,
                    layer.conf().getLayer().getClass().getSimpleName(),
                    S01ManualRnn.shape(layer.getParam("W")), S01ManualRnn.shape(layer.getParam("RW")),
                    dropout instanceof org.deeplearning4j.nn.conf.dropout.Dropout d
                            ? "Dropout(retain probability " + d.getP() + ", training only)"
                            : dropout == null ? "none" : dropout.toString());
        }
    }

    /**
     * The stacked network.
     *
     * @param seed            seed of the initial weights and dropout masks
     * @param dropProbability probability of dropping a unit between layers while training (0 = no dropout)
     * @return the initialised network (float32), outputs of the top layer
     */
    static MultiLayerNetwork stack(long seed, double dropProbability) {
        List<BaseRecurrentLayer> layers = Cell.BASIC.stack(N_INPUTS, N_NEURONS, N_LAYERS, Activation.TANH,
                dropProbability);
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .list();
        layers.forEach(list::layer);
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /**
     * Runs the section with seed 42 and prints it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(Seeds.DEFAULT_SEED, Transcript.echoing(System.out));
    }
}
