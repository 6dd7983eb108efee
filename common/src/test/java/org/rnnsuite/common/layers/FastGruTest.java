package org.rnnsuite.common.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Tests of the {@link FastGru} layer: shapes, the equations, gradients, masking, state, serialisation, training. */
class FastGruTest {

    private static final long SEED = 42;
    private static final int N_IN = 3;
    private static final int UNITS = 4;
    private static final int STEPS = 5;
    private static final int BATCH = 4;

    @BeforeEach
    void setUp() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getRandom().setSeed(SEED);
    }

    @AfterEach
    void restoreFloat() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** FastGru + RnnOutputLayer (MSE, identity), with the given data type, format and an optional TBPTT length. */
    private static MultiLayerNetwork sequenceNet(DataType type, RNNFormat format, int tbptt) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(SEED).dataType(type).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new FastGru.Builder().nIn(N_IN).nOut(UNITS).dataFormat(format).build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY)
                        .nIn(UNITS).nOut(2).dataFormat(format).build());
        MultiLayerConfiguration conf = tbptt > 0
                ? list.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(tbptt).tBPTTBackwardLength(tbptt)
                        .build()
                : list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        randomiseParams(net.getLayer(0).paramTable());
        return net;
    }

    /** Uniform(−1, 1) parameters everywhere, biases included, so every term of the equations matters. */
    private static void randomiseParams(Map<String, INDArray> params) {
        params.values().forEach(p -> p.assign(Nd4j.rand(p.dataType(), p.shape()).muli(2).subi(1)));
    }

    private static INDArray randomInput(DataType type, long batch, long steps) {
        return Nd4j.rand(type, batch, N_IN, steps).muli(2).subi(1);
    }

    /** Mask {@code [batch, T]} with the given real lengths; negative length = left padding. */
    private static INDArray mask(DataType type, long steps, int... lengths) {
        INDArray m = Nd4j.zeros(type, lengths.length, steps);
        for (int i = 0; i < lengths.length; i++) {
            int len = Math.abs(lengths[i]);
            long from = lengths[i] < 0 ? steps - len : 0;
            m.get(point(i), interval(from, from + len)).assign(1);
        }
        return m;
    }

    /** The GRU equations (PyTorch form) written out step by step; input and output NCW. */
    private static INDArray handWritten(INDArray x, Map<String, INDArray> p, INDArray h0) {
        long batch = x.size(0);
        long steps = x.size(2);
        INDArray w = p.get("W");
        INDArray rw = p.get("RW");
        INDArray b = p.get("b").reshape(1, 3 * UNITS);
        INDArray rb = p.get("RB").reshape(1, UNITS);
        INDArray h = h0 != null ? h0.dup() : Nd4j.zeros(x.dataType(), batch, UNITS);
        INDArray out = Nd4j.zeros(x.dataType(), batch, UNITS, steps);
        for (long t = 0; t < steps; t++) {
            INDArray xt = x.get(all(), all(), point(t));
            INDArray r = Transforms.sigmoid(xt.mmul(cols(w, 0)).add(h.mmul(cols(rw, 0))).addRowVector(cols(b, 0)));
            INDArray z = Transforms.sigmoid(xt.mmul(cols(w, 1)).add(h.mmul(cols(rw, 1))).addRowVector(cols(b, 1)));
            INDArray n = Transforms.tanh(xt.mmul(cols(w, 2)).addRowVector(cols(b, 2))
                    .add(r.mul(h.mmul(cols(rw, 2)).addRowVector(rb))));
            h = z.rsub(1.0).mul(n).add(z.mul(h));
            out.put(new INDArrayIndex[] {all(), all(), point(t)}, h);
        }
        return out;
    }

    private static INDArray cols(INDArray a, int gate) {
        return a.get(all(), interval(gate * UNITS, (gate + 1) * UNITS));
    }

    private static INDArray gruActivations(MultiLayerNetwork net, INDArray x, INDArray mask) {
        net.setLayerMaskArrays(mask, null);
        INDArray a = net.feedForward(x, false).get(1);
        net.clearLayerMaskArrays();
        return a;
    }

    private static boolean gradientsOk(MultiLayerNetwork net, INDArray x, INDArray labels, INDArray mask) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(labels)
                .inputMask(mask).labelMask(mask).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9));
    }

    // ---------------------------------------------------------------------------------------------- shapes

    @Test
    void outputShapeInMultiLayerNetwork() {
        MultiLayerNetwork net = sequenceNet(DataType.FLOAT, RNNFormat.NCW, 0);
        INDArray x = randomInput(DataType.FLOAT, BATCH, STEPS);
        assertArrayEquals(new long[] {BATCH, UNITS, STEPS}, net.feedForward(x).get(1).shape());
        assertArrayEquals(new long[] {BATCH, 2, STEPS}, net.output(x).shape());
        assertEquals(3L * UNITS * (N_IN + UNITS + 1) + UNITS, net.getLayer(0).numParams());
    }

    @Test
    void outputShapeInsideLastTimeStep() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(SEED).list()
                .layer(new LastTimeStep(new FastGru.Builder().nIn(N_IN).nOut(UNITS).build()))
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).activation(Activation.SOFTMAX).nOut(3).build())
                .setInputType(InputType.recurrent(N_IN))
                .build());
        net.init();
        INDArray x = randomInput(DataType.FLOAT, BATCH, STEPS);
        assertArrayEquals(new long[] {BATCH, UNITS}, net.feedForward(x).get(1).shape());
        assertArrayEquals(new long[] {BATCH, 3}, net.output(x).shape());
    }

    @Test
    void outputShapeInComputationGraphAndJsonRoundTrip() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(SEED).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.recurrent(N_IN))
                .addLayer("gru", new FastGru.Builder().nOut(UNITS).build(), "in")
                .addLayer("seq", new RnnOutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(2).build(), "gru")
                .addVertex("last", new LastTimeStepVertex("in"), "gru")
                .addLayer("cls", new OutputLayer.Builder(LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nOut(3).build(), "last")
                .setOutputs("seq", "cls")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        INDArray[] out = graph.output(randomInput(DataType.FLOAT, BATCH, STEPS));
        assertArrayEquals(new long[] {BATCH, 2, STEPS}, out[0].shape());
        assertArrayEquals(new long[] {BATCH, 3}, out[1].shape());

        ComputationGraph restored = new ComputationGraph(ComputationGraphConfiguration.fromJson(conf.toJson()));
        restored.init(graph.params(), true);
        INDArray x = randomInput(DataType.FLOAT, BATCH, STEPS);
        assertEquals(graph.output(x)[0], restored.output(x)[0]);
    }

    // ---------------------------------------------------------------------------------------------- equations

    @Test
    void forwardEqualsHandWrittenEquationsFloat() {
        MultiLayerNetwork net = sequenceNet(DataType.FLOAT, RNNFormat.NCW, 0);
        INDArray x = randomInput(DataType.FLOAT, BATCH, STEPS);
        INDArray expected = handWritten(x, net.getLayer(0).paramTable(), null);
        assertTrue(expected.equalsWithEps(gruActivations(net, x, null), 1e-5));
    }

    @Test
    void forwardEqualsHandWrittenEquationsDouble() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerNetwork net = sequenceNet(DataType.DOUBLE, RNNFormat.NCW, 0);
        INDArray x = randomInput(DataType.DOUBLE, BATCH, STEPS);
        INDArray expected = handWritten(x, net.getLayer(0).paramTable(), null);
        assertTrue(expected.equalsWithEps(gruActivations(net, x, null), 1e-10));
    }

    @Test
    void nwcFormatGivesTheSameOutputTransposed() {
        MultiLayerNetwork ncw = sequenceNet(DataType.FLOAT, RNNFormat.NCW, 0);
        MultiLayerNetwork nwc = sequenceNet(DataType.FLOAT, RNNFormat.NWC, 0);
        nwc.setParams(ncw.params());
        INDArray x = randomInput(DataType.FLOAT, BATCH, STEPS);
        INDArray xNwc = x.permute(0, 2, 1).dup();
        assertTrue(gruActivations(ncw, x, null).permute(0, 2, 1)
                .equalsWithEps(gruActivations(nwc, xNwc, null), 1e-6));
        assertTrue(ncw.output(x).permute(0, 2, 1).equalsWithEps(nwc.output(xNwc), 1e-6));
    }

    // ---------------------------------------------------------------------------------------------- gradients

    @Test
    void gradientCheckWithoutMask() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerNetwork net = sequenceNet(DataType.DOUBLE, RNNFormat.NCW, 0);
        INDArray x = randomInput(DataType.DOUBLE, BATCH, STEPS);
        INDArray labels = Nd4j.rand(DataType.DOUBLE, BATCH, 2, STEPS);
        assertTrue(gradientsOk(net, x, labels, null));
    }

    @Test
    void gradientCheckWithMasks() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerNetwork net = sequenceNet(DataType.DOUBLE, RNNFormat.NCW, 0);
        INDArray x = randomInput(DataType.DOUBLE, BATCH, STEPS);
        INDArray labels = Nd4j.rand(DataType.DOUBLE, BATCH, 2, STEPS);
        assertTrue(gradientsOk(net, x, labels, mask(DataType.DOUBLE, STEPS, 5, 3, -2, 1)));

        // random masks: random lengths 1..T, random side
        Random random = new Random(SEED);
        for (int trial = 0; trial < 2; trial++) {
            int[] lengths = new int[BATCH];
            for (int i = 0; i < BATCH; i++) {
                lengths[i] = (1 + random.nextInt(STEPS)) * (random.nextBoolean() ? 1 : -1);
            }
            assertTrue(gradientsOk(net, x, labels, mask(DataType.DOUBLE, STEPS, lengths)));
        }
    }

    @Test
    void gradientCheckNwcAndLastTimeStepWithMask() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerNetwork nwc = sequenceNet(DataType.DOUBLE, RNNFormat.NWC, 0);
        INDArray x = randomInput(DataType.DOUBLE, BATCH, STEPS).permute(0, 2, 1).dup();
        INDArray labels = Nd4j.rand(DataType.DOUBLE, BATCH, STEPS, 2);
        assertTrue(gradientsOk(nwc, x, labels, mask(DataType.DOUBLE, STEPS, 4, -3, 5, 2)));

        MultiLayerNetwork last = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(SEED)
                .dataType(DataType.DOUBLE).updater(new NoOp()).list()
                .layer(new LastTimeStep(new FastGru.Builder().nIn(N_IN).nOut(UNITS).build()))
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).activation(Activation.SOFTMAX).nOut(3).build())
                .setInputType(InputType.recurrent(N_IN))
                .build());
        last.init();
        INDArray classes = Nd4j.zeros(DataType.DOUBLE, BATCH, 3);
        for (int i = 0; i < BATCH; i++) {
            classes.putScalar(i, i % 3, 1.0);
        }
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(last)
                .input(randomInput(DataType.DOUBLE, BATCH, STEPS)).labels(classes)
                .inputMask(mask(DataType.DOUBLE, STEPS, 2, -4, 5, -1))
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
    }

    @Test
    void gradientCheckOtherCandidateActivation() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(SEED)
                .dataType(DataType.DOUBLE).updater(new NoOp()).list()
                .layer(new FastGru.Builder().nIn(N_IN).nOut(UNITS).activation(Activation.SOFTSIGN).build())
                .layer(new RnnOutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).nOut(2).build())
                .build());
        net.init();
        randomiseParams(net.getLayer(0).paramTable());
        INDArray x = randomInput(DataType.DOUBLE, BATCH, STEPS);
        assertTrue(gradientsOk(net, x, Nd4j.rand(DataType.DOUBLE, BATCH, 2, STEPS),
                mask(DataType.DOUBLE, STEPS, 5, -3, 4, 1)));
    }

    @Test
    void gradientCheckInComputationGraph() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(SEED)
                .dataType(DataType.DOUBLE).updater(new NoOp()).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.recurrent(N_IN))
                .addLayer("gru", new FastGru.Builder().nOut(UNITS).build(), "in")
                .addVertex("last", new LastTimeStepVertex("in"), "gru")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(2).build(), "last")
                .setOutputs("out")
                .build());
        graph.init();
        randomiseParams(graph.getLayer("gru").paramTable());
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(new INDArray[] {randomInput(DataType.DOUBLE, BATCH, STEPS)})
                .labels(new INDArray[] {Nd4j.rand(DataType.DOUBLE, BATCH, 2)})
                .inputMask(new INDArray[] {mask(DataType.DOUBLE, STEPS, 3, -5, -2, 4)})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
    }

    /** Backpropagation after an inference-mode forward pass recomputes the training pass: same gradients. */
    @Test
    void backpropWithoutKeptForwardPassRecomputesIt() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        for (Activation candidate : new Activation[] {Activation.TANH, Activation.SOFTSIGN}) {
            MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(SEED)
                    .dataType(DataType.DOUBLE).list()
                    .layer(new FastGru.Builder().nIn(N_IN).nOut(UNITS).activation(candidate).build())
                    .layer(new RnnOutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).nOut(2).build())
                    .build());
            net.init();
            net.initGradientsView();
            FastGruImpl gru = (FastGruImpl) net.getLayer(0);
            LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
            INDArray x = randomInput(DataType.DOUBLE, BATCH, STEPS);
            INDArray eps = Nd4j.rand(DataType.DOUBLE, BATCH, UNITS, STEPS);
            gru.setMaskArray(mask(DataType.DOUBLE, STEPS, 5, -3, 4, 2));

            gru.activate(x, true, mgr);
            Pair<Gradient, INDArray> kept = gru.backpropGradient(eps.dup(), mgr);
            INDArray keptParams = kept.getFirst().gradient().dup();
            gru.activate(x, false, mgr);
            Pair<Gradient, INDArray> recomputed = gru.backpropGradient(eps.dup(), mgr);
            assertEquals(keptParams, recomputed.getFirst().gradient());
            assertEquals(kept.getSecond(), recomputed.getSecond());
        }
    }

    /**
     * Truncated BPTT as DL4J M2.1 runs it: a segment's forward pass starts from the stored state, then
     * {@code backpropGradient} is called. The analytic gradient is compared with central differences of the score
     * (DL4J's loss gradient is not divided by the minibatch size, the score is).
     */
    @Test
    void gradientCheckTruncatedBpttSegmentFromStoredState() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerNetwork net = sequenceNet(DataType.DOUBLE, RNNFormat.NCW, STEPS);
        FastGruImpl gru = (FastGruImpl) net.getLayer(0);
        INDArray h0 = Nd4j.rand(DataType.DOUBLE, BATCH, UNITS).subi(0.5);
        net.setInput(randomInput(DataType.DOUBLE, BATCH, STEPS));
        net.setLabels(Nd4j.rand(DataType.DOUBLE, BATCH, 2, STEPS));

        gru.rnnSetTBPTTState(Map.of(FastGruImpl.STATE_KEY_PREV_ACTIVATION, h0));
        net.computeGradientAndScore();
        INDArray analytic = net.gradient().gradient().dup().divi(BATCH);
        assertNotEquals(h0, gru.rnnGetTBPTTState().get(FastGruImpl.STATE_KEY_PREV_ACTIVATION));

        INDArray params = net.params();
        double eps = 1e-6;
        for (long i = 0; i < params.length(); i++) {
            double original = params.getDouble(i);
            double[] scores = new double[2];
            for (int s = 0; s < 2; s++) {
                params.putScalar(i, original + (s == 0 ? eps : -eps));
                gru.rnnSetTBPTTState(Map.of(FastGruImpl.STATE_KEY_PREV_ACTIVATION, h0));
                net.computeGradientAndScore();
                scores[s] = net.score();
            }
            params.putScalar(i, original);
            double numeric = (scores[0] - scores[1]) / (2 * eps);
            double a = analytic.getDouble(i);
            double rel = Math.abs(a - numeric) / Math.max(1e-8, Math.abs(a) + Math.abs(numeric));
            assertTrue(Math.abs(a - numeric) < 1e-9 || rel < 1e-5, "param " + i + ": " + a + " vs " + numeric);
        }
    }

    /**
     * {@code tbpttBackpropGradient} with backward length L equals full backpropagation of the last L steps started
     * from the state before them; the input gradient of the earlier steps is zero.
     */
    @Test
    void truncatedBackpropEqualsBackpropOfTheLastSteps() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerNetwork net = sequenceNet(DataType.DOUBLE, RNNFormat.NCW, 0);
        net.initGradientsView();
        FastGruImpl gru = (FastGruImpl) net.getLayer(0);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray x = randomInput(DataType.DOUBLE, BATCH, STEPS);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, BATCH, UNITS, STEPS);
        int back = 2;
        long start = STEPS - back;

        INDArray out = gru.activate(x, true, mgr).dup();
        Pair<Gradient, INDArray> truncated = gru.tbpttBackpropGradient(eps, back, mgr);
        INDArray truncatedParams = truncated.getFirst().gradient().dup();
        INDArray truncatedInput = truncated.getSecond().dup();

        gru.rnnSetTBPTTState(Map.of(FastGruImpl.STATE_KEY_PREV_ACTIVATION, out.get(all(), all(), point(start - 1)).dup()));
        gru.rnnActivateUsingStoredState(x.get(all(), all(), interval(start, STEPS)).dup(), true, false, mgr);
        Pair<Gradient, INDArray> tail = gru.backpropGradient(eps.get(all(), all(), interval(start, STEPS)).dup(), mgr);

        assertTrue(truncatedParams.equalsWithEps(tail.getFirst().gradient(), 1e-12));
        assertTrue(truncatedInput.get(all(), all(), interval(start, STEPS)).equalsWithEps(tail.getSecond(), 1e-12));
        assertEquals(0.0, truncatedInput.get(all(), all(), interval(0, start)).amaxNumber().doubleValue());
    }

    // ---------------------------------------------------------------------------------------------- masking

    @Test
    void maskedStepsOutputZeroAndKeepTheState() {
        MultiLayerNetwork net = sequenceNet(DataType.FLOAT, RNNFormat.NCW, 0);
        INDArray x = randomInput(DataType.FLOAT, BATCH, STEPS);
        int[] lengths = {5, 3, -2, -4};
        INDArray m = mask(DataType.FLOAT, STEPS, lengths);
        INDArray out = gruActivations(net, x, m);
        for (int i = 0; i < BATCH; i++) {
            int len = Math.abs(lengths[i]);
            long from = lengths[i] < 0 ? STEPS - len : 0;
            for (long t = 0; t < STEPS; t++) {
                if (m.getDouble(i, t) == 0) {
                    assertEquals(0.0, out.get(point(i), all(), point(t)).amaxNumber().doubleValue());
                }
            }
            // the same sequence alone, unpadded: identical outputs on the real steps
            INDArray alone = x.get(interval(i, i + 1), all(), interval(from, from + len)).dup();
            INDArray expected = gruActivations(net, alone, null);
            INDArray actual = out.get(interval(i, i + 1), all(), interval(from, from + len));
            assertTrue(expected.equalsWithEps(actual, 1e-6), "example " + i);
        }
    }

    /**
     * The float network runs the fused kernels; the double one the general code, which the gradient checks above
     * verify: same parameters and data give the same output, input gradient and parameter gradients (within float
     * precision), with and without a mask.
     */
    @Test
    void fusedFloatKernelsEqualTheGradientCheckedDoublePath() {
        for (boolean masked : new boolean[] {false, true}) {
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
            MultiLayerNetwork dbl = sequenceNet(DataType.DOUBLE, RNNFormat.NCW, 0);
            INDArray x = randomInput(DataType.DOUBLE, BATCH, STEPS);
            INDArray labels = Nd4j.rand(DataType.DOUBLE, BATCH, 2, STEPS);
            INDArray m = masked ? mask(DataType.DOUBLE, STEPS, 5, 3, -2, -4) : null;
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
            MultiLayerNetwork flt = sequenceNet(DataType.FLOAT, RNNFormat.NCW, 0);
            flt.setParams(dbl.params().castTo(DataType.FLOAT));
            INDArray xf = x.castTo(DataType.FLOAT);
            INDArray lf = labels.castTo(DataType.FLOAT);
            INDArray mf = m == null ? null : m.castTo(DataType.FLOAT);
            String what = "masked=" + masked;
            assertTrue(flt.output(xf, false, mf, mf).castTo(DataType.DOUBLE)
                    .equalsWithEps(dbl.output(x, false, m, m), 1e-5), "output " + what);
            var gd = dbl.calculateGradients(x, labels, m, m);
            var gf = flt.calculateGradients(xf, lf, mf, mf);
            INDArray pd = gd.getFirst().gradient();
            INDArray pf = gf.getFirst().gradient().castTo(DataType.DOUBLE);
            double scale = Math.max(1.0, pd.amaxNumber().doubleValue());
            assertTrue(pf.equalsWithEps(pd, 1e-4 * scale), "parameter gradients " + what + ", max difference "
                    + pf.sub(pd).amaxNumber());
            assertTrue(gf.getSecond().castTo(DataType.DOUBLE).equalsWithEps(gd.getSecond(), 1e-4),
                    "input gradient " + what);
        }
    }

    @Test
    void maskedStepsGetNoGradient() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        MultiLayerNetwork net = sequenceNet(DataType.DOUBLE, RNNFormat.NCW, 0);
        INDArray x = randomInput(DataType.DOUBLE, BATCH, STEPS);
        INDArray labels = Nd4j.rand(DataType.DOUBLE, BATCH, 2, STEPS);
        INDArray m = mask(DataType.DOUBLE, STEPS, 5, 3, -2, -4);
        var result = net.calculateGradients(x, labels, m, m);
        INDArray inputGradient = result.getSecond();
        INDArray gradient = result.getFirst().gradient().dup();
        for (int i = 0; i < BATCH; i++) {
            for (long t = 0; t < STEPS; t++) {
                if (m.getDouble(i, t) == 0) {
                    assertEquals(0.0, inputGradient.get(point(i), all(), point(t)).amaxNumber().doubleValue());
                }
            }
        }
        // changing the padded input changes nothing
        INDArray changed = x.dup();
        changed.muli(m.reshape(BATCH, 1, STEPS)).addi(m.rsub(1.0).reshape(BATCH, 1, STEPS).mul(7.0));
        assertEquals(net.output(x, false, m, m), net.output(changed, false, m, m));
        assertTrue(gradient.equalsWithEps(net.calculateGradients(changed, labels, m, m).getFirst().gradient(), 1e-12));
    }

    @Test
    void lastTimeStepWithLeftPaddingEqualsUnpaddedSequence() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(SEED).list()
                .layer(new LastTimeStep(new FastGru.Builder().nIn(N_IN).nOut(UNITS).build()))
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).activation(Activation.SOFTMAX).nOut(3).build())
                .setInputType(InputType.recurrent(N_IN))
                .build());
        net.init();
        INDArray x = randomInput(DataType.FLOAT, 2, STEPS);
        INDArray m = mask(DataType.FLOAT, STEPS, -3, 2);
        INDArray padded = net.output(x, false, m, null);
        INDArray left = net.output(x.get(interval(0, 1), all(), interval(STEPS - 3, STEPS)).dup());
        INDArray right = net.output(x.get(interval(1, 2), all(), interval(0, 2)).dup());
        assertTrue(left.equalsWithEps(padded.getRow(0, true), 1e-6));
        assertTrue(right.equalsWithEps(padded.getRow(1, true), 1e-6));
    }

    // ---------------------------------------------------------------------------------------------- state

    @Test
    void rnnTimeStepMatchesFullSequenceAndCarriesState() {
        MultiLayerNetwork net = sequenceNet(DataType.FLOAT, RNNFormat.NCW, 0);
        INDArray x = randomInput(DataType.FLOAT, BATCH, STEPS);
        INDArray full = net.output(x);
        for (long t = 0; t < STEPS; t++) {
            INDArray step = net.rnnTimeStep(x.get(all(), all(), interval(t, t + 1)).dup());
            assertTrue(full.get(all(), all(), interval(t, t + 1)).equalsWithEps(step, 1e-5), "step " + t);
        }
        INDArray state = net.rnnGetPreviousState(0).get(FastGruImpl.STATE_KEY_PREV_ACTIVATION);
        assertTrue(gruActivations(net, x, null).get(all(), all(), point(STEPS - 1)).equalsWithEps(state, 1e-5));

        // the state carries across calls: two halves equal the whole
        net.rnnClearPreviousState();
        INDArray first = net.rnnTimeStep(x.get(all(), all(), interval(0, 2)).dup());
        INDArray second = net.rnnTimeStep(x.get(all(), all(), interval(2, STEPS)).dup());
        assertTrue(full.equalsWithEps(Nd4j.concat(2, first, second), 1e-5));

        // and the same input after a clear starts again from zero
        net.rnnClearPreviousState();
        assertTrue(first.equalsWithEps(net.rnnTimeStep(x.get(all(), all(), interval(0, 2)).dup()), 1e-6));
    }

    @Test
    void rnnTimeStepFromGivenStateEqualsEquations() {
        MultiLayerNetwork net = sequenceNet(DataType.FLOAT, RNNFormat.NCW, 0);
        INDArray x = randomInput(DataType.FLOAT, BATCH, STEPS);
        INDArray h0 = Nd4j.rand(DataType.FLOAT, BATCH, UNITS).subi(0.5);
        net.rnnSetPreviousState(0, Map.of(FastGruImpl.STATE_KEY_PREV_ACTIVATION, h0));
        net.rnnTimeStep(x);
        INDArray expected = handWritten(x, net.getLayer(0).paramTable(), h0);
        INDArray state = net.rnnGetPreviousState(0).get(FastGruImpl.STATE_KEY_PREV_ACTIVATION);
        assertTrue(expected.get(all(), all(), point(STEPS - 1)).equalsWithEps(state, 1e-5));
    }

    // ---------------------------------------------------------------------------------------------- serialisation

    @Test
    void jsonRoundTripAndModelSerializer(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = sequenceNet(DataType.FLOAT, RNNFormat.NCW, 0);
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        String json = conf.toJson();
        assertTrue(json.contains(FastGru.class.getName()));
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(json, back.toJson());

        INDArray x = randomInput(DataType.FLOAT, BATCH, STEPS);
        MultiLayerNetwork fromJson = new MultiLayerNetwork(back);
        fromJson.init(net.params().dup(), false);
        assertEquals(net.output(x), fromJson.output(x));

        File file = dir.resolve("gru.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file);
        assertEquals(net.params(), restored.params());
        assertEquals(net.output(x), restored.output(x));
        assertTrue(restored.getLayer(0) instanceof FastGruImpl);
    }

    // ---------------------------------------------------------------------------------------------- training

    /** Tiny task: at each step output the input of the previous step (needs memory); plain, TBPTT, input dropout. */
    @Test
    void trainingLowersTheLoss() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 1, 12).subi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 1, 12);
        y.get(all(), all(), interval(1, 12)).assign(x.get(all(), all(), interval(0, 11)));
        DataSet data = new DataSet(x, y);
        for (String variant : new String[] {"plain", "tbptt", "dropout"}) {
            NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(SEED)
                    .updater(new Adam(0.05)).weightInit(WeightInit.XAVIER)
                    .list()
                    .layer(new FastGru.Builder().nIn(1).nOut(8).dropOut(variant.equals("dropout") ? 0.9 : 1.0).build())
                    .layer(new RnnOutputLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY)
                            .nIn(8).nOut(1).build());
            MultiLayerNetwork net = new MultiLayerNetwork(variant.equals("tbptt")
                    ? list.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(4).tBPTTBackwardLength(4)
                            .build()
                    : list.build());
            net.init();
            double before = net.score(data);
            for (int i = 0; i < 30; i++) {
                net.fit(data);
            }
            double after = net.score(data);
            assertTrue(after < 0.3 * before, variant + ": " + before + " -> " + after);
        }
    }
}
