package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.embeddings.WordVectors;

class NmtModelTest {
    private static final List<SentencePair> PAIRS = ToyCorpus.all().subList(0, 64);

    private static Vocabulary src() {
        return Vocabulary.build(PAIRS.stream().map(SentencePair::english).toList(), 100, 1);
    }

    private static Vocabulary tgt() {
        return Vocabulary.build(PAIRS.stream().map(SentencePair::french).toList(), 100, 1);
    }

    @Test
    void sameSeedSameParametersOtherSeedOtherParameters() {
        NmtConfig c = NmtConfig.small();
        INDArray a = NmtModel.create(c, src(), tgt()).graph().params();
        assertEquals(a, NmtModel.create(c, src(), tgt()).graph().params());
        assertNotEquals(a, NmtModel.create(c.withSeed(1), src(), tgt()).graph().params());
    }

    @Test
    void sameSeedSameLossCurve() {
        NmtConfig c = NmtConfig.small();
        NmtData.Split s = NmtData.splitByCount(PAIRS, 8, 1);
        double[] first = losses(c, s);
        assertEquals(first[0], losses(c, s)[0], 1e-6);
        assertEquals(first[1], losses(c, s)[1], 1e-6);
    }

    private static double[] losses(NmtConfig c, NmtData.Split s) {
        return Training.inMemory(c.withBudget(2, 0, 0), Training.corpus(c, s)).column("loss");
    }

    @Test
    void pretrainedSourceVectorsInitialiseTheEnglishEmbeddings() {
        Vocabulary src = src();
        NmtModel.Pretrained p = NmtModel.createWithSourceVectors(NmtConfig.small(), src, tgt(), vectors());
        assertEquals(2, p.found());
        assertEquals(4, p.model().sourceEmbedding());
        INDArray w = p.model().graph().getLayer(NmtNetwork.SRC_EMB).getParam("W");
        assertEquals(Nd4j.createFromArray(1f, 2f, 3f, 4f), w.getRow(src.id("cat")));
        assertEquals(Nd4j.createFromArray(4f, 3f, 2f, 1f), w.getRow(src.id("dog")));
    }

    @Test
    void frozenPretrainedSourceEmbeddingsStayFixedWhileTheRestTrains() {
        NmtConfig c = NmtConfig.small().withFreezeSource(true).withBudget(1, 0, 0);
        NmtCorpus data = withVectors(c);
        NmtModel m = NmtModel.createWithSourceVectors(c, data.source(), data.target(), vectors()).model();
        ComputationGraph trained = Training.inMemory(c, data).last();
        assertEquals(m.graph().getLayer(NmtNetwork.SRC_EMB).getParam("W"), trained.getLayer(NmtNetwork.SRC_EMB).getParam("W"));
        assertNotEquals(m.graph().getLayer(NmtNetwork.OUT).params(), trained.getLayer(NmtNetwork.OUT).params());
    }

    @Test
    void unfrozenPretrainedSourceEmbeddingsAreFineTuned() {
        NmtConfig c = NmtConfig.small().withBudget(1, 0, 0);
        NmtCorpus data = withVectors(c);
        NmtModel m = NmtModel.createWithSourceVectors(c, data.source(), data.target(), vectors()).model();
        ComputationGraph trained = Training.inMemory(c, data).last();
        assertNotEquals(m.graph().getLayer(NmtNetwork.SRC_EMB).getParam("W"), trained.getLayer(NmtNetwork.SRC_EMB).getParam("W"));
    }

    private static NmtCorpus withVectors(NmtConfig c) {
        NmtCorpus plain = Training.corpus(c, NmtData.splitByCount(PAIRS, 8, 1));
        return new NmtCorpus(plain.split(), plain.source(), plain.target(), vectors(), plain.fingerprint(), "toy");
    }

    @Test
    void recurrentAndOutputLayersStartAsPyTorchsDo() {
        NmtConfig c = NmtConfig.small();
        NmtModel m = NmtModel.create(c, src(), tgt());
        double a = 1 / Math.sqrt(c.units());
        for (String layer : List.of(NmtNetwork.encoderLayer(0), NmtNetwork.decoderLayer(0), NmtNetwork.OUT)) {
            INDArray w = m.graph().getLayer(layer).getParam("W");
            assertTrue(w.amaxNumber().doubleValue() <= a, layer + ": uniform in ±1/√units");
            assertEquals(a / Math.sqrt(3), w.stdNumber().doubleValue(), 0.1 * a, layer + ": not a narrower law");
        }
        INDArray b = m.graph().getLayer(NmtNetwork.decoderLayer(0)).getParam("b");
        assertEquals(0, b.amaxNumber().doubleValue(), "zero biases, the forget gate's too");
    }

    /**
     * With two layers each decoder layer starts from its own encoder layer's final state; stepping the decoder
     * ({@code rnnTimeStep}) must agree with the training graph, for both cells.
     */
    @Test
    void twoLayerModelsDecodeAsTheyTrain() {
        for (Cell cell : List.of(Cell.LSTM, Cell.GRU)) {
            NmtConfig s = NmtConfig.small();
            NmtConfig c = new NmtConfig(s.embedding(), 32, 2, cell, 0.0, s.vocab(), 1, s.maxLength(), s.batchSize(),
                    s.learningRate(), 0.0, 6, 1.0, s.seed(), s.testFraction(), false, 3, 0, 0);
            NmtCorpus data = Training.corpus(c, NmtData.splitByCount(PAIRS, 8, 1));
            NmtModel m = Training.last(c, data, Training.inMemory(c, data));
            Translator t = new Translator(m);
            assertEquals(2 * NmtNetwork.stateSize(c), t.encode(List.of(PAIRS.get(0).english())).size(1));
            for (SentencePair p : PAIRS.subList(0, 4)) {
                List<String> out = t.greedyOne(p.english());
                MultiDataSet b = NmtData.batch(List.of(new SentencePair(p.english(), out.isEmpty() ? List.of("x") : out)),
                        m.source(), m.target());
                INDArray probs = m.graph().output(false, b.getFeatures(), b.getFeaturesMaskArrays())[0];
                for (int step = 0; step < out.size(); step++) {
                    INDArray column = probs.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(step));
                    assertEquals(out.get(step), m.target().word(Nd4j.argMax(column).getInt(0)), cell + " step " + step);
                }
            }
        }
    }

    /** Two 4-dimensional vectors, as the word2vec-trainer module holds them. */
    static WordVectors vectors() {
        return new WordVectors(List.of("cat", "dog"), null, new float[] {1, 2, 3, 4, 4, 3, 2, 1}, 4);
    }
}
