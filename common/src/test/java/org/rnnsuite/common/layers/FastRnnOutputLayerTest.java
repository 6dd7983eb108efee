package org.rnnsuite.common.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/** {@link FastRnnOutputLayer} gives DL4J's {@link RnnOutputLayer} scores, gradients and training, with and without masks. */
class FastRnnOutputLayerTest {
    private static final int BATCH = 5;
    private static final int N_IN = 4;
    private static final int UNITS = 6;
    private static final int CLASSES = 11;
    private static final int STEPS = 7;

    private static MultiLayerNetwork net(boolean fast) {
        return net(fast, false);
    }

    /** LSTM → softmax over {@value #CLASSES} classes with sparse labels, or (mse) → 3 linear outputs with MSE. */
    private static MultiLayerNetwork net(boolean fast, boolean mse) {
        NeuralNetConfiguration.ListBuilder b = Nets.builder(9, 1e-2, WeightInitChoice.XAVIER, 0).list();
        b.layer(Cell.LSTM.layer(N_IN, UNITS, Activation.TANH));
        RnnOutputLayer.Builder out;
        if (mse) {
            out = fast ? new FastRnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                    : new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE);
            out.nOut(3).activation(Activation.IDENTITY);
        } else {
            out = fast ? new FastRnnOutputLayer.Builder(new LossSparseMCXENT())
                    : new RnnOutputLayer.Builder(new LossSparseMCXENT());
            out.nOut(CLASSES).activation(Activation.SOFTMAX);
        }
        b.layer(out.nIn(UNITS).dataFormat(RNNFormat.NCW).build());
        b.setInputType(InputType.recurrent(N_IN, STEPS));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    private static DataSet batch(long seed, boolean masked) {
        return batch(seed, masked, false);
    }

    /** Sparse labels [b, 1, T] (or, mse, real targets [b, 3, T]); with a mask, example i has its last i steps padded. */
    private static DataSet batch(long seed, boolean masked, boolean mse) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(BATCH, N_IN, STEPS).subi(0.5);
        INDArray y = mse ? Nd4j.randn(BATCH, 3, STEPS) : Nd4j.zeros(BATCH, 1, STEPS);
        for (int i = 0; i < BATCH && !mse; i++) {
            for (int t = 0; t < STEPS; t++) {
                y.putScalar(new int[] {i, 0, t}, (3 * i + 5 * t + (int) seed) % CLASSES);
            }
        }
        if (!masked) {
            return new DataSet(x, y);
        }
        INDArray mask = Nd4j.ones(BATCH, STEPS);
        for (int i = 0; i < BATCH; i++) {
            mask.get(NDArrayIndex.point(i), NDArrayIndex.interval(STEPS - i, STEPS)).assign(0);
        }
        return new DataSet(x, y, mask, mask.dup());
    }

    @Test
    void scoresGradientsAndTrainingMatchDl4j() {
        check(false);
    }

    @Test
    void mseScoresGradientsAndTrainingMatchDl4j() {
        check(true);
    }

    private static void check(boolean mse) {
        for (boolean masked : new boolean[] {false, true}) {
            MultiLayerNetwork fast = net(true, mse);
            MultiLayerNetwork plain = net(false, mse);
            assertTrue(fast.getLayer(1) instanceof FastRnnOutputLayerImpl);
            assertEquals(plain.params(), fast.params());
            for (int it = 0; it < 4; it++) {
                DataSet d = batch(it, masked, mse);
                for (MultiLayerNetwork n : new MultiLayerNetwork[] {fast, plain}) {
                    n.setInput(d.getFeatures());
                    n.setLabels(d.getLabels());
                    n.setLayerMaskArrays(d.getFeaturesMaskArray(), d.getLabelsMaskArray());
                    n.computeGradientAndScore();
                    n.clearLayerMaskArrays();
                }
                assertEquals(plain.score(), fast.score(), 1e-5 * Math.max(1, plain.score()), "score, masked=" + masked);
                INDArray gf = fast.gradient().gradient();
                INDArray gp = plain.gradient().gradient();
                assertTrue(gf.equalsWithEps(gp, 1e-5), "gradient, masked=" + masked + ", max difference "
                        + gf.sub(gp).amaxNumber());
                assertEquals(plain.score(d), fast.score(d), 1e-5 * Math.max(1, plain.score()), "score(DataSet)");
                fast.fit(d);
                plain.fit(d);
            }
            assertTrue(fast.params().equalsWithEps(plain.params(), 1e-4), "after training, masked=" + masked);
            assertTrue(((FastRnnOutputLayerImpl) fast.getLayer(1)).fastPasses > 0, "the fast path was used");
            INDArray x = batch(7, masked, mse).getFeatures();
            assertTrue(fast.output(x).equalsWithEps(plain.output(x), 1e-5), "inference");
        }
    }

    /** x → LSTM → softmax as a ComputationGraph (input and labels masks are separate arrays there). */
    private static ComputationGraph graph(boolean fast) {
        RnnOutputLayer.Builder out = fast ? new FastRnnOutputLayer.Builder(new LossSparseMCXENT())
                : new RnnOutputLayer.Builder(new LossSparseMCXENT());
        ComputationGraph g = new ComputationGraph(Nets.builder(9, 1e-2, WeightInitChoice.XAVIER, 0).graphBuilder()
                .addInputs("x")
                .addLayer("rnn", Cell.LSTM.layer(N_IN, UNITS, Activation.TANH), "x")
                .addLayer("out", out.nIn(UNITS).nOut(CLASSES).activation(Activation.SOFTMAX)
                        .dataFormat(RNNFormat.NCW).build(), "rnn")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    @Test
    void inAComputationGraphOnePassServesGradientAndScoreAndPaddingIsSkipped() {
        ComputationGraph fast = graph(true);
        ComputationGraph plain = graph(false);
        for (int it = 0; it < 3; it++) {
            DataSet d = batch(it, true);
            if (it == 2) {   // padding not in one block per step: examples 1, 2 and 4 end early, 0 and 3 do not
                INDArray mask = Nd4j.ones(BATCH, STEPS);
                for (int i = 0; i < BATCH; i++) {
                    int padded = (i % 3) * 2;
                    if (padded > 0) {
                        mask.get(NDArrayIndex.point(i), NDArrayIndex.interval(STEPS - padded, STEPS)).assign(0);
                    }
                }
                d = new DataSet(d.getFeatures(), d.getLabels(), mask, mask.dup());
            }
            fast.fit(d);
            plain.fit(d);
            assertEquals(plain.score(), fast.score(), 1e-5 * Math.max(1, plain.score()));
            assertTrue(fast.params().equalsWithEps(plain.params(), 1e-4), "iteration " + it);
        }
        assertEquals(3, ((FastRnnOutputLayerImpl) fast.getLayer("out")).fastPasses,
                "backprop (features mask) and score (labels mask, same values) share the pass");
    }

    @Test
    void savedAndLoadedAsTheSameLayer(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = net(true);
        Path file = dir.resolve("model.zip");
        net.save(file.toFile());
        MultiLayerNetwork back = MultiLayerNetwork.load(file.toFile(), true);
        assertTrue(back.getLayer(1) instanceof FastRnnOutputLayerImpl);
        INDArray x = batch(3, false).getFeatures();
        assertEquals(net.output(x), back.output(x));
    }
}
