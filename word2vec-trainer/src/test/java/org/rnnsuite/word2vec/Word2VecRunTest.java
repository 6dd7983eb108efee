package org.rnnsuite.word2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.VectorsIO;
import org.rnnsuite.common.embeddings.WordVectors;
import org.rnnsuite.common.run.ModelCard;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;

/** word2vec on the shared training lifecycle: checkpoints every epoch, exact resume, refusals in one line. */
class Word2VecRunTest {
    static final Path GENESIS = Word2VecTrainerTest.GENESIS;
    static final Word2VecConfig CONFIG = Word2VecConfig.tiny().withEpochs(3);

    @TempDir
    Path dir;

    private static TrainingResult<Word2VecTrainer.Result> train(Path corpus, RunOptions options,
                                                                 Word2VecConfig config, String killAfter) {
        try (TrainingRun run = Word2VecTrainer.openRun(config, corpus, options)) {
            run.onLog(line -> {
                if (killAfter != null && line.startsWith(killAfter)) {
                    throw new IllegalStateException("killed");   // after that epoch's checkpoint, as a kill would
                }
            });
            return Word2VecTrainer.train(config, corpus, run);
        }
    }

    @Test
    void aRunKilledBetweenEpochsResumesToTheSameVectorsAsAnUninterruptedOne() throws Exception {
        TrainingResult<Word2VecTrainer.Result> whole = train(GENESIS, RunOptions.in(dir.resolve("whole")), CONFIG,
                null);
        Path killed = dir.resolve("killed");
        assertEquals("killed", assertThrows(IllegalStateException.class,
                () -> train(GENESIS, RunOptions.in(killed), CONFIG, "EPOCH 1/3")).getMessage());
        assertEquals(1.0, ModelIO.readCard(killed.resolve("checkpoint.zip"), "word2vec").position());
        TrainingResult<Word2VecTrainer.Result> resumed = train(GENESIS, RunOptions.in(killed).resuming(), CONFIG,
                null);
        assertEquals(3, resumed.model().epochsDone());
        WordVectors a = whole.model().vectors();
        WordVectors b = resumed.model().vectors();
        assertEquals(a.words(), b.words());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.vector(i), b.vector(i), a.word(i));
        }
        assertEquals(3, resumed.history().size());
        // model.zip holds the last epoch's vectors, readable by the standard reader
        ModelCard card = ModelIO.readCard(killed.resolve("model.zip"), "word2vec");
        assertEquals(3.0, card.position());
        assertEquals(List.of("vectors.bin"), card.entries());
        try (var zip = ModelIO.open(killed.resolve("model.zip"), "word2vec")) {
            Path copy = Files.copy(zip.getPath("vectors.bin"), dir.resolve("vectors.bin"));
            assertArrayEquals(b.vector(0), VectorsIO.read(copy, 0).vector(0));
        }
        assertTrue(Files.readString(killed.resolve("metrics.csv")).startsWith("epoch,words,words_per_second,"));
    }

    @Test
    void theTrainingLossFallsEpochByEpochAndIsDrawn() throws Exception {
        TrainingResult<Word2VecTrainer.Result> r = train(GENESIS, RunOptions.in(dir.resolve("run")), CONFIG, null);
        List<Double> loss = r.history().stream().map(m -> m.get("loss")).toList();
        assertEquals(3, loss.size());
        assertTrue(loss.get(0) > 0 && loss.get(0) < 5, "a binary cross-entropy per pair: " + loss);
        assertTrue(loss.get(2) < loss.get(1) && loss.get(1) < loss.get(0), "falls: " + loss);
        assertTrue(Files.size(dir.resolve("run/loss.png")) > 1000);
        assertTrue(Files.readString(dir.resolve("run/metrics.csv")).lines().findFirst().orElseThrow()
                .contains(",loss,"));
    }

    @Test
    void resumeRefusesOtherOptionsOrAnotherCorpusInOneLine() throws Exception {
        Path run = dir.resolve("run");
        train(GENESIS, RunOptions.in(run), CONFIG.withEpochs(1), null);
        UserException options = assertThrows(UserException.class, () -> Word2VecTrainer.openRun(
                CONFIG.withEpochs(2), GENESIS, RunOptions.in(run).resuming()));
        assertEquals("--resume: " + run + " was trained with other options: epochs 1 -> 2 (only threads may "
                + "change)", options.getMessage());
        Path other = Files.writeString(dir.resolve("other.txt"), "a b c a b c a b c\n");
        UserException data = assertThrows(UserException.class, () -> Word2VecTrainer.openRun(CONFIG.withEpochs(1),
                other, RunOptions.in(run).resuming()));
        assertTrue(data.getMessage().startsWith("--resume: " + run + " was trained on other data: "),
                data.getMessage());
        assertEquals("--resume works with --engine fast only", assertThrows(UserException.class,
                () -> Word2VecTrainer.openRun(CONFIG.withEngine(Word2VecConfig.Engine.DL4J), GENESIS,
                        RunOptions.in(run).resuming())).getMessage());
    }
}
