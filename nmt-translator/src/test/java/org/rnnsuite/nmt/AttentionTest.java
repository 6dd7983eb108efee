package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.learning.config.NoOp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.layers.Cell;

/**
 * Global attention ({@code --attention dot|general|additive}): gradients checked numerically with padded sources
 * and targets, padding given exactly zero weight, step-by-step decoding equal to the teacher-forced training
 * graph, and a model trained on the toy grammar that translates it and attends.
 */
class AttentionTest {
    /** Sentences of different lengths, so that both sides are padded in a batch. */
    private static final List<SentencePair> RAGGED = List.of(
            new SentencePair(List.of("i", "see", "the", "cat", "."), List.of("je", "vois", "le", "chat", ".")),
            new SentencePair(List.of("you", "see", "."), List.of("tu", "vois", "le", "chien", "rouge", ".")),
            new SentencePair(List.of("he", "takes", "the", "big", "red", "car", "."), List.of("il", "prend", ".")));
    private static NmtModel trained;
    private static NmtData.Split split;

    @BeforeAll
    static void train() {
        split = NmtData.splitByCount(ToyCorpus.all(), 40, 7);
        NmtConfig c = NmtConfig.small().withBudget(20, 0, 0).withAttention(Attention.GENERAL);
        NmtCorpus data = Training.corpus(c, split);
        trained = Training.last(c, data, Training.inMemory(c, data));
    }

    private static NmtModel tiny(Attention attention, Cell cell, int layers) {
        NmtConfig s = NmtConfig.small();
        NmtConfig c = new NmtConfig(3, 4, layers, cell, 0, 100, 1, 10, 8, 1e-2, 0, 12, 1, 7, 0.05, false, 1, 0, 0,
                attention);
        Vocabulary src = Vocabulary.build(RAGGED.stream().map(SentencePair::english).toList(), 100, 1);
        Vocabulary tgt = Vocabulary.build(RAGGED.stream().map(SentencePair::french).toList(), 100, 1);
        assertEquals(s.seed(), 42L);
        return NmtModel.create(c, src, tgt);
    }

    private static MaskedTimeDistributed dense(int nIn, int nOut, Activation activation, boolean bias) {
        return new MaskedTimeDistributed(new DenseLayer.Builder().nIn(nIn).nOut(nOut).activation(activation)
                .hasBias(bias).build(), RNNFormat.NCW);
    }

    /**
     * The vertex between DL4J's own layers (double precision, no updater): decoder states from a tanh layer, the
     * encoder's outputs from another, the keys {@code W_a e} (general) or the outputs themselves (dot), or the
     * additive scores {@code v_a · tanh(W_a h + U_a e)} ({@link PairwiseTanhVertex} between linear layers), then
     * {@code tanh(W_c [c; h])} and a softmax over 5 classes; 3 sentences of 4, 2 and 3 source steps (right-padded,
     * read from the ids) and 3, 1 and 2 target steps (label mask).
     */
    private static ComputationGraph vertexGraph(Attention attention) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER).graphBuilder()
                .addInputs("dec", "enc", "ids");
        g.addLayer("h", dense(3, 4, Activation.TANH, true), "dec");
        g.addLayer("e", dense(2, 4, Activation.TANH, true), "enc");
        switch (attention) {
            case DOT -> g.addVertex("attn", new GlobalAttentionVertex(), "h", "e", "e", "ids");
            case GENERAL -> {
                g.addLayer("k", dense(4, 4, Activation.IDENTITY, false), "e");
                g.addVertex("attn", new GlobalAttentionVertex(), "h", "k", "e", "ids");
            }
            case ADDITIVE -> {
                g.addLayer("q", dense(4, 3, Activation.IDENTITY, false), "h");
                g.addLayer("k", dense(4, 3, Activation.IDENTITY, false), "e");
                g.addVertex("pairs", new PairwiseTanhVertex(), "q", "k");
                g.addLayer("scores", dense(3, 1, Activation.IDENTITY, false), "pairs");
                g.addVertex("attn", GlobalAttentionVertex.scored(), "h", "scores", "e", "ids");
            }
            default -> throw new IllegalArgumentException(attention.toString());
        }
        g.addLayer("hidden", dense(8, 4, Activation.TANH, true), "attn");
        g.addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(5)
                .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), "hidden");
        ComputationGraph net = new ComputationGraph(g.setOutputs("out").build());
        net.init();
        return net;
    }

    @Test
    void gradientsMatchFiniteDifferencesWithPaddedSourcesAndTargets() {
        DataType before = Nd4j.dataType();
        DataType beforeFloat = Nd4j.defaultFloatingPointType();
        try {
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);   // GradientCheckUtil's requirement
            Nd4j.getRandom().setSeed(5);
            INDArray dec = Nd4j.rand(DataType.DOUBLE, 3, 3, 3).subi(0.5);
            INDArray enc = Nd4j.rand(DataType.DOUBLE, 3, 2, 4).subi(0.5);
            INDArray ids = Nd4j.createFromArray(new double[][][] {{{5, 6, 7, 8}}, {{4, 9, 0, 0}}, {{7, 5, 6, 0}}});
            INDArray labelMask = Nd4j.createFromArray(new double[][] {{1, 1, 1}, {1, 0, 0}, {1, 1, 0}});
            INDArray labels = Nd4j.zeros(DataType.DOUBLE, 3, 5, 3);
            int[][] classes = {{1, 4, 2}, {3, 0, 0}, {0, 2, 0}};
            for (int b = 0; b < 3; b++) {
                for (int t = 0; t < 3; t++) {
                    labels.putScalar(new int[] {b, classes[b][t], t}, 1.0);
                }
            }
            INDArray encMask = ids.reshape(3, 4).neq(0).castTo(DataType.DOUBLE);
            for (Attention attention : List.of(Attention.DOT, Attention.GENERAL, Attention.ADDITIVE)) {
                for (boolean inputMasks : new boolean[] {false, true}) {
                    assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                            .net(vertexGraph(attention)).inputs(new INDArray[] {dec, enc, ids})
                            .labels(new INDArray[] {labels}).labelMask(new INDArray[] {labelMask})
                            .inputMask(inputMasks ? new INDArray[] {labelMask, encMask, null} : null)
                            .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)),
                            attention + (inputMasks ? " with input masks" : ""));
                }
            }
        } finally {
            Nd4j.setDefaultDataTypes(before, beforeFloat);
        }
    }

    /**
     * The whole training graph (the project's float layers, so central differences in float): for 8 random entries
     * of every parameter array with a gradient above noise, the analytic gradient equals the minibatch size times the
     * numerical derivative of the score (DL4J's score is the mean over the minibatch, its gradient the sum).
     */
    @Test
    void trainingGraphGradientsMatchCentralDifferencesOnAPaddedBatch() {
        for (Attention attention : List.of(Attention.DOT, Attention.GENERAL, Attention.ADDITIVE)) {
            NmtConfig c = new NmtConfig(8, 16, 1, Cell.LSTM, 0, 100, 1, 10, 8, 1e-2, 0, 12, 1, 7, 0.05, false, 1, 0, 0,
                    attention);
            Vocabulary src = Vocabulary.build(RAGGED.stream().map(SentencePair::english).toList(), 100, 1);
            Vocabulary tgt = Vocabulary.build(RAGGED.stream().map(SentencePair::french).toList(), 100, 1);
            ComputationGraph g = NmtModel.create(c, src, tgt).graph();
            MultiDataSet b = NmtData.batch(RAGGED, src, tgt);
            g.setInputs(b.getFeatures());
            g.setLabels(b.getLabels());
            g.setLayerMaskArrays(b.getFeaturesMaskArrays(), b.getLabelsMaskArrays());
            g.computeGradientAndScore();
            INDArray grad = g.gradient().gradient().dup();
            INDArray params = g.params();
            java.util.Random r = new java.util.Random(1);
            int checked = 0;
            for (java.util.Map.Entry<String, INDArray> e : g.paramTable().entrySet()) {
                long offset = e.getValue().offset() - params.offset();
                for (int trial = 0; trial < 8; trial++) {
                    long i = offset + r.nextInt((int) e.getValue().length());
                    double analytic = grad.getDouble(i);
                    if (Math.abs(analytic) < 1e-3) {
                        continue;   // below float differences' noise
                    }
                    double orig = params.getDouble(i);
                    params.putScalar(i, orig + 1e-2);
                    g.computeGradientAndScore();
                    double up = g.score();
                    params.putScalar(i, orig - 1e-2);
                    g.computeGradientAndScore();
                    double down = g.score();
                    params.putScalar(i, orig);
                    double numeric = RAGGED.size() * (up - down) / 2e-2;
                    assertEquals(analytic, numeric, 0.03 * Math.abs(analytic) + 1e-4, attention + " " + e.getKey());
                    checked++;
                }
            }
            assertTrue(checked >= 20, attention + ": " + checked + " entries checked");
        }
    }

    /**
     * The training graph on a batch whose sources and targets are all padded differently: each sentence's real
     * target steps get the same probabilities as when it is alone, the batch's score is the mean of the sentences'
     * scores and its gradient their sum (DL4J divides the score by the minibatch size, not the gradient).
     */
    @Test
    void aPaddedBatchEqualsEachSentenceAloneInOutputsScoreAndGradient() {
        for (Attention attention : List.of(Attention.DOT, Attention.GENERAL, Attention.ADDITIVE)) {
            NmtModel m = tiny(attention, Cell.LSTM, 1);
            ComputationGraph g = m.graph();
            MultiDataSet batch = NmtData.batch(RAGGED, m.source(), m.target());
            INDArray probs = g.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays())[0];
            g.setInputs(batch.getFeatures());
            g.setLabels(batch.getLabels());
            g.setLayerMaskArrays(batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
            g.computeGradientAndScore();
            double score = g.score() * RAGGED.size();
            INDArray gradient = g.gradient().gradient().dup();
            g.clearLayerMaskArrays();
            double sumScore = 0;
            INDArray sumGradient = gradient.like();
            for (int i = 0; i < RAGGED.size(); i++) {
                MultiDataSet one = NmtData.batch(RAGGED.subList(i, i + 1), m.source(), m.target());
                INDArray alone = g.output(false, one.getFeatures(), one.getFeaturesMaskArrays())[0];
                long steps = alone.size(2);
                assertTrue(alone.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all()).equalsWithEps(
                        probs.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.interval(0, steps)), 1e-5),
                        attention + ": sentence " + i + " alone and in the padded batch");
                g.setInputs(one.getFeatures());
                g.setLabels(one.getLabels());
                g.setLayerMaskArrays(one.getFeaturesMaskArrays(), one.getLabelsMaskArrays());
                g.computeGradientAndScore();
                g.clearLayerMaskArrays();
                sumScore += g.score();
                sumGradient.addi(g.gradient().gradient());
            }
            assertEquals(sumScore, score, 1e-4 * sumScore, attention + ": score");
            double worst = Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.reduce.same.AMax(
                    sumGradient.sub(gradient))).getDouble(0);
            assertTrue(worst < 1e-4, attention + ": gradients differ by up to " + worst);
        }
    }

    @Test
    void paddedSourceStepsChangeNothingInTheVertex() {
        for (Attention attention : List.of(Attention.GENERAL, Attention.ADDITIVE)) {
            paddedSourceStepsChangeNothingInTheVertex(attention);
        }
    }

    private static void paddedSourceStepsChangeNothingInTheVertex(Attention attention) {
        ComputationGraph g = vertexGraph(attention).convertDataType(DataType.FLOAT);
        INDArray dec = Nd4j.rand(DataType.FLOAT, 1, 3, 2);
        INDArray enc = Nd4j.rand(DataType.FLOAT, 1, 2, 4);
        INDArray alone = g.outputSingle(dec, enc.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 2)),
                Nd4j.createFromArray(new float[][][] {{{4, 9}}}));
        enc.putScalar(new int[] {0, 0, 3}, 100f);   // whatever the padded steps hold
        INDArray padded = g.outputSingle(dec, enc, Nd4j.createFromArray(new float[][][] {{{4, 9, 0, 0}}}));
        assertTrue(alone.equalsWithEps(padded, 1e-6), attention + "\n" + alone + "\n" + padded);
    }

    @Test
    void paddedSourceStepsGetExactlyZeroWeightAndChangeNothing() {
        for (Attention attention : List.of(Attention.DOT, Attention.ADDITIVE)) {
            paddedSourceStepsGetExactlyZeroWeightAndChangeNothing(attention);
        }
    }

    private static void paddedSourceStepsGetExactlyZeroWeightAndChangeNothing(Attention attention) {
        NmtModel m = tiny(attention, Cell.LSTM, 1);
        MultiDataSet alone = NmtData.batch(RAGGED.subList(1, 2), m.source(), m.target());
        MultiDataSet padded = NmtData.batch(RAGGED, m.source(), m.target());
        INDArray a = m.graph().output(false, alone.getFeatures(), alone.getFeaturesMaskArrays())[0];
        INDArray p = m.graph().output(false, padded.getFeatures(), padded.getFeaturesMaskArrays())[0];
        long steps = a.size(2);
        assertTrue(a.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all()).equalsWithEps(
                p.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(0, steps)), 1e-6),
                "the shortest sentence gives the same outputs alone and padded in a batch");
        GlobalAttentionVertex.Impl v = (GlobalAttentionVertex.Impl) m.graph().getVertex(NmtNetwork.ATTN);
        INDArray w = v.lastWeights();   // [3, Td, Ts]; sentence 1 has 3 English tokens of 7
        assertEquals(0.0, w.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(3, 7))
                .sumNumber().doubleValue());
        assertEquals(1.0, w.get(NDArrayIndex.point(1), NDArrayIndex.point(0), NDArrayIndex.all()).sumNumber()
                .doubleValue(), 1e-6);
    }

    @Test
    void learnsTheToyGrammarWithAttention() {
        Evaluation ev = Evaluation.run(new Translator(trained), split.test(), 1);
        assertTrue(ev.exactMatch() >= 0.85, "exact match " + ev.exactMatch() + "\n" + ev.samples(5));
        assertTrue(ev.bleu() >= 90, "BLEU " + ev.bleu());
    }

    @Test
    void steppedDecoderAgreesWithTheTeacherForcedTrainingGraphAndBeamOneIsGreedy() {
        Translator t = new Translator(trained);
        List<List<String>> sources = split.test().stream().map(SentencePair::english).toList();
        assertEquals(t.greedy(sources).subList(0, 8), sources.subList(0, 8).stream().map(t::greedyOne).toList(),
                "batched (padded) greedy equals one at a time");
        for (SentencePair p : split.test().subList(0, 5)) {
            List<String> out = t.greedyOne(p.english());
            assertEquals(out, t.beam(p.english(), 1));
            MultiDataSet b = NmtData.batch(List.of(new SentencePair(p.english(), out)), trained.source(),
                    trained.target());
            INDArray probs = trained.graph().output(false, b.getFeatures(), b.getFeaturesMaskArrays())[0];
            List<String> expected = NmtData.decoderLabels(out);
            for (int step = 0; step < expected.size(); step++) {
                INDArray column = probs.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(step));
                assertEquals(expected.get(step), trained.target().word(Nd4j.argMax(column).getInt(0)), "step " + step);
            }
        }
    }

    @Test
    void attendReturnsOneWeightRowPerWordOverTheEnglishTokens() {
        Translator t = new Translator(trained);
        List<String> en = split.test().get(0).english();
        Translator.Attended a = t.attend(en);
        assertEquals(t.greedyOne(en), a.words().subList(0, a.words().size() - 1));
        assertEquals(Vocabulary.EOS, a.words().get(a.words().size() - 1));
        assertEquals(a.words().size(), a.weights().length);
        for (float[] row : a.weights()) {
            assertEquals(en.size(), row.length);
            double sum = 0;
            for (float x : row) {
                sum += x;
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @Test
    void saveThenLoadKeepsTheAttention(@TempDir Path dir) {
        NmtModel loaded = NmtModel.load(trained.save(dir.resolve("model.zip")));
        assertEquals(Attention.GENERAL, loaded.config().attention());
        List<List<String>> sources = split.test().stream().map(SentencePair::english).toList();
        assertEquals(new Translator(trained).greedy(sources), new Translator(loaded).greedy(sources));
    }

    @Test
    void commandLineTrainsWithAttentionDrawsItAndRefusesPlotsWithoutIt(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (SentencePair p : ToyCorpus.all()) {
            sb.append(String.join(" ", p.english())).append('\t').append(String.join(" ", p.french())).append('\n');
        }
        Path pairs = java.nio.file.Files.writeString(dir.resolve("toy.tsv"), sb.toString());
        Path run = dir.resolve("run");
        NmtCommandTest.Outcome t = NmtCommandTest.train(pairs, run, "--epochs", "2", "--attention", "dot");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.err().contains("attn (GlobalAttentionVertex"), "the summary at the start names the vertex");
        Path png = dir.resolve("plot.png");
        NmtCommandTest.Outcome p = NmtCommandTest.run("", "translate", "--model", run.toString(), "--attention-plot",
                png.toString(), "i see the red cat .");
        assertEquals(0, p.code(), p.err());
        assertEquals(2, p.out().lines().count(), p.out());
        assertTrue(java.nio.file.Files.size(png) > 1000);
        NmtCommandTest.Outcome e = NmtCommandTest.run("", "evaluate", "--model", run.toString(), "--pairs",
                pairs.toString(), "--plots", dir.resolve("plots").toString(), "--plot-count", "2", "--latency", "0");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("BLEU by English length:  6-10 "), e.out());
        assertTrue(java.nio.file.Files.exists(dir.resolve("plots").resolve("attention-2.png")));
        NmtCommandTest.Outcome s = NmtCommandTest.run("", "summary", "--model", run.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("attnHidden") && s.out().contains("DOT"), s.out());
        NmtCommandTest.Outcome two = NmtCommandTest.run("", "translate", "--model", run.toString(), "--attention-plot",
                png.toString(), "a .", "b .");
        assertEquals("error: --attention-plot draws one sentence: give exactly one SENTENCE, got 2", two.err().strip());
        Path plain = dir.resolve("plain");
        assertEquals(0, NmtCommandTest.train(pairs, plain, "--epochs", "1").code());
        NmtCommandTest.Outcome none = NmtCommandTest.run("", "evaluate", "--model", plain.toString(), "--pairs",
                pairs.toString(), "--plots", dir.resolve("plots2").toString());
        assertEquals(2, none.code());
        assertEquals("error: --plots needs a model trained with --attention dot, general or additive; " + plain
                + " has none",
                none.err().strip());
        assertTrue(java.nio.file.Files.notExists(dir.resolve("plots2")));
    }

    @Test
    void optionValues() {
        assertEquals(Attention.DOT, Attention.parse("Dot"));
        assertEquals(Attention.ADDITIVE, Attention.parse(" additive"));
        assertEquals("--attention must be dot, general, additive or none, got 'luong'",
                assertThrows(UserException.class, () -> Attention.parse("luong")).getMessage());
        assertEquals(Attention.NONE, NmtConfig.defaults().attention());
    }
}
