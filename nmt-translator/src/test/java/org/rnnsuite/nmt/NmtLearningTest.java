package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnnsuite.common.run.TrainingResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Trains once on the toy grammar (a few seconds) and checks learning, decoding and persistence on the result. */
class NmtLearningTest {
    private static final int EPOCHS = 20;
    private static NmtModel model;
    private static TrainingResult<ComputationGraph> result;
    private static NmtData.Split split;

    @BeforeAll
    static void train() {
        split = NmtData.splitByCount(ToyCorpus.all(), 40, 7);
        NmtConfig c = NmtConfig.small().withBudget(EPOCHS, 0, 0);
        NmtCorpus data = Training.corpus(c, split);
        result = Training.inMemory(c, data);
        model = Training.last(c, data, result);
    }

    @Test
    void learnsTheToyGrammarToAtLeast95PercentExactMatchOnHeldOutSentences() {
        Evaluation ev = Evaluation.run(new Translator(model), split.test(), 1);
        assertTrue(ev.exactMatch() >= 0.95, "exact match " + ev.exactMatch() + "\n" + ev.samples(5));
        assertTrue(ev.bleu() >= 90, "BLEU " + ev.bleu());
        assertTrue(result.column("loss")[0] > 2 * result.lastMetrics().get("loss"), "loss decreases");
        assertEquals(EPOCHS, result.history().size());
        assertEquals(EPOCHS, model.graph().getConfiguration().getEpochCount());
    }

    @Test
    void beamOneEqualsGreedy() {
        Translator t = new Translator(model);
        for (SentencePair p : split.test()) {
            assertEquals(t.greedyOne(p.english()), t.beam(p.english(), 1));
        }
    }

    @Test
    void batchedGreedyEqualsOneAtATime() {
        Translator t = new Translator(model);
        List<List<String>> sources = split.test().stream().map(SentencePair::english).toList();
        List<List<String>> batched = t.greedy(sources);
        for (int i = 0; i < sources.size(); i++) {
            assertEquals(t.greedyOne(sources.get(i)), batched.get(i));
        }
    }

    @Test
    void beamSearchIsAtLeastAsLikelyAsGreedyAndAgreesHereOnTheLearnedGrammar() {
        Translator t = new Translator(model);
        for (SentencePair p : split.test().subList(0, 10)) {
            assertEquals(p.french(), t.beam(p.english(), 4));
        }
    }

    @Test
    void paddingIsExactForTheEncoder() {
        Translator t = new Translator(model);
        List<String> shortOne = List.of("he", "wants", "the", "car", ".");
        List<String> longOne = List.of("she", "sees", "the", "big", "green", "house", ".");
        INDArray alone = t.encode(List.of(shortOne));
        INDArray padded = t.encode(List.of(longOne, shortOne));
        assertArrayEquals(alone.getRow(0).toFloatVector(), padded.getRow(1).toFloatVector(), 1e-5f);
    }

    @Test
    void steppedDecoderAgreesWithTheTeacherForcedTrainingGraph() {
        Translator t = new Translator(model);
        for (SentencePair p : split.test().subList(0, 5)) {
            List<String> out = t.greedyOne(p.english());
            MultiDataSet b = NmtData.batch(List.of(new SentencePair(p.english(), out)), model.source(), model.target());
            INDArray probs = model.graph().output(false, b.getFeatures(), b.getFeaturesMaskArrays())[0];
            List<String> expected = NmtData.decoderLabels(out);
            for (int step = 0; step < expected.size(); step++) {
                INDArray column = probs.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(step));
                assertEquals(expected.get(step), model.target().word(Nd4j.argMax(column).getInt(0)), "step " + step);
            }
        }
    }

    @Test
    void saveThenLoadGivesIdenticalTranslations(@TempDir Path dir) {
        Path file = model.save(dir.resolve("model.zip"));
        NmtModel loaded = NmtModel.load(file);
        assertEquals(model.config(), loaded.config());
        assertEquals(model.source(), loaded.source());
        assertEquals(model.target(), loaded.target());
        Translator a = new Translator(model);
        Translator b = new Translator(loaded);
        List<List<String>> sources = new ArrayList<>();
        split.test().forEach(p -> sources.add(p.english()));
        assertEquals(a.greedy(sources), b.greedy(sources));
        assertEquals(a.beam(sources.get(0), 3), b.beam(sources.get(0), 3));
        assertEquals(model.graph().params(), loaded.graph().params());
    }
}
