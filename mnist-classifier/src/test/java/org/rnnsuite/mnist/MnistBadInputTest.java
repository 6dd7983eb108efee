package org.rnnsuite.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnsuite.common.testing.Commands;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.layers.CellTest;
import org.rnnsuite.common.run.DataFingerprint;
import org.rnnsuite.common.run.ModelCard;
import org.rnnsuite.common.run.ModelIO;

/**
 * Bad input to every MNIST command: one line {@code error: ...}, exit code 2, and nothing written.
 */
class MnistBadInputTest {
    @TempDir
    Path dir;

    /** Runs the command; asserts exit 2 and a single {@code error:} line on stderr, and returns that line. */
    private static String refused(String... args) {
        return Commands.refused(MnistCommand::new, args);
    }

    private long filesUnder(Path p) throws Exception {
        return Commands.filesUnder(p);
    }

    @Test
    void badOutputDirectories() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals("error: cannot create the run directory " + file.resolve("run") + ": " + file
                + " is a file, not a directory", refused("train", "--epochs", "1", "--out", file.resolve("run").toString()));
        assertEquals("error: --out " + file + " is a file, not a directory",
                refused("train", "--epochs", "1", "--out", file.toString()));
        assertTrue(refused("train", "--epochs", "1", "--out", "/proc/mnist-run")
                .startsWith("error: cannot create the run directory /proc/mnist-run: "));
        assertEquals(2, filesUnder(dir), "nothing written");
    }

    @Test
    void badDataDirectories() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals("error: --data-dir " + file + " is not a directory",
                refused("train", "--data-dir", file.toString(), "--out", dir.resolve("run").toString()));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(refused("train", "--data-dir", empty.toString(), "--out", dir.resolve("run").toString())
                .startsWith("error: no train-images-idx3-ubyte[.gz] in " + empty));
        // the four files, but the training images truncated
        Path cut = Files.createDirectories(dir.resolve("cut"));
        for (String f : MnistData.FILES) {
            try (InputStream in = getClass().getResourceAsStream("/org/rnnsuite/mnist/sample/" + f + ".gz")) {
                Files.copy(in, cut.resolve(f + ".gz"));
            }
        }
        byte[] images = Files.readAllBytes(cut.resolve(MnistData.TRAIN_IMAGES + ".gz"));
        Files.write(cut.resolve(MnistData.TRAIN_IMAGES + ".gz"), java.util.Arrays.copyOf(images, images.length / 2));
        String truncated = refused("train", "--data-dir", cut.toString(), "--out", dir.resolve("run").toString());
        assertTrue(truncated.contains(MnistData.TRAIN_IMAGES), truncated);
        assertTrue(Files.notExists(dir.resolve("run")), "no run directory for data that cannot be read");
    }

    @Test
    void badModelFiles() throws Exception {
        Path text = Files.writeString(dir.resolve("model.zip"), "not a zip");
        assertTrue(refused("evaluate", "--model", text.toString()).startsWith("error: " + text + " is not a model zip"));
        Path emptyDir = Files.createDirectories(dir.resolve("run"));
        assertEquals("error: " + emptyDir + " is a directory without a model.zip (give a run directory or a model "
                + "file)", refused("summary", "--model", emptyDir.toString()));
        Path other = ModelIO.save(CellTest.sequenceNet(Cell.BASIC, 1, 0), dir.resolve("other.zip"),
                ModelCard.create("timeseries", Map.of("units", 4), DataFingerprint.of("synthetic"), "iteration",
                        Map.of(), List.of()), Map.of(), false);
        assertEquals("error: " + other + " is a timeseries model, expected a mnist model",
                refused("predict", "--model", other.toString(), text.toString()));
    }

    @Test
    void badOptionValues() {
        assertEquals("error: --epochs must be at least 1, got 0", refused("train", "--epochs", "0"));
        assertTrue(refused("train", "--epochs", "abc").startsWith("error: Invalid value for option '--epochs'"));
        assertEquals("error: --patience must be 0 (off) or positive, got -1",
                refused("train", "--patience", "-1", "--out", dir.resolve("r").toString()));
        assertEquals("error: --ui port must be between 1 and 65535, got 70000",
                refused("train", "--epochs", "1", "--limit-train", "150", "--ui", "70000", "--out",
                        dir.resolve("r").toString()));
        assertEquals("error: --resume needs --out DIR: the run directory to continue", refused("train", "--resume"));
    }
}
