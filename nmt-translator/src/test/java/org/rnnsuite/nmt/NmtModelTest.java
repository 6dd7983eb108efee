package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnnsuite.word2vec.WordVectors;

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
        NmtTrainer.Result r = new NmtTrainer(c, true).train(NmtModel.create(c, src(), tgt()), s,
                new NmtTrainer.Budget(2, 0), null);
        return r.epochs().stream().mapToDouble(NmtTrainer.EpochMetrics::loss).toArray();
    }

    @Test
    void pretrainedSourceVectorsInitialiseTheEnglishEmbeddings() {
        Vocabulary src = src();
        NmtModel.Pretrained p = NmtModel.createWithSourceVectors(NmtConfig.small(), src, tgt(), vectors(), false);
        assertEquals(2, p.found());
        assertEquals(4, p.model().sourceEmbedding());
        INDArray w = p.model().graph().getLayer(NmtNetwork.SRC_EMB).getParam("W");
        assertEquals(Nd4j.createFromArray(1f, 2f, 3f, 4f), w.getRow(src.id("cat")));
        assertEquals(Nd4j.createFromArray(4f, 3f, 2f, 1f), w.getRow(src.id("dog")));
    }

    @Test
    void frozenPretrainedSourceEmbeddingsStayFixedWhileTheRestTrains() {
        NmtConfig c = NmtConfig.small();
        NmtModel m = NmtModel.createWithSourceVectors(c, src(), tgt(), vectors(), true).model();
        INDArray before = m.graph().getLayer(NmtNetwork.SRC_EMB).getParam("W").dup();
        INDArray outBefore = m.graph().getLayer(NmtNetwork.OUT).params().dup();
        new NmtTrainer(c, true).train(m, NmtData.splitByCount(PAIRS, 8, 1), new NmtTrainer.Budget(1, 0), null);
        assertEquals(before, m.graph().getLayer(NmtNetwork.SRC_EMB).getParam("W"));
        assertNotEquals(outBefore, m.graph().getLayer(NmtNetwork.OUT).params());
    }

    @Test
    void unfrozenPretrainedSourceEmbeddingsAreFineTuned() {
        NmtConfig c = NmtConfig.small();
        NmtModel m = NmtModel.createWithSourceVectors(c, src(), tgt(), vectors(), false).model();
        INDArray before = m.graph().getLayer(NmtNetwork.SRC_EMB).getParam("W").dup();
        new NmtTrainer(c, true).train(m, NmtData.splitByCount(PAIRS, 8, 1), new NmtTrainer.Budget(1, 0), null);
        assertNotEquals(before, m.graph().getLayer(NmtNetwork.SRC_EMB).getParam("W"));
    }

    /** Two 4-dimensional vectors, as the word2vec-trainer module holds them. */
    static WordVectors vectors() {
        return new WordVectors(List.of("cat", "dog"), null, new float[] {1, 2, 3, 4, 4, 3, 2, 1}, 4);
    }
}
