package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnnsuite.common.run.TrainingResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnnsuite.common.layers.Cell;

/** The same encoder-decoder with the project's GRU cell ({@code --cell gru}). */
class GruCellTest {
    private static NmtModel model;
    private static NmtData.Split split;
    private static TrainingResult<ComputationGraph> result;

    @BeforeAll
    static void train() {
        NmtConfig s = NmtConfig.small();
        NmtConfig c = new NmtConfig(s.embedding(), s.units(), 1, Cell.GRU, 0, s.vocab(), 1, s.maxLength(),
                s.batchSize(), s.learningRate(), 0, s.maxOutput(), 1.0, s.seed(), s.testFraction(), false, 20, 0, 0);
        split = NmtData.splitByCount(ToyCorpus.all(), 40, 7);
        NmtCorpus data = Training.corpus(c, split);
        result = Training.inMemory(c, data);
        model = Training.last(c, data, result);
    }

    @Test
    void trainsAndTranslates() {
        assertTrue(result.column("loss")[0] > 2 * result.lastMetrics().get("loss"), result.history().toString());
        Evaluation ev = Evaluation.run(new Translator(model), split.test(), 1);
        assertTrue(ev.bleu() > 50, "BLEU " + ev.bleu() + "\n" + ev.samples(3));
    }

    @Test
    void stateCarryAndPaddingAreExact() {
        Translator t = new Translator(model);
        List<List<String>> sources = split.test().stream().map(SentencePair::english).toList();
        List<List<String>> batched = t.greedy(sources);
        for (int i = 0; i < 10; i++) {
            assertEquals(t.greedyOne(sources.get(i)), batched.get(i));
            assertEquals(t.greedyOne(sources.get(i)), t.beam(sources.get(i), 1));
        }
        List<String> shortOne = List.of("he", "wants", "the", "car", ".");
        INDArray alone = t.encode(List.of(shortOne));
        INDArray padded = t.encode(List.of(List.of("she", "sees", "the", "big", "green", "house", "."), shortOne));
        assertArrayEquals(alone.getRow(0).toFloatVector(), padded.getRow(1).toFloatVector(), 1e-5f);
    }

    @Test
    void saveThenLoad(@TempDir Path dir) {
        NmtModel loaded = NmtModel.load(model.save(dir.resolve("gru.zip")));
        assertEquals(Cell.GRU, loaded.config().cell());
        List<List<String>> sources = split.test().stream().map(SentencePair::english).toList();
        assertEquals(new Translator(model).greedy(sources), new Translator(loaded).greedy(sources));
    }
}
