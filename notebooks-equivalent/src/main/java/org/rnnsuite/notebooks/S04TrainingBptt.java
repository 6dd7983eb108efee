package org.rnnsuite.notebooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rnnsuite.common.Seeds;

/**
 * Section 4, "Training RNNs": backpropagation through time with a cost that uses only some of the outputs.
 *
 * <p>Checkout the complete code under "Training RNNs" in notebook (the book's figure "Backpropagation through time":
 * the cost C(Y(2), Y(3), Y(4)) uses the last three of five outputs; gradients flow back through those outputs only,
 * and, since the same parameters W and b are used at every step, backpropagation sums their gradients over all the
 * time steps). Both facts are checked on DL4J's own gradients:
 * <ol>
 *   <li>A {@link SimpleRnn} + {@link RnnOutputLayer} (MSE) over five steps with a <em>labels mask</em>
 *       {@code [0, 0, 1, 1, 1]}: changing the targets at the masked steps 0 and 1 leaves every gradient
 *       bit-for-bit unchanged; without the mask the same change moves the gradients.</li>
 *   <li>The same network statically unrolled as in section 2 (one copy of Wx, Wy, b per step, output layers at
 *       steps 2, 3, 4 only): DL4J computes a separate gradient for each step's copy, and their sum over the steps
 *       equals the recurrent layer's gradient for its one shared parameter.</li>
 * </ol>
 * It ends with a short BPTT training run ({@code fit} with the labels mask) to show the masked cost going down.
 *
 * <p>Deliberate deviations: double precision, so that "equal" can be checked to 1e-10; random inputs and targets
 * (the figure has no data); the tutorial's training code for this idea is the time series of section 5.
 */
public final class S04TrainingBptt {
    /** Time steps. */
    public static final int N_STEPS = 5;
    /** Inputs per step. */
    public static final int N_INPUTS = 3;
    /** Recurrent neurons. */
    public static final int N_NEURONS = 5;
    /** Outputs per step. */
    public static final int N_OUTPUTS = 1;
    /** Instances in the batch. */
    public static final int BATCH = 4;
    /** The first step the cost uses (the cost uses steps 2, 3 and 4). */
    public static final int FIRST_COST_STEP = 2;
    /** Adam learning rate of the short training run. */
    public static final double LEARNING_RATE = 0.01;
    /** Iterations of the short training run. */
    public static final int ITERATIONS = 100;

    private S04TrainingBptt() {
    }

    /**
     * What the section computed.
     *
     * @param text                 what it printed
     * @param maskedGradientChange largest change of any gradient element when the targets at the masked steps
     *                             change, with the labels mask (0 expected)
     * @param unmaskedGradientChange the same without the labels mask (&gt; 0 expected)
     * @param sharedGradients      the recurrent network's gradient per parameter ({@code 0_W}, {@code 0_RW},
     *                             {@code 0_b}, {@code 1_W}, {@code 1_b})
     * @param summedStepGradients  the same keys: the sum over time steps of the unrolled graph's per-copy gradients
     * @param stepGradientsOfWx    the gradient of each step's copy of Wx, step 0 first
     * @param lossBefore           masked cost before training
     * @param lossAfter            masked cost after {@value #ITERATIONS} iterations
     */
    public record Result(String text, double maskedGradientChange, double unmaskedGradientChange,
                         Map<String, INDArray> sharedGradients, Map<String, INDArray> summedStepGradients,
                         List<INDArray> stepGradientsOfWx, double lossBefore, double lossAfter)
            implements Section.Printed {
    }

    /**
     * Runs the section.
     *
     * @param seed random seed for weights and data (default 42)
     * @param out  where to print
     * @return the printed text and the gradient facts
     */
    public static Result run(long seed, Transcript out) {
        Seeds.init(seed);
        INDArray x = Nd4j.randn(DataType.DOUBLE, BATCH, N_INPUTS, N_STEPS);
        INDArray y = Nd4j.randn(DataType.DOUBLE, BATCH, N_OUTPUTS, N_STEPS);
        INDArray labelsMask = Nd4j.zeros(DataType.DOUBLE, BATCH, N_STEPS);
        labelsMask.get(NDArrayIndex.all(), NDArrayIndex.interval(FIRST_COST_STEP, N_STEPS)).assign(1.0);
        MultiLayerNetwork net = network(seed);

        out.heading("The cost uses outputs 2, 3 and 4 only: a labels mask");
        out.array("labels mask (row per instance)", labelsMask);
        // Targets changed at the masked steps only: wildly different numbers, where the cost does not look.
        INDArray yChanged = y.dup();
        yChanged.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, FIRST_COST_STEP)).addi(100.0);

        Map<String, INDArray> masked = gradients(net, x, y, labelsMask);
        Map<String, INDArray> maskedChanged = gradients(net, x, yChanged, labelsMask);
        Map<String, INDArray> unmasked = gradients(net, x, y, null);
        Map<String, INDArray> unmaskedChanged = gradients(net, x, yChanged, null);
        double maskedChange = maxChange(masked, maskedChanged);
        double unmaskedChange = maxChange(unmasked, unmaskedChanged);
        out.printf("targets at steps 0 and 1 + 100, with the mask:    max |gradient change| = %.2e", maskedChange);
        out.printf("targets at steps 0 and 1 + 100, without the mask: max |gradient change| = %.2e", unmaskedChange);
        out.printf("masked vs unmasked gradients (same targets):      max |difference|      = %.2e",
                maxChange(masked, unmasked));

        out.heading("Shared parameters receive the sum of the gradients of every step");
        List<Layer> outputs = new ArrayList<>();
        for (int t = 0; t < N_STEPS; t++) {
            outputs.add(t < FIRST_COST_STEP ? null : new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                    .nIn(N_NEURONS).nOut(N_OUTPUTS).activation(Activation.IDENTITY).build());
        }
        ComputationGraph unrolled = S02Unrolling.staticGraph(seed, N_STEPS, DataType.DOUBLE, outputs);
        S02Unrolling.setStaticParams(unrolled, N_STEPS, net.getParam("0_W"), net.getParam("0_RW"),
                net.getParam("0_b"));
        List<INDArray> labels = new ArrayList<>();
        for (int t = FIRST_COST_STEP; t < N_STEPS; t++) {
            unrolled.setParam("out" + t + "_W", net.getParam("1_W"));
            unrolled.setParam("out" + t + "_b", net.getParam("1_b"));
            labels.add(step(y, t));
        }
        List<INDArray> inputs = new ArrayList<>();
        for (int t = 0; t < N_STEPS; t++) {
            inputs.add(step(x, t));
        }
        unrolled.setInputs(inputs.toArray(INDArray[]::new));
        unrolled.setLabels(labels.toArray(INDArray[]::new));
        unrolled.computeGradientAndScore();
        Map<String, INDArray> perCopy = copyOf(unrolled.gradient().gradientForVariable());

        Map<String, INDArray> summed = new LinkedHashMap<>();
        summed.put("0_W", sum(perCopy, "xw", "_W", 0));
        summed.put("0_RW", sum(perCopy, "hw", "_W", 1));
        summed.put("0_b", sum(perCopy, "xw", "_b", 0));
        summed.put("1_W", sum(perCopy, "out", "_W", FIRST_COST_STEP));
        summed.put("1_b", sum(perCopy, "out", "_b", FIRST_COST_STEP));
        List<INDArray> stepWx = new ArrayList<>();
        for (int t = 0; t < N_STEPS; t++) {
            INDArray g = perCopy.get("xw" + t + "_W");
            stepWx.add(g);
            out.printf("gradient of step %d's copy of Wx: L2 norm %.6f%s", t, g.norm2Number().doubleValue(),
                    t < FIRST_COST_STEP ? "  (no cost at this step: it gets gradient only through later outputs)"
                            : "");
        }
        for (Map.Entry<String, INDArray> e : summed.entrySet()) {
            out.printf("%-5s SimpleRnn/RnnOutputLayer gradient vs sum over steps of the unrolled copies: "
                    + "max |diff| = %.2e", e.getKey(), Tensors.maxAbsDiff(masked.get(e.getKey()), e.getValue()));
        }

        out.heading("Training with BPTT: fit() on the masked cost");
        DataSet data = new DataSet(x, y, null, labelsMask);
        double before = net.score(data);
        for (int i = 0; i < ITERATIONS; i++) {
            net.fit(data);
        }
        double after = net.score(data);
        out.printf("masked MSE before: %.6f   after %d Adam iterations (lr %s): %.6f", before, ITERATIONS,
                LEARNING_RATE, after);
        return new Result(out.text(), maskedChange, unmaskedChange, masked, summed, stepWx, before, after);
    }

    /**
     * The section's network: {@link SimpleRnn} (tanh) and a per-step linear {@link RnnOutputLayer} with MSE, in
     * double precision.
     *
     * @param seed seed of the initial weights
     * @return the initialised network
     */
    static MultiLayerNetwork network(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.DOUBLE)
                .updater(new Adam(LEARNING_RATE))
                .list()
                .layer(new SimpleRnn.Builder().nIn(N_INPUTS).nOut(N_NEURONS).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(N_NEURONS).nOut(N_OUTPUTS)
                        .activation(Activation.IDENTITY).build())
                .build());
        net.init();
        // SimpleRnn's bias starts at zero: make it non-zero so that its gradient is a fair test.
        net.setParam("0_b", Nd4j.randn(DataType.DOUBLE, 1, N_NEURONS).muli(0.1));
        return net;
    }

    private static Map<String, INDArray> gradients(MultiLayerNetwork net, INDArray x, INDArray y, INDArray labelsMask) {
        net.clearLayerMaskArrays();   // calculateGradients keeps a previous call's labels mask when given null
        return copyOf(net.calculateGradients(x, y, null, labelsMask).getFirst().gradientForVariable());
    }

    private static Map<String, INDArray> copyOf(Map<String, INDArray> gradients) {
        Map<String, INDArray> copy = new LinkedHashMap<>();
        gradients.forEach((k, v) -> copy.put(k, v.dup()));
        return copy;
    }

    private static double maxChange(Map<String, INDArray> a, Map<String, INDArray> b) {
        double max = 0;
        for (String key : a.keySet()) {
            max = Math.max(max, Tensors.maxAbsDiff(a.get(key), b.get(key)));
        }
        return max;
    }

    private static INDArray sum(Map<String, INDArray> perCopy, String prefix, String suffix, int firstStep) {
        INDArray total = null;
        for (int t = firstStep; t < N_STEPS; t++) {
            INDArray g = perCopy.get(prefix + t + suffix);
            total = total == null ? g.dup() : total.addi(g);
        }
        return total;
    }

    private static INDArray step(INDArray ncw, int t) {
        return ncw.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)).dup();
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
