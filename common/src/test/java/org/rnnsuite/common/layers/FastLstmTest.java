package org.rnnsuite.common.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** {@link FastLstm} (the LSTM of {@link Cell#LSTM}) computes what DL4J's {@link LSTM} does, with and without masks. */
class FastLstmTest {
    private static final int BATCH = 5;
    private static final int N_IN = 4;
    private static final int UNITS = 6;
    private static final int STEPS = 7;

    private static BaseRecurrentLayer lstm(boolean fast, int nIn) {
        return fast ? Cell.LSTM.layer(nIn, UNITS, Activation.TANH)
                : new LSTM.Builder().nIn(nIn).nOut(UNITS).activation(Activation.TANH).build();
    }

    /** Two LSTM layers, the last step of the second into a softmax (the MNIST shape). */
    private static MultiLayerNetwork classifier(boolean fast) {
        NeuralNetConfiguration.ListBuilder b = Nets.builder(3, 1e-2, WeightInitChoice.XAVIER, 0).list();
        b.layer(lstm(fast, N_IN));
        b.layer(new LastTimeStep(lstm(fast, UNITS)));
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(UNITS).nOut(3)
                .activation(Activation.SOFTMAX).build());
        b.setInputType(InputType.recurrent(N_IN, STEPS));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    /** Two LSTM layers and a per-step softmax (the translator's decoder shape). */
    private static MultiLayerNetwork tagger(boolean fast) {
        NeuralNetConfiguration.ListBuilder b = Nets.builder(5, 1e-2, WeightInitChoice.XAVIER, 0).list();
        b.layer(lstm(fast, N_IN));
        b.layer(lstm(fast, UNITS));
        b.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(UNITS).nOut(3)
                .activation(Activation.SOFTMAX).build());
        b.setInputType(InputType.recurrent(N_IN, STEPS));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    /** Random inputs; with a mask, example i has its last i steps padded (right padding, as the translator's). */
    private static DataSet batch(long seed, boolean masked, boolean perStep) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(BATCH, N_IN, STEPS).subi(0.5);
        INDArray y = perStep ? Nd4j.zeros(BATCH, 3, STEPS) : Nd4j.zeros(BATCH, 3);
        for (int i = 0; i < BATCH; i++) {
            if (perStep) {
                for (int t = 0; t < STEPS; t++) {
                    y.putScalar(new int[] {i, (i + t) % 3, t}, 1.0);
                }
            } else {
                y.putScalar(i, i % 3, 1.0);
            }
        }
        if (!masked) {
            return new DataSet(x, y);
        }
        INDArray mask = Nd4j.ones(BATCH, STEPS);
        for (int i = 0; i < BATCH; i++) {
            mask.get(NDArrayIndex.point(i), NDArrayIndex.interval(STEPS - i, STEPS)).assign(0);
        }
        return new DataSet(x, y, mask, perStep ? mask.dup() : null);
    }

    private static void assertSame(MultiLayerNetwork fast, MultiLayerNetwork plain, boolean masked, boolean perStep) {
        assertTrue(fast.getLayer(0) instanceof FastLstmImpl);
        assertEquals(plain.params(), fast.params(), "same parameters in the same order");
        for (int it = 0; it < 4; it++) {
            DataSet d = batch(it, masked, perStep);
            INDArray a = fast.output(d.getFeatures(), false, d.getFeaturesMaskArray(), d.getLabelsMaskArray());
            INDArray b = plain.output(d.getFeatures(), false, d.getFeaturesMaskArray(), d.getLabelsMaskArray());
            assertTrue(a.equalsWithEps(b, 1e-5), "output, masked=" + masked);
            for (MultiLayerNetwork n : new MultiLayerNetwork[] {fast, plain}) {
                n.setInput(d.getFeatures());
                n.setLabels(d.getLabels());
                n.setLayerMaskArrays(d.getFeaturesMaskArray(), d.getLabelsMaskArray());
                n.computeGradientAndScore();
                n.clearLayerMaskArrays();
            }
            assertEquals(plain.score(), fast.score(), 1e-5);
            for (String key : plain.gradient().gradientForVariable().keySet()) {
                INDArray gf = fast.gradient().gradientForVariable().get(key);
                INDArray gp = plain.gradient().gradientForVariable().get(key);
                assertTrue(gf.equalsWithEps(gp, 1e-5), "gradient of " + key + ", masked=" + masked + ", max difference "
                        + gf.sub(gp).amaxNumber());
            }
            INDArray all = fast.gradient().gradient();
            assertTrue(all.equalsWithEps(plain.gradient().gradient(), 1e-5), "flattened gradient, max difference "
                    + all.sub(plain.gradient().gradient()).amaxNumber());
            fast.fit(d);
            plain.fit(d);
        }
        assertTrue(fast.params().equalsWithEps(plain.params(), 1e-4), "after training, masked=" + masked);
        assertTrue(((FastLstmImpl) fast.getLayer(0)).fastBackwardPasses > 0, "the fast path was used");
    }

    @Test
    void lastStepClassifierMatchesDl4jLstm() {
        for (boolean masked : new boolean[] {false, true}) {
            assertSame(classifier(true), classifier(false), masked, false);
        }
    }

    @Test
    void perStepOutputsWithPaddingMatchDl4jLstm() {
        for (boolean masked : new boolean[] {false, true}) {
            assertSame(tagger(true), tagger(false), masked, true);
        }
    }

    @Test
    void otherShapesAndStepByStepInferenceAgree() {
        MultiLayerNetwork fast = tagger(true);
        MultiLayerNetwork plain = tagger(false);
        fast.fit(batch(1, false, true));
        plain.fit(batch(1, false, true));
        INDArray x = Nd4j.rand(2, N_IN, 3);
        assertTrue(fast.output(x).equalsWithEps(plain.output(x), 1e-5), "buffers reallocated for a new shape");
        // same batch size, shorter then longer sequences: the buffers' first rows, then new storage
        for (int steps : new int[] {STEPS - 3, STEPS + 2}) {
            INDArray xs = Nd4j.rand(BATCH, N_IN, steps).subi(0.5);
            INDArray ys = Nd4j.zeros(BATCH, 3, steps);
            ys.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all()).assign(1);
            fast.fit(new DataSet(xs, ys));
            plain.fit(new DataSet(xs, ys));
            assertTrue(fast.params().equalsWithEps(plain.params(), 1e-4), steps + " steps");
        }
        // rnnTimeStep (DL4J's code) continues the state of the fast layer's parameters
        fast.rnnClearPreviousState();
        INDArray stepped = Nd4j.concat(2, fast.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(0, 2))), fast.rnnTimeStep(x.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(2, 3))));
        assertTrue(stepped.equalsWithEps(fast.output(x), 1e-5));
    }

    @Test
    void stepByStepInferenceMatchesDl4jsLstm() {
        MultiLayerNetwork fast = tagger(true);
        MultiLayerNetwork plain = tagger(false);
        plain.setParams(fast.params());
        INDArray x = batch(4, false, true).getFeatures();
        for (int t = 0; t < STEPS; t++) {   // one step at a time, the state carried between calls
            INDArray xs = x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t, t + 1)).dup();
            assertTrue(fast.rnnTimeStep(xs).equalsWithEps(plain.rnnTimeStep(xs), 1e-5), "step " + t);
        }
        assertEquals(2L * STEPS, ((FastLstmImpl) fast.getLayer(0)).fastSteps + ((FastLstmImpl) fast.getLayer(1))
                .fastSteps, "the layers' own step-by-step code ran");
        fast.rnnClearPreviousState();
        plain.rnnClearPreviousState();
        assertTrue(fast.rnnTimeStep(x).equalsWithEps(plain.rnnTimeStep(x), 1e-5), "a whole sequence in one call");
    }

    @Test
    void savedAndLoadedAsTheSameLayer(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = classifier(true);
        Path file = dir.resolve("model.zip");
        net.save(file.toFile());
        MultiLayerNetwork back = MultiLayerNetwork.load(file.toFile(), true);
        assertTrue(back.getLayer(0) instanceof FastLstmImpl);
        INDArray x = batch(3, false, false).getFeatures();
        assertEquals(net.output(x), back.output(x));
    }
}
