package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnnsuite.common.run.TrainingResult;

/**
 * Bahdanau's additive score ({@code --attention additive}) end to end: a model trained on the toy grammar with
 * sentences of two lengths (padded batches) translates held-out sentences, decodes step by step as the training graph
 * computes, keeps its parameters through the model zip, and the command line trains, translates (greedy, beam,
 * attention plot), evaluates and summarises it. The gradients are checked in {@link AttentionTest}.
 */
class AdditiveAttentionTest {
    private static NmtModel trained;
    private static NmtData.Split split;
    private static TrainingResult<ComputationGraph> result;

    @BeforeAll
    static void train() {
        split = NmtData.splitByCount(ToyCorpus.ragged(), 40, 7);
        NmtConfig c = NmtConfig.small().withBudget(20, 0, 0).withAttention(Attention.ADDITIVE);
        NmtCorpus data = Training.corpus(c, split);
        result = Training.inMemory(c, data);
        trained = Training.last(c, data, result);
    }

    @Test
    void theGraphHasTheAdditiveLayersAndTheirShapes() {
        ComputationGraph g = trained.graph();
        int u = trained.config().units();
        assertArrayEquals(new long[] {u, u}, g.getLayer(NmtNetwork.ATTN_QUERY).getParam("W").shape(), "W_a, no bias");
        assertEquals(u * u, g.getLayer(NmtNetwork.ATTN_QUERY).numParams());
        assertArrayEquals(new long[] {u, u}, g.getLayer(NmtNetwork.ATTN_KEYS).getParam("W").shape(), "U_a");
        assertEquals(u * u, g.getLayer(NmtNetwork.ATTN_KEYS).numParams());
        assertEquals(u, g.getLayer(NmtNetwork.ATTN_SCORES).numParams(), "v_a, no bias");
        assertInstanceOf(MaskedTimeDistributed.class, ((LayerVertex) g.getConfiguration().getVertices()
                .get(NmtNetwork.ATTN_SCORES)).getLayerConf().getLayer());
        assertTrue(((GlobalAttentionVertex) g.getConfiguration().getVertices().get(NmtNetwork.ATTN)).isScored());
    }

    @Test
    void learnsTheToyGrammarWithPaddedBatches() {
        Evaluation ev = Evaluation.run(new Translator(trained), split.test(), 1);
        assertTrue(ev.exactMatch() >= 0.85, "exact match " + ev.exactMatch() + "\n" + ev.samples(5));
        assertTrue(ev.bleu() >= 90, "BLEU " + ev.bleu());
        assertTrue(result.column("loss")[0] > 2 * result.lastMetrics().get("loss"), "loss decreases");
        assertTrue(split.test().stream().anyMatch(p -> p.english().size() == 5)
                && split.test().stream().anyMatch(p -> p.english().size() == 6), "both lengths are tested");
    }

    @Test
    void steppedDecoderAgreesWithTheTeacherForcedTrainingGraphAndBeamOneIsGreedy() {
        Translator t = new Translator(trained);
        List<List<String>> sources = split.test().stream().map(SentencePair::english).toList();
        assertEquals(t.greedy(sources), sources.stream().map(t::greedyOne).toList(),
                "batched (padded) greedy equals one at a time");
        for (SentencePair p : split.test().subList(0, 8)) {
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
    void beamSearchFindsTheGrammarsTranslations() {
        Translator t = new Translator(trained);
        long right = split.test().stream().filter(p -> p.french().equals(t.beam(p.english(), 3))).count();
        assertTrue(right >= 0.85 * split.test().size(), right + " of " + split.test().size());
    }

    @Test
    void attendReturnsOneWeightRowPerWordOverTheEnglishTokens() {
        Translator t = new Translator(trained);
        for (SentencePair p : split.test().subList(0, 4)) {
            Translator.Attended a = t.attend(p.english());
            assertEquals(t.greedyOne(p.english()), a.words().subList(0, a.words().size() - 1));
            assertEquals(a.words().size(), a.weights().length);
            for (float[] row : a.weights()) {
                assertEquals(p.english().size(), row.length);
                double sum = 0;
                for (float x : row) {
                    sum += x;
                }
                assertEquals(1.0, sum, 1e-5);
            }
        }
    }

    @Test
    void saveThenLoadKeepsTheAttentionAndItsParameters(@TempDir Path dir) {
        NmtModel loaded = NmtModel.load(trained.save(dir.resolve("model.zip")));
        assertEquals(Attention.ADDITIVE, loaded.config().attention());
        assertEquals(trained.graph().getConfiguration(), loaded.graph().getConfiguration());
        assertEquals(trained.graph().params(), loaded.graph().params());
        for (String layer : List.of(NmtNetwork.ATTN_QUERY, NmtNetwork.ATTN_KEYS, NmtNetwork.ATTN_SCORES)) {
            assertEquals(trained.graph().getLayer(layer).params(), loaded.graph().getLayer(layer).params(), layer);
        }
        List<List<String>> sources = split.test().stream().map(SentencePair::english).toList();
        Translator a = new Translator(trained);
        Translator b = new Translator(loaded);
        assertEquals(a.greedy(sources), b.greedy(sources));
        assertEquals(a.beam(sources.get(0), 3), b.beam(sources.get(0), 3));
    }

    @Test
    void commandLineTrainsTranslatesPlotsAndEvaluates(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (SentencePair p : ToyCorpus.ragged()) {
            sb.append(String.join(" ", p.english())).append('\t').append(String.join(" ", p.french())).append('\n');
        }
        Path pairs = Files.writeString(dir.resolve("toy.tsv"), sb.toString());
        Path run = dir.resolve("run");
        NmtCommandTest.Outcome t = NmtCommandTest.train(pairs, run, "--epochs", "2", "--attention", "additive");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.err().contains("attnPairs (PairwiseTanhVertex"), "the summary at the start names the vertex");
        NmtCommandTest.Outcome greedy = NmtCommandTest.run("", "translate", "--model", run.toString(),
                "i see the red cat .", "he wants the car .");
        assertEquals(0, greedy.code(), greedy.err());
        assertEquals(2, greedy.out().lines().count(), greedy.out());
        NmtCommandTest.Outcome beam = NmtCommandTest.run("", "translate", "--model", run.toString(), "--beam", "3",
                "--n-best", "2", "i see the red cat .");
        assertEquals(0, beam.code(), beam.err());
        assertEquals(2, beam.out().lines().filter(l -> l.matches("-?[0-9.]+\t.+")).count(), beam.out());
        Path png = dir.resolve("plot.png");
        NmtCommandTest.Outcome plot = NmtCommandTest.run("", "translate", "--model", run.toString(),
                "--attention-plot", png.toString(), "i see the cat .");
        assertEquals(0, plot.code(), plot.err());
        assertTrue(Files.size(png) > 1000);
        NmtCommandTest.Outcome e = NmtCommandTest.run("", "evaluate", "--model", run.toString(), "--pairs",
                pairs.toString(), "--beam", "2", "--plots", dir.resolve("plots").toString(), "--plot-count", "2",
                "--latency", "0");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("BLEU"), e.out());
        assertTrue(Files.exists(dir.resolve("plots").resolve("attention-2.png")));
        NmtCommandTest.Outcome s = NmtCommandTest.run("", "summary", "--model", run.toString());
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("attnScores") && s.out().contains("ADDITIVE"), s.out());
    }
}
