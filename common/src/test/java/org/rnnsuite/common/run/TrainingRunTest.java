package org.rnnsuite.common.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.layers.CellTest;

class TrainingRunTest {
    record Conf(int units, double lr, int epochs) {
    }

    static final RunSpec SPEC = new RunSpec("test", "epoch", List.of("loss", "accuracy"), "accuracy", true,
            List.of(new RunSpec.Chart("accuracy.png", "Accuracy", "accuracy", List.of("accuracy"))), Set.of("epochs"));
    static final DataFingerprint DATA = DataFingerprint.of("made in code");

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        Seeds.init(Seeds.DEFAULT_SEED);
    }

    private static TrainingRun open(RunOptions options, Conf conf) {
        return TrainingRun.open(SPEC, options, conf, DATA, Map.of(), Map.of());
    }

    private static DataSet batch() {
        Nd4j.getRandom().setSeed(3);
        return new DataSet(Nd4j.rand(4, 4, 6), Nd4j.rand(4, 2, 6));
    }

    /** Trains a few epochs, reporting the given accuracies; returns the parameters after each epoch. */
    private static List<MultiLayerNetwork> train(TrainingRun run, MultiLayerNetwork net, double... accuracies) {
        List<MultiLayerNetwork> states = new java.util.ArrayList<>();
        int from = (int) run.position();
        for (int e = from; e < accuracies.length; e++) {
            net.fit(batch());
            net.incrementEpochCount();
            states.add(net.clone());
            if (!run.report(net, e + 1, Map.of("loss", 1.0 / (e + 1), "accuracy", accuracies[e]))) {
                break;
            }
        }
        return states;
    }

    @Test
    void modelZipIsTheBestEpochTheCheckpointTheLastAndTheFilesAreWritten() throws IOException {
        Conf conf = new Conf(3, 0.01, 4);
        MultiLayerNetwork net = CellTest.sequenceNet(Cell.BASIC, 1, 0);
        TrainingResult<MultiLayerNetwork> result;
        List<MultiLayerNetwork> states;
        try (TrainingRun run = open(RunOptions.in(dir), conf)) {
            states = train(run, net, 0.5, 0.9, 0.7, 0.8);
            result = run.finish(net, Map.of("images", 10));
        }
        ModelIO.Loaded<MultiLayerNetwork> best = ModelIO.load(dir.resolve("model.zip"), "test", MultiLayerNetwork.class);
        assertEquals(2.0, best.card().position());
        assertEquals(0.9, best.card().metrics().get("accuracy"));
        assertEquals(states.get(1).params(), best.model().params());
        assertEquals(states.get(1).params(), result.model().params());
        assertEquals(conf, best.card().config(Conf.class));
        ModelIO.Loaded<MultiLayerNetwork> last = ModelIO.load(dir.resolve("checkpoint.zip"), "test",
                MultiLayerNetwork.class);
        assertEquals(4.0, last.card().position());
        assertEquals(net.params(), last.model().params());
        assertEquals(List.of("epoch,loss,accuracy,seconds"), Files.readAllLines(dir.resolve("metrics.csv")).subList(0, 1));
        assertEquals(5, Files.readAllLines(dir.resolve("metrics.csv")).size());
        assertTrue(Files.size(dir.resolve("accuracy.png")) > 1000);
        String runJson = Files.readString(dir.resolve("run.json"));
        assertTrue(runJson.contains("\"stop\" : \"completed\""), runJson);
        assertTrue(runJson.contains("\"images\" : 10"), runJson);
        assertEquals(TrainingResult.Stop.COMPLETED, result.stop());
        assertEquals(0.9, result.best("accuracy"));
        assertEquals(List.of(0.5, 0.9, 0.7, 0.8), java.util.Arrays.stream(result.column("accuracy")).boxed().toList());
    }

    @Test
    void patienceStopsAfterThatManyReportsWithoutImprovement() {
        MultiLayerNetwork net = CellTest.sequenceNet(Cell.BASIC, 1, 0);
        try (TrainingRun run = open(RunOptions.in(dir).withPatience(2), new Conf(3, 0.01, 10))) {
            List<MultiLayerNetwork> states = train(run, net, 0.5, 0.9, 0.8, 0.85, 0.95, 0.99);
            assertEquals(4, states.size());
            TrainingResult<MultiLayerNetwork> r = run.finish(net, Map.of());
            assertEquals(TrainingResult.Stop.EARLY_STOPPED, r.stop());
            assertEquals(2.0, r.card().position());
            assertEquals(4.0, r.position());
        }
    }

    @Test
    void aKilledRunResumesToTheSameParametersAsAnUninterruptedOne() {
        Conf conf = new Conf(3, 0.01, 4);
        MultiLayerNetwork whole = CellTest.sequenceNet(Cell.LSTM, 1, 0);
        try (TrainingRun run = open(RunOptions.inMemory(), conf)) {
            train(run, whole, 0.5, 0.6, 0.7, 0.8);
        }
        Path d = dir.resolve("run");
        try (TrainingRun run = open(RunOptions.in(d), new Conf(3, 0.01, 2))) {
            train(run, CellTest.sequenceNet(Cell.LSTM, 1, 0), 0.5, 0.6);   // "killed" after epoch 2
        }
        try (TrainingRun run = open(RunOptions.in(d).resuming(), conf)) {
            assertTrue(run.isResumed());
            assertEquals(2.0, run.position());
            MultiLayerNetwork net = run.resumeModel(MultiLayerNetwork.class).orElseThrow();
            train(run, net, 0.5, 0.6, 0.7, 0.8);
            assertEquals(whole.params(), net.params());
            TrainingResult<MultiLayerNetwork> r = run.finish(net, Map.of());
            assertEquals(4, r.history().size());
            assertEquals(4.0, r.card().position());
            double[] seconds = r.column("seconds");
            for (int i = 1; i < seconds.length; i++) {
                assertTrue(seconds[i] >= seconds[i - 1], "seconds grow over the resumed run");
            }
            assertTrue(r.seconds() < seconds[1] + 60, "resumed time continues from the checkpoint's");
        }
    }

    @Test
    void resumeRefusesAnotherConfigurationOrOtherDataNamingWhatDiffers() {
        try (TrainingRun run = open(RunOptions.in(dir), new Conf(3, 0.01, 2))) {
            train(run, CellTest.sequenceNet(Cell.BASIC, 1, 0), 0.5);
        }
        UserException e = assertThrows(UserException.class, () -> open(RunOptions.in(dir).resuming(),
                new Conf(5, 0.02, 9)));
        assertEquals("--resume: " + dir + " was trained with other options: units 3 -> 5, lr 0.01 -> 0.02 "
                + "(only epochs may change)", e.getMessage());
        UserException data = assertThrows(UserException.class, () -> TrainingRun.open(SPEC,
                RunOptions.in(dir).resuming(), new Conf(3, 0.01, 2), DataFingerprint.of("another series"), Map.of(),
                Map.of()));
        assertEquals("--resume: " + dir + " was trained on other data: data 'another series' instead of "
                + "'made in code'", data.getMessage());
    }

    @Test
    void aNewRunNeverReplacesAFinishedOneAndADirectoryHasOneOwner() throws IOException {
        try (TrainingRun run = open(RunOptions.in(dir), new Conf(3, 0.01, 1))) {
            train(run, CellTest.sequenceNet(Cell.BASIC, 1, 0), 0.5);
            UserException busy = assertThrows(UserException.class, () -> open(RunOptions.in(dir).resuming(),
                    new Conf(3, 0.01, 1)));
            assertEquals(dir + " is in use by another training run; wait for it or choose another --out",
                    busy.getMessage());
            run.finish(CellTest.sequenceNet(Cell.BASIC, 1, 0), Map.of());
        }
        byte[] model = Files.readAllBytes(dir.resolve("model.zip"));
        UserException again = assertThrows(UserException.class, () -> open(RunOptions.in(dir), new Conf(3, 0.01, 1)));
        assertEquals(dir + " already holds a training run (model.zip): continue it with --resume or choose another "
                + "--out", again.getMessage());
        assertEquals(java.util.Arrays.hashCode(model), java.util.Arrays.hashCode(Files.readAllBytes(dir.resolve("model.zip"))));

        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertEquals("--out " + file + " is a file, not a directory",
                assertThrows(UserException.class, () -> open(RunOptions.in(file), new Conf(3, 0.01, 1))).getMessage());
    }

    @Test
    void divergenceStopsWithOneLineAndKeepsTheLastGoodModel() throws IOException {
        try (TrainingRun run = open(RunOptions.in(dir), new Conf(3, 0.01, 3))) {
            MultiLayerNetwork net = CellTest.sequenceNet(Cell.BASIC, 1, 0);
            train(run, net, 0.5);
            byte[] good = Files.readAllBytes(dir.resolve("model.zip"));
            UserException e = assertThrows(UserException.class,
                    () -> run.report(net, 2, Map.of("loss", Double.NaN, "accuracy", 0.1)));
            assertEquals("training diverged: loss is NaN at epoch 2; the learning rate is probably too high (try a "
                    + "smaller --learning-rate); the last good model stays in " + dir.resolve("model.zip"), e.getMessage());
            assertEquals(java.util.Arrays.hashCode(good), java.util.Arrays.hashCode(Files.readAllBytes(dir.resolve("model.zip"))));
            assertEquals(2, Files.readAllLines(dir.resolve("metrics.csv")).size());
        }
    }

    @Test
    void leftoversOfAKilledSaveAreRemovedWhenTheRunContinues() throws IOException {
        try (TrainingRun run = open(RunOptions.in(dir), new Conf(3, 0.01, 2))) {
            train(run, CellTest.sequenceNet(Cell.BASIC, 1, 0), 0.5);
        }
        List<Path> leftovers = new ArrayList<>();
        for (String name : List.of(".model.zip.123.tmp", "zipfstmp456.tmp", ".tokens-789.ids.tmp")) {
            leftovers.add(Files.writeString(dir.resolve(name), "half"));   // AtomicFiles, the zip file system, spills
        }
        Path users = Files.writeString(dir.resolve("notes.tmp"), "a file of the user's");
        try (TrainingRun run = open(RunOptions.in(dir).resuming(), new Conf(3, 0.01, 2))) {
            for (Path p : leftovers) {
                assertFalse(Files.exists(p), p.toString());
            }
            assertTrue(Files.exists(users));
        }
    }

    /** A state that is not a network: a few numbers, with a training counter kept only in checkpoints. */
    record Numbers(float[] values, int steps) implements Snapshot {
        @Override
        public Snapshot copy() {
            return new Numbers(values.clone(), steps);
        }

        @Override
        public List<String> entries(boolean withTrainingState) {
            return withTrainingState ? List.of("values.txt", "steps.txt") : List.of("values.txt");
        }

        @Override
        public void write(java.nio.file.FileSystem zip, boolean withTrainingState) throws IOException {
            Files.writeString(zip.getPath("values.txt"), java.util.Arrays.toString(values));
            if (withTrainingState) {
                Files.writeString(zip.getPath("steps.txt"), Integer.toString(steps));
            }
        }
    }

    @Test
    void aStateThatIsNotANetworkIsKeptTheSameWay() throws IOException {
        try (TrainingRun run = open(RunOptions.in(dir), new Conf(3, 0.01, 3))) {
            assertTrue(run.report(new Numbers(new float[] {1, 2}, 1), 1, Map.of("loss", 1.0, "accuracy", 0.5)));
            assertTrue(run.report(new Numbers(new float[] {3, 4}, 2), 2, Map.of("loss", 0.9, "accuracy", 0.7)));
            assertTrue(run.report(new Numbers(new float[] {5, 6}, 3), 3, Map.of("loss", 0.8, "accuracy", 0.6)));
            TrainingResult<Numbers> r = run.finish(new Numbers(new float[] {5, 6}, 3), Map.of(), f -> null);
            assertEquals(2.0, r.card().position());
            assertEquals("[3.0, 4.0]", java.util.Arrays.toString(r.model().values()));
        }
        assertEquals(List.of("values.txt"), ModelIO.readCard(dir.resolve("model.zip"), "test").entries());
        try (java.nio.file.FileSystem zip = ModelIO.open(dir.resolve("checkpoint.zip"), "test")) {
            assertEquals("3", Files.readString(zip.getPath("steps.txt")));
            assertEquals("[5.0, 6.0]", Files.readString(zip.getPath("values.txt")));
        }
        try (java.nio.file.FileSystem zip = ModelIO.open(dir, "test")) {
            assertEquals("[3.0, 4.0]", Files.readString(zip.getPath("values.txt")));
        }
        try (TrainingRun run = open(RunOptions.in(dir).resuming(), new Conf(3, 0.01, 3))) {
            assertEquals(3.0, run.position());
        }
    }

    @Test
    void anInMemoryRunKeepsTheBestNetworkAndWritesNothing() {
        MultiLayerNetwork net = CellTest.sequenceNet(Cell.BASIC, 1, 0);
        try (TrainingRun run = open(RunOptions.inMemory(), new Conf(3, 0.01, 3))) {
            List<MultiLayerNetwork> states = train(run, net, 0.7, 0.6, 0.5);
            TrainingResult<MultiLayerNetwork> r = run.finish(net, Map.of());
            assertEquals(states.get(0).params(), r.model().params());
            assertNotEquals(r.model().params(), r.last().params());
            assertEquals(null, r.modelFile());
        }
    }
}
