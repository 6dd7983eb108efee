package org.rnnsuite.notebooks;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.SimpleRnnParamInitializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.rnnsuite.common.Seeds;

/**
 * Section 1, "Manual RNN": a layer of recurrent neurons written with plain tensor operations, then the same
 * numbers from DL4J's {@link SimpleRnn}.
 *
 * <p>Checkout the complete code under "Manual RNN" in notebook. The tutorial builds a layer of five recurrent
 * neurons with tanh activation over two time steps and three inputs per step:
 * <pre>
 *   Y0 = tanh(X0 · Wx + b)
 *   Y1 = tanh(Y0 · Wy + X1 · Wx + b)
 * </pre>
 * and feeds it a mini-batch of four instances. Here the same two lines are ND4J calls ({@code mmul},
 * {@code addRowVector}, {@link Transforms#tanh}); then a {@link SimpleRnn} layer is given the very same weights
 * ({@code W} = Wx, {@code RW} = Wy, {@code b} = b) and returns the same Y0, Y1 as its outputs at time steps 0 and 1.
 *
 * <p>Deliberate deviation: the weights are drawn from ND4J's normal generator seeded with 42, not TensorFlow's, so
 * the printed values differ from the notebook's (the equality between the two computations is the point).
 */
public final class S01ManualRnn {
    /** Inputs per time step ({@code n_inputs}). */
    public static final int N_INPUTS = 3;
    /** Recurrent neurons ({@code n_neurons}). */
    public static final int N_NEURONS = 5;

    private S01ManualRnn() {
    }

    /**
     * What the section computed.
     *
     * @param text    what it printed
     * @param y0      {@code Y0_val} by hand, {@code [4, 5]}
     * @param y1      {@code Y1_val} by hand, {@code [4, 5]}
     * @param y0Layer the {@link SimpleRnn}'s output at step 0
     * @param y1Layer the {@link SimpleRnn}'s output at step 1
     */
    public record Result(String text, INDArray y0, INDArray y1, INDArray y0Layer, INDArray y1Layer)
            implements Section.Printed {
    }

    /** @return the tutorial's {@code X0_batch}: instance 0 to 3 at t = 0 */
    public static INDArray x0Batch() {
        return Nd4j.createFromArray(new float[][] {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {9, 0, 1}});
    }

    /** @return the tutorial's {@code X1_batch}: instance 0 to 3 at t = 1 */
    public static INDArray x1Batch() {
        return Nd4j.createFromArray(new float[][] {{9, 8, 7}, {0, 0, 0}, {6, 5, 4}, {3, 2, 1}});
    }

    /**
     * Runs the section.
     *
     * @param seed random seed for the weights (default 42)
     * @param out  where to print
     * @return the printed text and both computations' outputs
     */
    public static Result run(long seed, Transcript out) {
        Seeds.init(seed);

        out.heading("Manual RNN: two time steps with plain ND4J operations");
        INDArray wx = Nd4j.randn(DataType.FLOAT, N_INPUTS, N_NEURONS);   // tf.random_normal([n_inputs, n_neurons])
        INDArray wy = Nd4j.randn(DataType.FLOAT, N_NEURONS, N_NEURONS);  // tf.random_normal([n_neurons, n_neurons])
        INDArray b = Nd4j.zeros(DataType.FLOAT, 1, N_NEURONS);          // tf.zeros([1, n_neurons])

        INDArray x0 = x0Batch();
        INDArray x1 = x1Batch();
        INDArray y0 = Transforms.tanh(x0.mmul(wx).addRowVector(b));
        INDArray y1 = Transforms.tanh(y0.mmul(wy).add(x1.mmul(wx)).addRowVector(b));
        out.array("Y0_val", y0);
        out.println();
        out.array("Y1_val", y1);

        out.heading("The same layer as DL4J's SimpleRnn, given Wx, Wy and b");
        MultiLayerNetwork net = simpleRnn(seed);
        net.getLayer(0).setParam(SimpleRnnParamInitializer.WEIGHT_KEY, wx);
        net.getLayer(0).setParam(SimpleRnnParamInitializer.RECURRENT_WEIGHT_KEY, wy);
        net.getLayer(0).setParam(SimpleRnnParamInitializer.BIAS_KEY, b);
        // DL4J wants the whole sequence as one array [batch, features, time]: X0 and X1 side by side on axis 2.
        INDArray x = Nd4j.stack(2, x0, x1);
        INDArray y = net.output(x);
        out.printf("input %s -> output %s  ([batch, features, time])", shape(x), shape(y));
        INDArray y0Layer = y.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0));
        INDArray y1Layer = y.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(1));
        out.array("output[:, :, 0]", y0Layer);
        out.array("output[:, :, 1]", y1Layer);
        out.printf("max |Y0_val - output[:, :, 0]| = %.2e", Tensors.maxAbsDiff(y0, y0Layer));
        out.printf("max |Y1_val - output[:, :, 1]| = %.2e", Tensors.maxAbsDiff(y1, y1Layer));
        return new Result(out.text(), y0, y1, y0Layer, y1Layer);
    }

    /**
     * The one-layer network of the section: a {@link SimpleRnn} of {@value #N_NEURONS} tanh neurons over
     * {@value #N_INPUTS} inputs, float32.
     *
     * @param seed seed of its (overwritten) initial weights
     * @return the initialised network
     */
    static MultiLayerNetwork simpleRnn(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .list()
                .layer(new SimpleRnn.Builder().nIn(N_INPUTS).nOut(N_NEURONS).activation(Activation.TANH).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * @param a an array
     * @return its shape as {@code [d0, d1, ...]}
     */
    static String shape(INDArray a) {
        return java.util.Arrays.toString(a.shape());
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
