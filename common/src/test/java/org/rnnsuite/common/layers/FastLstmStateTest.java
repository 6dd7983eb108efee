package org.rnnsuite.common.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link FastLstm}'s state output and state input: an encoder hands its final {@code (h, c)} to a decoder inside one
 * graph (and {@link FastGru}'s state input). Compared with DL4J's {@link LSTM} stepped from a set state, and
 * gradient-checked with masks.
 */
class FastLstmStateTest {
    private static final int BATCH = 4;
    private static final int N_IN = 3;
    private static final int UNITS = 5;
    private static final int SRC_STEPS = 6;
    private static final int TGT_STEPS = 4;
    private static final int CLASSES = 3;

    /** x → enc (state output) → last real step → repeated → next to y → dec (state input) → softmax. */
    private static ComputationGraph seq2seq(DataType type) {
        return seq2seq(type, lstmEncoder(), lstmDecoder());
    }

    private static ComputationGraph seq2seq(DataType type, Layer enc, Layer dec) {
        return seq2seq(type, enc, dec, false);
    }

    /** With {@code vertex}, a {@link StateInputVertex} joins y and the state instead of repeat + merge. */
    private static ComputationGraph seq2seq(DataType type, Layer enc, Layer dec, boolean vertex) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(7).dataType(type)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("x", "y")
                .addLayer("enc", enc, "x")
                .addVertex("last", new LastTimeStepVertex("x"), "enc");
        if (vertex) {
            b.addVertex("merge", new StateInputVertex(), "y", "last");
        } else {
            b.addVertex("dup", new DuplicateToTimeSeriesVertex("y"), "last")
                    .addVertex("merge", new MergeVertex(), "y", "dup");
        }
        ComputationGraphConfiguration conf = b
                .addLayer("dec", dec, "merge")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(UNITS)
                        .nOut(CLASSES).activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), "dec")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static INDArray[] inputs(DataType type) {
        Nd4j.getRandom().setSeed(11);
        return new INDArray[] {Nd4j.rand(type, BATCH, N_IN, SRC_STEPS).subi(0.5),
                Nd4j.rand(type, BATCH, N_IN, TGT_STEPS).subi(0.5)};
    }

    /** Right padding: example i has {@code i} padded source steps and {@code i % 2} padded target steps. */
    private static INDArray[] masks(DataType type) {
        INDArray src = Nd4j.ones(type, BATCH, SRC_STEPS);
        INDArray tgt = Nd4j.ones(type, BATCH, TGT_STEPS);
        for (int i = 0; i < BATCH; i++) {
            if (i > 0) {
                src.get(point(i), interval(SRC_STEPS - i, SRC_STEPS)).assign(0);
            }
            if (i % 2 == 1) {
                tgt.get(point(i), point(TGT_STEPS - 1)).assign(0);
            }
        }
        return new INDArray[] {src, tgt};
    }

    private static INDArray labels(DataType type) {
        INDArray y = Nd4j.zeros(type, BATCH, CLASSES, TGT_STEPS);
        for (int i = 0; i < BATCH; i++) {
            for (int t = 0; t < TGT_STEPS; t++) {
                y.putScalar(new int[] {i, (i + 2 * t) % CLASSES, t}, 1.0);
            }
        }
        return y;
    }

    /** One DL4J LSTM (and output layer) with the given layer's parameters. */
    private static MultiLayerNetwork plain(ComputationGraph g, String layer, boolean withOutput) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new LSTM.Builder().nIn(N_IN).nOut(UNITS).activation(Activation.TANH).build());
        if (withOutput) {
            b.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(UNITS).nOut(CLASSES)
                    .activation(Activation.SOFTMAX).build());
        }
        MultiLayerNetwork n = new MultiLayerNetwork(b.build());
        n.init();
        n.getLayer(0).setParams(g.getLayer(layer).params());
        if (withOutput) {
            n.getLayer(1).setParams(g.getLayer("out").params());
        }
        return n;
    }

    @Test
    void encoderStateReachesTheDecoderAsDl4jStateWould() {
        ComputationGraph g = seq2seq(DataType.DOUBLE);
        INDArray[] in = inputs(DataType.DOUBLE);
        INDArray[] masks = masks(DataType.DOUBLE);
        Map<String, INDArray> acts = g.feedForward(in, false, false);
        INDArray out = g.output(false, in, masks)[0];
        MultiLayerNetwork enc = plain(g, "enc", false);
        MultiLayerNetwork dec = plain(g, "dec", true);
        for (int i = 0; i < BATCH; i++) {
            int len = SRC_STEPS - i;
            enc.rnnClearPreviousState();
            INDArray hs = enc.rnnTimeStep(in[0].get(interval(i, i + 1), all(), interval(0, len)));
            Map<String, INDArray> state = enc.rnnGetPreviousState(0);
            assertTrue(state.get(org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_MEMCELL)
                    .reshape(UNITS).equalsWithEps(g.feedForward(new INDArray[] {in[0].get(interval(i, i + 1), all(),
                            interval(0, len)), in[1].get(interval(i, i + 1), all(), all())}, false, false)
                            .get("enc").get(point(0), interval(UNITS, 2 * UNITS), point(len - 1)), 1e-10),
                    "the cell state channels hold c_t");
            if (i == 0) {
                assertTrue(acts.get("enc").get(all(), interval(0, UNITS), all()).equalsWithEps(
                        enc.output(in[0]), 1e-10), "the h channels hold DL4J's outputs");
            }
            dec.rnnClearPreviousState();
            dec.rnnSetPreviousState(0, state);
            INDArray expected = dec.rnnTimeStep(in[1].get(interval(i, i + 1), all(), all()));
            assertTrue(expected.equalsWithEps(out.get(interval(i, i + 1), all(), all()), 1e-10),
                    "example " + i + ": the decoder starts from the encoder's state at its last real step");
            assertEquals(1, hs.size(0));
        }
    }

    @Test
    void gradientsOfBothStatePathsAreExact() {
        ComputationGraph g = seq2seq(DataType.DOUBLE);
        assertGradientsExact(g);
        assertTrue(((FastLstmImpl) g.getLayer("dec")).fastBackwardPasses > 0, "the fast path was used");
        assertTrue(((FastLstmImpl) g.getLayer("enc")).fastBackwardPasses > 0, "the fast path was used");
    }

    @Test
    void gruDecoderStartsFromTheEncoderStateWithExactGradients() {
        ComputationGraph g = seq2seq(DataType.DOUBLE, Cell.GRU.layer(N_IN, UNITS, Activation.TANH),
                FastGru.stateInput((FastGru) Cell.GRU.layer(N_IN, UNITS, Activation.TANH)));
        INDArray[] in = inputs(DataType.DOUBLE);
        Map<String, INDArray> acts = g.feedForward(in, false, false);
        // a plain GRU from the encoder's last output gives the same decoder output
        ComputationGraph plainDec = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .graphBuilder().addInputs("y")
                .addLayer("dec", Cell.GRU.layer(N_IN, UNITS, Activation.TANH), "y")
                .setOutputs("dec").build());
        plainDec.init();
        plainDec.getLayer("dec").setParams(g.getLayer("dec").params());
        plainDec.rnnSetPreviousState("dec", Map.of(FastGruImpl.STATE_KEY_PREV_ACTIVATION,
                acts.get("enc").get(all(), all(), point(SRC_STEPS - 1)).dup()));
        assertTrue(plainDec.rnnTimeStep(in[1])[0].equalsWithEps(acts.get("dec"), 1e-10));
        assertGradientsExact(g);
    }

    @Test
    void stateInputVertexGivesWhatRepeatAndMergeGive() {
        assertGradientsExact(seq2seq(DataType.DOUBLE, lstmEncoder(), lstmDecoder(), true));
        ComputationGraph merged = seq2seq(DataType.FLOAT, lstmEncoder(), lstmDecoder(), false);
        ComputationGraph joined = seq2seq(DataType.FLOAT, lstmEncoder(), lstmDecoder(), true);
        joined.setParams(merged.params());
        INDArray[] in = inputs(DataType.FLOAT);
        INDArray[] masks = masks(DataType.FLOAT);
        assertTrue(merged.output(false, in, masks)[0].equalsWithEps(joined.output(false, in, masks)[0], 1e-6));
        for (ComputationGraph g : new ComputationGraph[] {merged, joined}) {
            g.setInputs(in);
            g.setLabels(labels(DataType.FLOAT));
            g.setLayerMaskArrays(masks, new INDArray[] {masks[1]});
            g.computeGradientAndScore();
            g.clearLayerMaskArrays();
        }
        assertEquals(merged.score(), joined.score(), 1e-6);
        assertTrue(merged.gradient().gradient().equalsWithEps(joined.gradient().gradient(), 1e-6));
    }

    private static FastLstm lstmEncoder() {
        return FastLstm.stateOutput((FastLstm) Cell.LSTM.layer(N_IN, UNITS, Activation.TANH));
    }

    private static FastLstm lstmDecoder() {
        return FastLstm.stateInput((FastLstm) Cell.LSTM.layer(N_IN, UNITS, Activation.TANH));
    }

    private static void assertGradientsExact(ComputationGraph g) {
        DataType before = Nd4j.dataType();
        DataType beforeFloat = Nd4j.defaultFloatingPointType();
        boolean ok;
        try {
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil's requirement
            ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(inputs(DataType.DOUBLE)).labels(new INDArray[] {labels(DataType.DOUBLE)})
                    .inputMask(masks(DataType.DOUBLE)).labelMask(new INDArray[] {masks(DataType.DOUBLE)[1]})
                    .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
        } finally {
            Nd4j.setDefaultDataTypes(before, beforeFloat);
        }
        assertTrue(ok, "numerical and analytical gradients agree");
    }

    @Test
    void stepByStepDecodingReadsTheStateOnceAndSurvivesSaving(@TempDir Path dir) throws Exception {
        ComputationGraph g = seq2seq(DataType.FLOAT);
        INDArray[] in = inputs(DataType.FLOAT);
        INDArray whole = g.output(in)[0];
        g.rnnClearPreviousState();
        INDArray first = g.rnnTimeStep(in[0], in[1].get(all(), all(), interval(0, 2)))[0];
        // later calls ignore the state channels: a different source must not change the continuation
        INDArray rest = g.rnnTimeStep(in[0].mul(-3), in[1].get(all(), all(), interval(2, TGT_STEPS)))[0];
        assertTrue(Nd4j.concat(2, first, rest).equalsWithEps(whole, 1e-5));
        Path file = dir.resolve("model.zip");
        g.save(file.toFile());
        ComputationGraph back = ComputationGraph.load(file.toFile(), false);
        assertTrue(((FastLstm) back.getLayer("dec").conf().getLayer()).isStateInput());
        assertTrue(((FastLstm) back.getLayer("enc").conf().getLayer()).isStateOutput());
        assertEquals(whole, back.output(in)[0]);
    }
}
