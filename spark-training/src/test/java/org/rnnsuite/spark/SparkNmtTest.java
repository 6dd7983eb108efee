package org.rnnsuite.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.nmt.NmtConfig;
import org.rnnsuite.nmt.NmtCorpus;
import org.rnnsuite.nmt.NmtData;
import org.rnnsuite.nmt.NmtModel;
import org.rnnsuite.nmt.NmtTrainer;
import org.rnnsuite.nmt.SentencePair;

/**
 * The translator trained on {@code local[2]} on a toy English-French grammar made in code: the loss falls and the
 * test BLEU rises as on one machine, and the run's model loads as a translator.
 */
class SparkNmtTest {
    private static final String[][] SUBJECTS = {{"i", "je"}, {"you", "tu"}, {"he", "il"}, {"she", "elle"}};
    private static final String[][] NOUNS = {{"cat", "chat", "le"}, {"house", "maison", "la"},
        {"car", "voiture", "la"}, {"dog", "chien", "le"}, {"book", "livre", "le"}};
    private static final String[][] ADJECTIVES = {{"red", "rouge"}, {"big", "grand"}, {"small", "petit"}};
    private static final NmtConfig CONFIG = NmtConfig.small().withBudget(4, 0, 0);

    /** "subject see the adjective noun" → "sujet voit article nom adjectif": 60 pairs. */
    static List<SentencePair> pairs() {
        List<SentencePair> out = new ArrayList<>();
        for (String[] s : SUBJECTS) {
            for (String[] n : NOUNS) {
                for (String[] a : ADJECTIVES) {
                    out.add(new SentencePair(List.of(s[0], "see", "the", a[0], n[0], "."),
                            List.of(s[1], "vois", n[2], n[1], a[1], ".")));
                }
            }
        }
        return out;
    }

    @Test
    void lossFallsAndBleuRisesAsOnOneMachine(@TempDir Path dir) {
        NmtCorpus data = NmtCorpus.of(CONFIG, NmtData.splitByCount(pairs(), 10, 7), "toy grammar");
        TrainingResult<ComputationGraph> single;
        try (TrainingRun run = NmtTrainer.openRun(CONFIG, data, RunOptions.inMemory())) {
            single = NmtTrainer.train(CONFIG, data, run);
        }
        TrainingResult<ComputationGraph> spark;
        try (TrainingRun run = NmtTrainer.openRun(CONFIG, data, RunOptions.in(dir))) {
            spark = SparkNmtTrainer.train(CONFIG, data, run, LocalSpark.context(),
                    SparkSettings.defaults().withMaster(LocalSpark.MASTER).withAveragingFrequency(1));
        }
        double[] loss = spark.column("loss");
        double[] oneLoss = single.column("loss");
        assertEquals(4, loss.length);
        assertTrue(loss[3] < loss[0], "spark loss " + loss[0] + " -> " + loss[3]);
        assertTrue(oneLoss[oneLoss.length - 1] < oneLoss[0], "single loss " + oneLoss[0] + " -> "
                + oneLoss[oneLoss.length - 1]);
        double[] bleu = spark.column("test_bleu");
        double[] oneBleu = single.column("test_bleu");
        assertTrue(bleu[3] >= bleu[0], "spark BLEU " + java.util.Arrays.toString(bleu));
        assertTrue(oneBleu[oneBleu.length - 1] >= oneBleu[0], "single BLEU " + java.util.Arrays.toString(oneBleu));
        NmtModel loaded = NmtModel.load(NmtModel.resolve(dir));
        assertEquals(data.target().size(), loaded.target().size());
        assertEquals(spark.model().numParams(), loaded.graph().numParams());
    }

    @Test
    void evaluationsWithinEpochsAreRefused(@TempDir Path dir) {
        NmtConfig timed = NmtConfig.small().withBudget(1, 0, 0.5);
        NmtCorpus data = NmtCorpus.of(timed, NmtData.splitByCount(pairs(), 10, 7), "toy grammar");
        try (TrainingRun run = NmtTrainer.openRun(timed, data, RunOptions.in(dir))) {
            UserException e = assertThrows(UserException.class, () -> SparkNmtTrainer.train(timed, data, run,
                    LocalSpark.context(), SparkSettings.defaults().withMaster(LocalSpark.MASTER)));
            assertTrue(e.getMessage().startsWith("--eval-minutes"), e.getMessage());
        }
    }
}
