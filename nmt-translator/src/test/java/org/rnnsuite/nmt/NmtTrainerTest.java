package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.run.MetricsCsv;
import org.rnnsuite.common.run.ModelCard;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;

/** Runs with a directory: killed and resumed runs train exactly as uninterrupted ones; the best model's card. */
class NmtTrainerTest {
    private static final NmtData.Split SPLIT = NmtData.splitByCount(ToyCorpus.all(), 40, 7);
    /** 200 training pairs in batches of 32: 7 batches per epoch. */
    private static final NmtConfig CONFIG = NmtConfig.small().withBudget(3, 0, 0);
    private static final NmtCorpus DATA = Training.corpus(CONFIG, SPLIT);

    /** Thrown by {@link Killer} as if the process were killed. */
    static final class Killed extends RuntimeException {
        Killed() {
            super("killed");
        }
    }

    /** Kills training at the given start of {@code fit} or after the given iteration (counted from 1). */
    static final class Killer extends BaseTrainingListener {
        private final int atEpochStart;
        private final int afterIteration;
        private int epochStarts;
        private int iterations;

        Killer(int atEpochStart, int afterIteration) {
            this.atEpochStart = atEpochStart;
            this.afterIteration = afterIteration;
        }

        @Override
        public void onEpochStart(Model model) {
            if (++epochStarts == atEpochStart) {
                throw new Killed();
            }
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            if (++iterations == afterIteration) {
                throw new Killed();
            }
        }
    }

    private static TrainingResult<ComputationGraph> train(NmtConfig c, RunOptions options, Killer killer) {
        try (TrainingRun run = NmtTrainer.openRun(c, DATA, options)) {
            if (killer != null) {
                run.addListener(killer);
            }
            return NmtTrainer.train(c, DATA, run);
        }
    }

    @Test
    void killedBetweenEpochsAndResumedEndsWithTheParametersOfAnUninterruptedRun(@TempDir Path dir) {
        ComputationGraph whole = train(CONFIG, RunOptions.in(dir.resolve("whole")), null).last();
        RunOptions killed = RunOptions.in(dir.resolve("killed"));
        assertThrows(Killed.class, () -> train(CONFIG, killed, new Killer(2, 0)));
        assertEquals(List.of(1.0), boxed(MetricsCsv.read(killed.dir().resolve(TrainingRun.METRICS_FILE)).get("epoch")));
        TrainingResult<ComputationGraph> resumed = train(CONFIG, killed.resuming(), null);
        assertEquals(whole.params(), resumed.last().params());
        assertArrayEquals(new double[] {1, 2, 3}, resumed.column("epoch"));
        double[] minutes = resumed.column("train_minutes");
        assertTrue(minutes[0] < minutes[1] && minutes[1] < minutes[2], "train_minutes go on over the resume");
        assertEquals(3, resumed.last().getConfiguration().getEpochCount());
    }

    @Test
    void killedMidwayThroughAnEpochAndResumedEndsWithTheParametersOfAnUninterruptedRun(@TempDir Path dir) {
        ComputationGraph whole = train(CONFIG, RunOptions.in(dir.resolve("whole")), null).last();
        // a checkpoint after every batch (--checkpoint-minutes tiny); the kill comes in the 5th batch of epoch 2
        RunOptions killed = new RunOptions(dir.resolve("killed"), false, 0, 1e-9, true);
        assertThrows(Killed.class, () -> train(CONFIG, killed, new Killer(0, 12)));
        ModelCard checkpoint = ModelIO.readCard(killed.dir().resolve(TrainingRun.CHECKPOINT_FILE), NmtTrainer.WORKFLOW);
        assertEquals(1.57143, checkpoint.position(), "before the killed batch: 1 + 4/7 epochs, to 6 significant digits");
        TrainingResult<ComputationGraph> resumed = train(CONFIG, killed.resuming(), null);
        assertEquals(whole.params(), resumed.last().params());
        assertArrayEquals(new double[] {1, 2, 3}, resumed.column("epoch"));
        double[] minutes = resumed.column("train_minutes");
        assertTrue(minutes[0] < minutes[1] && minutes[1] < minutes[2], "train_minutes go on over the resume");
    }

    @Test
    void dropoutMasksAreAFunctionOfTheBatchSoAResumedRunDropsTheSameUnits(@TempDir Path dir) {
        NmtConfig s = NmtConfig.small();
        NmtConfig dropout = new NmtConfig(s.embedding(), 32, 2, s.cell(), 0.3, s.vocab(), 1, s.maxLength(),
                s.batchSize(), s.learningRate(), 0, s.maxOutput(), 1.0, s.seed(), s.testFraction(), false, 2, 0, 0);
        ComputationGraph whole = train(dropout, RunOptions.in(dir.resolve("whole")), null).last();
        RunOptions killed = new RunOptions(dir.resolve("killed"), false, 0, 1e-9, true);
        assertThrows(Killed.class, () -> train(dropout, killed, new Killer(0, 10)));
        assertEquals(whole.params(), train(dropout, killed.resuming(), null).last().params());
    }

    @Test
    void theBestModelIsKeptWithItsCardVocabulariesAndConfiguration(@TempDir Path dir) {
        TrainingResult<ComputationGraph> r = train(CONFIG, RunOptions.in(dir), null);
        double[] bleu = r.column("test_bleu");
        double best = Math.max(bleu[0], Math.max(bleu[1], bleu[2]));
        assertEquals(best, r.best("test_bleu"));
        NmtModel loaded = NmtModel.load(r.modelFile());
        ModelCard card = ModelIO.readCard(r.modelFile(), NmtTrainer.WORKFLOW);
        assertEquals(CONFIG, card.config(NmtConfig.class));
        assertEquals(CONFIG, loaded.config());
        assertEquals(DATA.source(), loaded.source());
        assertEquals(DATA.target(), loaded.target());
        assertEquals(List.of(NmtModel.SRC_VOCAB_ENTRY, NmtModel.TGT_VOCAB_ENTRY), card.entries());
        assertEquals(DATA.source().size(), card.number("sourceVocabulary").intValue());
        assertEquals(best, card.metrics().get("test_bleu"));
        assertEquals(r.model().params(), loaded.graph().params());
    }

    @Test
    void fractionalPositionsAreKeptToSixSignificantDigits() {
        assertEquals(1.57143, NmtTrainer.position(1, 4, 7));
        assertEquals(2.0, NmtTrainer.position(1, 7, 7));
        assertEquals(0.0, NmtTrainer.position(0, 0, 7));
    }

    private static List<Double> boxed(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
