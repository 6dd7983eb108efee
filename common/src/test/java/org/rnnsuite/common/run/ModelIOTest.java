package org.rnnsuite.common.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
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
    record Conf(int units, double lr) {
    }

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

    static ModelCard card(String workflow, List<String> entries) {
        return ModelCard.create(workflow, new Conf(150, 0.001), DataFingerprint.of("made in code"), "epoch",
                Map.of("height", 28), entries);
    }

    private Path saved(String name) {
        return ModelIO.save(CellTest.sequenceNet(Cell.BASIC, 1, 0), dir.resolve(name), card("test", List.of()),
                Map.of(), false);
    }

    @Test
    void saveThenLoadGivesIdenticalOutputsTheCardAndTheEntries() {
        MultiLayerNetwork net = CellTest.sequenceNet(Cell.LSTM, 1, 0);
        ModelCard card = card("test", List.of("vocab.txt"));
        Path file = ModelIO.save(net, dir.resolve("model.zip"), card, Map.of("vocab.txt", "a\nb\n".getBytes()), false);
        ModelIO.Loaded<MultiLayerNetwork> loaded = ModelIO.load(file, "test", MultiLayerNetwork.class);
        INDArray x = Nd4j.rand(2, 4, 6);
        assertEquals(net.output(x), loaded.model().output(x));
        assertEquals("a\nb\n", new String(loaded.entry("vocab.txt")));
        assertEquals(new Conf(150, 0.001), loaded.card().config(Conf.class));
        assertEquals(28, loaded.card().number("height").intValue());
        assertEquals("1.0.0-M2.1", loaded.card().versions().get("dl4j"));
        assertEquals(ModelCard.FORMAT, loaded.card().format());

        UserException other = assertThrows(UserException.class, () -> ModelIO.load(file, "mnist",
                MultiLayerNetwork.class));
        assertEquals(file + " is a test model, expected a mnist model", other.getMessage());
        UserException kind = assertThrows(UserException.class, () -> ModelIO.load(file, "test",
                ComputationGraph.class));
        assertTrue(kind.getMessage().startsWith(file + " is not a readable ComputationGraph model"), kind.getMessage());
        assertEquals(1, kind.getMessage().lines().count());
    }

    @Test
    void loadRefusesMissingDirectoriesAndNonModelFilesInOneLine() throws IOException {
        UserException missing = assertThrows(UserException.class,
                () -> ModelIO.readCard(dir.resolve("nope.zip"), "test"));
        assertEquals("no model file " + dir.resolve("nope.zip"), missing.getMessage());
        UserException directory = assertThrows(UserException.class, () -> ModelIO.readCard(dir, "test"));
        assertEquals(dir + " is a directory without a model.zip (give a run directory or a model file)",
                directory.getMessage());
        saved("model.zip");
        assertEquals("test", ModelIO.readCard(dir, "test").workflow(), "a run directory means its model.zip");

        Path text = Files.writeString(dir.resolve("notes.zip"), "not a zip at all");
        UserException notZip = assertThrows(UserException.class, () -> ModelIO.readCard(text, "test"));
        assertTrue(notZip.getMessage().startsWith(text + " is not a model zip"), notZip.getMessage());
        assertEquals(1, notZip.getMessage().lines().count());
    }

    @Test
    void aZipWithoutCardANewerFormatAndACorruptCardAreRefused() throws IOException {
        Path file = saved("model.zip");
        Path noCard = Files.copy(file, dir.resolve("no-card.zip"));
        try (FileSystem zip = FileSystems.newFileSystem(noCard)) {
            Files.delete(zip.getPath(ModelCard.ENTRY));
        }
        assertEquals(noCard + " is not a model of this suite (no model-card.json): written by another program or "
                + "an earlier version; train it again",
                assertThrows(UserException.class, () -> ModelIO.readCard(noCard, "test")).getMessage());

        Path newer = Files.copy(file, dir.resolve("newer.zip"));
        try (FileSystem zip = FileSystems.newFileSystem(newer)) {
            Path e = zip.getPath(ModelCard.ENTRY);
            Files.writeString(e, Files.readString(e).replace("\"format\" : 1,", "\"format\" : 99,"));
        }
        assertEquals(newer + " was written by a newer version of the suite (model format 99; this version reads up "
                + "to 1)", assertThrows(UserException.class, () -> ModelIO.readCard(newer, "test")).getMessage());

        Path corrupt = Files.copy(file, dir.resolve("corrupt.zip"));
        try (FileSystem zip = FileSystems.newFileSystem(corrupt)) {
            Files.writeString(zip.getPath(ModelCard.ENTRY), "{\"workflow\": ");
        }
        UserException bad = assertThrows(UserException.class, () -> ModelIO.readCard(corrupt, "test"));
        assertTrue(bad.getMessage().startsWith(corrupt + " has a corrupt model card"), bad.getMessage());
        assertEquals(1, bad.getMessage().lines().count());
    }

    /** Records whether Java deserialisation ever ran on it. */
    static final class Probe implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean deserialised;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            deserialised = true;
        }
    }

    @Test
    void aModelCarryingASerialisedObjectIsRefusedBeforeAnythingIsDeserialised() throws IOException {
        Path file = saved("model.zip");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Probe());
        }
        for (String entry : List.of("preprocessor.bin", "normalizer.bin")) {
            Path evil = Files.copy(file, dir.resolve(entry + ".zip"));
            try (FileSystem zip = FileSystems.newFileSystem(evil)) {
                Files.write(zip.getPath(entry), bytes.toByteArray());
            }
            Probe.deserialised = false;
            UserException e = assertThrows(UserException.class, () -> ModelIO.load(evil, "test",
                    MultiLayerNetwork.class));
            assertEquals(evil + " contains an entry this suite never writes (" + entry + "): refusing to load it",
                    e.getMessage());
            assertFalse(Probe.deserialised);
        }
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
        Path file = saved("model.zip");
        byte[] before = Files.readAllBytes(file);
        // an entry name with a NUL cannot be written: the save fails after the network was written
        assertThrows(RuntimeException.class, () -> ModelIO.save(net, file,
                card("test", List.of("bad\0name")), Map.of("bad\0name", new byte[] {1}), false));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "the temporary file must be removed");
        }
    }

    @Test
    void aCheckpointRestoresParametersUpdaterAndCounts() {
        MultiLayerNetwork net = CellTest.sequenceNet(Cell.GRU, 1, 0);
        DataSet ds = batch();
        for (int i = 0; i < 3; i++) {
            net.fit(ds);
        }
        net.incrementEpochCount();
        Path file = ModelIO.save(net, dir.resolve("checkpoint.zip"), card("test", List.of()), Map.of(), true);
        MultiLayerNetwork resumed = ModelIO.load(file, "test", MultiLayerNetwork.class).model();
        assertEquals(net.params(), resumed.params());
        assertEquals(3, resumed.getIterationCount());
        assertEquals(1, resumed.getEpochCount());
        // the same next step from both: the updater state (Adam moments) was restored too
        net.fit(ds);
        resumed.fit(ds);
        assertEquals(net.params(), resumed.params());
    }

    @Test
    void aModelWithNaNWeightsIsRefusedInOneLine() {
        MultiLayerNetwork net = CellTest.sequenceNet(Cell.BASIC, 1, 0);
        net.params().putScalar(3, Double.NaN);
        Path file = ModelIO.save(net, dir.resolve("nan.zip"), card("test", List.of()), Map.of(), false);
        UserException e = assertThrows(UserException.class, () -> ModelIO.load(file, "test", MultiLayerNetwork.class));
        assertEquals(file + " holds NaN or infinite weights: it is not a usable model (did its training diverge?)",
                e.getMessage());
    }
}
