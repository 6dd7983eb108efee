package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.layers.Cell;

/**
 * The translator's direct encoder and decoder ({@link DirectEncoder}, {@link DirectDecoder}) against the graphs'
 * {@code output} and {@code rnnTimeStep}: the same final states and outputs of a padded batch, the same next-word
 * probabilities at every step (float rounding), the same greedy translations one at a time and in a padded batch,
 * and the same beam-search translations and scores, without attention and with each kind of attention, with one and
 * two layers.
 */
class DirectDecoderTest {
    private static final List<SentencePair> PAIRS = ToyCorpus.all();

    /** An untrained model of the small size, its vocabularies from the toy corpus, a given seed. */
    private static NmtModel model(Attention attention, int layers, Cell cell, long seed) {
        NmtConfig s = NmtConfig.small();
        NmtConfig c = new NmtConfig(s.embedding(), s.units(), layers, cell, 0, s.vocab(), 1, s.maxLength(),
                s.batchSize(), s.learningRate(), 0, s.maxOutput(), s.lengthPenalty(), seed, s.testFraction(), false,
                1, 0, 0, attention);
        Vocabulary src = Vocabulary.build(PAIRS.stream().map(SentencePair::english).toList(), c.vocab(), 1);
        Vocabulary tgt = Vocabulary.build(PAIRS.stream().map(SentencePair::french).toList(), c.vocab(), 1);
        return NmtModel.create(c, src, tgt);
    }

    @ParameterizedTest
    @CsvSource({"NONE, 1", "DOT, 1", "GENERAL, 1", "ADDITIVE, 1", "NONE, 2", "ADDITIVE, 2"})
    void stepsGiveTheGraphsProbabilitiesAndTranslations(Attention attention, int layers) {
        NmtModel m = model(attention, layers, Cell.LSTM, Seeds.DEFAULT_SEED + layers);
        Translator direct = new Translator(m);
        Translator graph = new Translator(m, false);
        assertTrue(direct.stepsDirectly());
        assertFalse(graph.stepsDirectly());
        List<List<String>> sources = PAIRS.subList(0, 12).stream().map(SentencePair::english).toList();
        for (List<String> en : sources.subList(0, 4)) {
            List<float[]> a = direct.greedyProbabilities(en);
            List<float[]> b = graph.greedyProbabilities(en);
            assertEquals(b.size(), a.size(), "steps of " + en);
            for (int t = 0; t < a.size(); t++) {
                assertEquals(b.get(t).length, a.get(t).length);
                for (int j = 0; j < a.get(t).length; j++) {
                    assertEquals(b.get(t)[j], a.get(t)[j], 2e-6, "step " + t + ", word " + j + " of " + en);
                }
            }
        }
        assertEquals(graph.greedy(sources), direct.greedy(sources), "padded batch");
        for (List<String> en : sources.subList(0, 4)) {
            assertEquals(graph.greedyOne(en), direct.greedyOne(en));
            List<Translator.Scored> x = direct.nBest(en, 4, 3);
            List<Translator.Scored> y = graph.nBest(en, 4, 3);
            assertEquals(y.size(), x.size());
            for (int i = 0; i < x.size(); i++) {
                assertEquals(y.get(i).words(), x.get(i).words(), "beam translation " + i + " of " + en);
                assertEquals(y.get(i).score(), x.get(i).score(), 1e-4);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"NONE, 1", "NONE, 2", "DOT, 2"})
    void encoderGivesTheGraphsStatesAndOutputsOfAPaddedBatch(Attention attention, int layers) {
        NmtModel m = model(attention, layers, Cell.LSTM, 11);
        NmtConfig c = m.config();
        ComputationGraph g = new ComputationGraph(NmtNetwork.encoder(c, m.source().size(), m.sourceEmbedding()));
        g.init();
        for (Layer l : g.getLayers()) {
            l.setParams(m.graph().getLayer(l.conf().getLayer().getLayerName()).params());
        }
        List<int[]> ids = new ArrayList<>();
        for (SentencePair p : PAIRS.subList(0, 6)) {
            ids.add(NmtData.sourceIds(p.english(), m.source()));
        }
        INDArray[] padded = NmtData.padded(ids);
        INDArray[] expected = g.output(false, new INDArray[] {padded[0]}, new INDArray[] {padded[1]});
        DirectEncoder.Source s = DirectEncoder.of(g, c).encode(ids);
        float[] states = expected[0].dup('c').data().asFloat();
        assertEquals(states.length, s.states().length);
        for (int i = 0; i < states.length; i++) {
            assertEquals(states[i], s.states()[i], 1e-6, "state value " + i);
        }
        if (attention == Attention.NONE) {
            assertEquals(null, s.outputs());
            return;
        }
        INDArray outs = expected[1];   // [n, H, Ts]
        for (int i = 0; i < ids.size(); i++) {
            for (int t = 0; t < ids.get(i).length; t++) {
                for (int j = 0; j < c.units(); j++) {
                    assertEquals(outs.getFloat(i, j, t), s.outputs()[i][t * c.units() + j], 1e-6);
                }
            }
        }
    }

    @Test
    void followsTheModelAfterSyncAndLeavesGruToTheGraph() {
        NmtModel m = model(Attention.DOT, 1, Cell.LSTM, 3);
        Translator t = new Translator(m);
        List<String> en = PAIRS.get(0).english();
        float[] before = t.greedyProbabilities(en).get(0);
        m.graph().params().muli(1.5f);
        t.sync();
        float[] after = t.greedyProbabilities(en).get(0);
        float[] expected = new Translator(m, false).greedyProbabilities(en).get(0);
        for (int j = 0; j < after.length; j++) {
            assertEquals(expected[j], after[j], 2e-6);
        }
        assertTrue(Math.abs(before[0] - after[0]) > 1e-6, "the parameters changed");
        assertFalse(new Translator(model(Attention.NONE, 1, Cell.GRU, 3)).stepsDirectly());
    }
}
