package org.rnnsuite.timeseries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.testing.Commands;

/** Bad input to every time-series command: one line {@code error: ...}, exit code 2, and nothing written. */
class TimeSeriesBadInputTest {
    @TempDir
    Path dir;

    private static String refused(String... args) {
        return Commands.refused(TimeSeriesCommand::new, args);
    }

    @Test
    void sizesThisMachineCannotHoldAreRefusedBeforeAnyWork() throws Exception {
        String run = dir.resolve("huge").toString();
        assertTrue(refused("train", "--layers", "100000", "--out", run).matches("error: --cell basic --layers 100000 "
                + "--units 100 --batch-size 50 --steps 20 \\([0-9,]+ parameters\\) needs about [0-9.]+ [GT]B of "
                + "memory, more than the [0-9.]+ [MGT]B this process may use \\(JAVA_OPTS=-Xmx\\.\\.\\.\\): choose "
                + "smaller sizes"));
        assertEquals("error: --steps must be between 1 and 1000000, got 100000000",
                refused("generate", "--model", dir.resolve("m.zip").toString(), "--steps", "100000000"));
        assertEquals(1, Commands.filesUnder(dir), "nothing written");
    }

    @Test
    void outputDirectoriesThatCannotBeMade() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals("error: cannot create the run directory " + file.resolve("run") + ": " + file
                + " is a file, not a directory", refused("train", "--iterations", "10", "--out",
                file.resolve("run").toString()));
        assertEquals("error: --out " + file + " is a file, not a directory",
                refused("train", "--iterations", "10", "--out", file.toString()));
        assertTrue(refused("train", "--iterations", "10", "--out", "/proc/timeseries-run")
                .startsWith("error: cannot create the run directory /proc/timeseries-run: "));
        assertEquals(2, Commands.filesUnder(dir), "nothing written");
    }

    @Test
    void csvFilesThatAreNotCsv() throws Exception {
        Path out = dir.resolve("run");
        Path binary = Files.write(dir.resolve("series.csv"), new byte[] {0, 1, (byte) 0xff, (byte) 0xfe, 10});
        assertEquals("error: " + binary + " is not a text CSV file (binary or not UTF-8 content)",
                refused("train", "--csv", binary.toString(), "--column", "v", "--out", out.toString()));
        assertEquals("error: --csv " + dir + " is a directory, not a CSV file",
                refused("train", "--csv", dir.toString(), "--column", "v", "--out", out.toString()));
        assertEquals("error: no CSV file " + dir.resolve("none.csv"),
                refused("train", "--csv", dir.resolve("none.csv").toString(), "--column", "v", "--out",
                        out.toString()));
        assertEquals("error: --csv needs --column NAME (the column holding the series)",
                refused("train", "--csv", binary.toString(), "--out", out.toString()));
        assertEquals(2, Commands.filesUnder(dir), "nothing written");
    }

    @Test
    void divergenceNamesTheLearningRateAndKeepsNoBrokenModel() throws Exception {
        Path run = dir.resolve("run");
        assertTrue(refused("train", "--learning-rate", "1e6", "--iterations", "200", "--units", "8", "--out",
                        run.toString()).matches("error: training diverged: mse is (NaN|Infinity) at iteration 1; the "
                + "learning rate is probably too high \\(try a smaller --learning-rate\\); no model was kept: it "
                + "diverged before its first evaluation"));
        assertTrue(Files.notExists(run.resolve("model.zip")));
    }

    @Test
    void modelsThatAreMissingOrNotTimeSeriesModels() throws Exception {
        Path notZip = Files.writeString(dir.resolve("model.zip"), "not a zip");
        for (String command : new String[] {"predict", "generate", "summary"}) {
            assertEquals("error: no model file " + dir.resolve("none.zip"),
                    refused(command, "--model", dir.resolve("none.zip").toString()));
            assertTrue(refused(command, "--model", notZip.toString()).startsWith("error: " + notZip), command);
            assertEquals("error: " + dir.resolve("empty") + " is a directory without a model.zip (give a run "
                    + "directory or a model file)", refused(command, "--model",
                    Files.createDirectories(dir.resolve("empty")).toString()));
        }
        assertEquals("error: --horizon must be at least 1, got 0",
                refused("predict", "--model", notZip.toString(), "--horizon", "0"));
        assertEquals("error: --seed-with must be zeros or instance, got 'x'",
                refused("generate", "--model", notZip.toString(), "--seed-with", "x"));
    }

    @Test
    void optionValuesOutsideTheirRange() {
        String out = dir.resolve("run").toString();
        assertEquals("error: --units must be at least 1, got -3", refused("train", "--units", "-3", "--out", out));
        assertEquals("error: --layers must be at least 1, got 0", refused("train", "--layers", "0", "--out", out));
        assertEquals("error: --dropout must be in [0, 1), got 1.0", refused("train", "--dropout", "1", "--out", out));
        assertTrue(refused("train", "--cell", "transformer", "--out", out).startsWith("error: "));
        assertTrue(refused("train", "--units", "many", "--out", out).startsWith("error: Invalid value for option "
                + "'--units': 'many' is not an int"));
        assertTrue(Files.notExists(dir.resolve("run")));
    }
}
