package org.rnnsuite.common.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.layers.CellTest;

class ModelIOTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        Seeds.init(Seeds.DEFAULT_SEED);
    }

    private static DataSet batch() {
        Nd4j.getRandom().setSeed(3);
        return new DataSet(Nd4j.rand(4, 4, 6), Nd4j.rand(4, 2, 6));
    }

    @Test
    void saveThenLoadGivesIdenticalOutputsAndRecordsTheWorkflow() {
        MultiLayerNetwork net = CellTest.sequenceNet(Cell.LSTM, 1, 0);
        Path file = ModelIO.save(net, dir.resolve("model.zip"), "test", Map.of("vocab.txt", "a\nb\n".getBytes()));
        MultiLayerNetwork loaded = ModelIO.loadNetwork(file, "test");
        INDArray x = Nd4j.rand(2, 4, 6);
        assertEquals(net.output(x), loaded.output(x));
        assertEquals("a\nb\n", new String(ModelIO.readExtra(file, "vocab.txt").orElseThrow()));

        UserException other = assertThrows(UserException.class, () -> ModelIO.loadNetwork(file, "mnist"));
        assertEquals(file + " is a test model, expected a mnist model", other.getMessage());
        UserException kind = assertThrows(UserException.class, () -> ModelIO.loadGraph(file, "test"));
        assertTrue(kind.getMessage().endsWith("is a MultiLayerNetwork model, expected a ComputationGraph"));
    }

    @Test
    void loadRefusesMissingAndNonModelFilesInOneLine() throws IOException {
        UserException missing = assertThrows(UserException.class,
                () -> ModelIO.loadNetwork(dir.resolve("nope.zip"), "test"));
        assertEquals("no model file " + dir.resolve("nope.zip"), missing.getMessage());

        Path text = Files.writeString(dir.resolve("notes.zip"), "not a zip at all");
        UserException notZip = assertThrows(UserException.class, () -> ModelIO.loadNetwork(text, "test"));
        assertTrue(notZip.getMessage().startsWith(text + " is not a model zip"), notZip.getMessage());
        assertEquals(1, notZip.getMessage().lines().count());
    }

    @Test
    void aFailedSaveLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("vectors.txt");
        AtomicFiles.writeString(target, "good\n");
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk full");
        }));
        assertEquals("good\n", Files.readString(target));
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(target)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "the temporary file must be removed");
        }
    }

    @Test
    void aFailedModelSaveKeepsThePreviousModel() throws IOException {
        MultiLayerNetwork net = CellTest.sequenceNet(Cell.BASIC, 1, 0);
        Path file = ModelIO.save(net, dir.resolve("model.zip"), "test");
        byte[] before = Files.readAllBytes(file);
        // an extra entry below a file entry cannot be written: the save fails after the model was written
        assertThrows(UncheckedIOException.class,
                () -> ModelIO.save(net, file, "test", Map.of("configuration.json/x", new byte[] {1})));
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void resumeRestoresParametersUpdaterAndCounts() {
        MultiLayerNetwork net = CellTest.sequenceNet(Cell.GRU, 1, 0);
        DataSet ds = batch();
        for (int i = 0; i < 3; i++) {
            net.fit(ds);
        }
        net.incrementEpochCount();
        Checkpoint.save(net, dir, "test");
        MultiLayerNetwork resumed = Checkpoint.resumeNetwork(dir, "test").orElseThrow();
        assertEquals(net.params(), resumed.params());
        assertEquals(net.getIterationCount(), resumed.getIterationCount());
        assertEquals(3, resumed.getIterationCount());
        assertEquals(1, resumed.getEpochCount());
        // the same next step from both: the updater state (Adam moments) was restored too
        net.fit(ds);
        resumed.fit(ds);
        assertEquals(net.params(), resumed.params());
        assertTrue(Checkpoint.resumeNetwork(dir.resolve("empty"), "test").isEmpty());
    }

    @Test
    void runInfoRecordsProvenance() {
        record Conf(int units, double lr) {
        }
        Path file = RunInfo.write(dir, "test", new Conf(150, 0.001), Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:01:30Z"), Map.of("accuracy", 0.98));
        Map<String, Object> run = RunInfo.read(file);
        assertEquals("test", run.get("workflow"));
        assertEquals(Map.of("units", 150, "lr", 0.001), run.get("config"));
        assertEquals("1.0.0-M2.1", run.get("dl4jVersion"));
        assertEquals("CpuBackend", run.get("backend"));
        assertEquals(90.0, run.get("seconds"));
        assertEquals(Map.of("accuracy", 0.98), run.get("metrics"));
    }
}
