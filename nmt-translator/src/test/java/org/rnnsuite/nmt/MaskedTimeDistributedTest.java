package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link MaskedTimeDistributed} against DL4J's {@link TimeDistributed} on a right-padded batch of 3 sequences of 4, 2
 * and 3 steps (double precision): each sequence's real steps give the same outputs, score and gradient in the batch
 * as alone, the gradients match finite differences with masks, and the configuration survives JSON.
 */
class MaskedTimeDistributedTest {
    private static final int[] LENGTHS = {4, 2, 3};
    private static final int STEPS = 4;
    private static final int CLASSES = 5;
    private DataType before;
    private DataType beforeFloat;
    private INDArray x;
    private INDArray mask;
    private INDArray labels;

    @BeforeEach
    void doublePrecision() {
        before = Nd4j.dataType();
        beforeFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);   // GradientCheckUtil's requirement
        Nd4j.getRandom().setSeed(11);
        x = Nd4j.rand(DataType.DOUBLE, LENGTHS.length, 3, STEPS).subi(0.5);
        mask = Nd4j.zeros(DataType.DOUBLE, LENGTHS.length, STEPS);
        labels = Nd4j.zeros(DataType.DOUBLE, LENGTHS.length, CLASSES, STEPS);
        for (int b = 0; b < LENGTHS.length; b++) {
            for (int t = 0; t < STEPS; t++) {
                labels.putScalar(new int[] {b, (3 * b + t) % CLASSES, t}, 1.0);
                if (t < LENGTHS[b]) {
                    mask.putScalar(b, t, 1.0);
                } else {
                    x.get(point(b), all(), point(t)).assign(100);   // whatever padded steps hold
                }
            }
        }
    }

    @AfterEach
    void restore() {
        Nd4j.setDefaultDataTypes(before, beforeFloat);
    }

    /** A tanh dense layer applied at every step (DL4J's wrapper or ours), then a softmax over 5 classes. */
    private static ComputationGraph graph(boolean masked) {
        DenseLayer dense = new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).graphBuilder().addInputs("x")
                .addLayer("td", masked ? new MaskedTimeDistributed(dense, RNNFormat.NCW)
                        : new TimeDistributed(dense, RNNFormat.NCW), "x")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), "td")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private INDArray alone(INDArray a, int b) {
        return a.get(interval(b, b + 1), all(), interval(0, LENGTHS[b])).dup();
    }

    /** @return true if every sequence's real steps give the same probabilities in the padded batch as alone */
    private boolean realStepsAgree(ComputationGraph g) {
        INDArray batch = g.output(false, new INDArray[] {x}, new INDArray[] {mask})[0];
        for (int b = 0; b < LENGTHS.length; b++) {
            INDArray single = g.outputSingle(alone(x, b));
            if (!single.equalsWithEps(alone(batch, b), 1e-12)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void dl4jsTimeDistributedChangesRealStepsOfAPaddedBatch() {
        assertFalse(realStepsAgree(graph(false)), "DL4J 1.0.0-M2.1 applies the mask in another order than the"
                + " activations; if this now holds, its TimeDistributed is fixed and MaskedTimeDistributed can go");
    }

    @Test
    void realStepsOfAPaddedBatchGiveTheSameOutputsAsEachSequenceAlone() {
        assertTrue(realStepsAgree(graph(true)));
    }

    @Test
    void aPaddedBatchHasTheSumOfTheSequencesScoresAndGradients() {
        ComputationGraph g = graph(true);
        g.setInputs(x);
        g.setLabels(labels);
        g.setLayerMaskArrays(new INDArray[] {mask}, new INDArray[] {mask});
        g.computeGradientAndScore();
        double batchScore = g.score() * LENGTHS.length;   // DL4J's score is the mean over the minibatch
        INDArray batchGradient = g.gradient().gradient().dup();
        double sumScore = 0;
        INDArray sumGradient = batchGradient.like();
        g.clearLayerMaskArrays();
        for (int b = 0; b < LENGTHS.length; b++) {
            g.setInputs(alone(x, b));
            g.setLabels(alone(labels, b));
            g.computeGradientAndScore();
            sumScore += g.score();
            sumGradient.addi(g.gradient().gradient());
        }
        assertEquals(sumScore, batchScore, 1e-10);
        assertTrue(sumGradient.equalsWithEps(batchGradient, 1e-10), sumGradient + "\n" + batchGradient);
    }

    @Test
    void gradientsMatchFiniteDifferencesWithMasks() {
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph(true))
                .inputs(new INDArray[] {x}).labels(new INDArray[] {labels}).inputMask(new INDArray[] {mask})
                .labelMask(new INDArray[] {mask}).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
    }

    @Test
    void theConfigurationSurvivesJson() {
        ComputationGraphConfiguration conf = graph(true).getConfiguration();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertInstanceOf(MaskedTimeDistributed.class,
                ((LayerVertex) back.getVertices().get("td")).getLayerConf().getLayer());
        ComputationGraph g = new ComputationGraph(back);
        g.init(graph(true).params(), false);
        assertTrue(realStepsAgree(g));
    }
}
