package org.rnnsuite.timeseries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.cli.Cli;
import picocli.CommandLine;

class TimeSeriesCommandTest {
    @TempDir
    Path tmp;

    private static TimeSeriesConfig parse(String... args) {
        TimeSeriesCommand.Train train = new TimeSeriesCommand.Train();
        new CommandLine(train).parseArgs(args);
        return train.config();
    }

    @Test
    void cliWithoutOptionsEqualsDefaults() {
        assertEquals(TimeSeriesConfig.defaults(), parse());
    }

    @Test
    void optionsMapOntoTheConfig() {
        TimeSeriesConfig c = parse("--layers", "3", "--dropout", "0.2", "--projection", "wrapper", "--cell", "LSTM",
                "--activation", "tanh", "--tbptt", "10", "--iterations", "7", "--seed", "9", "--csv", "a.csv",
                "--column", "x", "--horizon", "3", "--units", "11", "--steps", "12", "--batch-size", "5",
                "--learning-rate", "0.01", "--rnn-impl", "DL4J");
        assertEquals(new TimeSeriesConfig(7, 5, 12, 11, "tanh", Cell.LSTM, 3, 0.2, 10, 0.01, Projection.WRAPPER, "dl4j", 9,
                "a.csv", "x", 3), c);
    }

    /** Runs the command (not main) and returns {exit code, stdout, stderr}. */
    private static Object[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Cli.execute(new TimeSeriesCommand(), args);
            return new Object[]{code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private void assertBadInput(String expected, String... args) {
        Object[] r = run(args);
        String err = (String) r[2];
        assertEquals(2, r[0], err);
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("error: ") && err.contains(expected), err);
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws Exception {
        Path out = tmp.resolve("never");
        assertBadInput("--iterations must be at least 1, got 0", "train", "--iterations", "0", "--out", out.toString());
        Path csv = tmp.resolve("s.csv");
        Files.writeString(csv, "t,v\n1,2\n2,x\n");
        assertBadInput("has no column 'w'", "train", "--csv", csv.toString(), "--column", "w", "--out", out.toString());
        assertBadInput("non-numeric value 'x'", "train", "--csv", csv.toString(), "--column", "v", "--out",
                out.toString());
        Path shortCsv = tmp.resolve("short.csv");
        Files.writeString(shortCsv, "v\n1\n2\n3\n4\n5\n");
        assertBadInput("too short", "train", "--csv", shortCsv.toString(), "--column", "v", "--out", out.toString());
        assertBadInput("unknown projection 'flat'", "train", "--projection", "flat", "--out", out.toString());
        assertBadInput("no model file", "predict", "--model", tmp.resolve("none.zip").toString());
        assertBadInput("--seed-with must be zeros or instance", "generate", "--model", "m.zip", "--seed-with", "x");
        assertTrue(Files.notExists(out), "no half-written output for bad input");
    }

    @Test
    void trainPredictGenerateEndToEnd() throws Exception {
        Path run = tmp.resolve("run");
        Object[] r = run("train", "--iterations", "100", "--units", "16", "--batch-size", "8", "--out", run.toString(),
                "--quiet");
        assertEquals(0, r[0], (String) r[2]);
        String out = (String) r[1];
        assertTrue(out.contains("iteration 100 MSE: "), out);
        assertTrue(out.contains("instance t=12.2 MSE: "), out);
        for (String f : List.of("metrics.csv", "mse.png", "prediction.png", "prediction.csv", "model.zip", "run.json")) {
            assertTrue(Files.size(run.resolve(f)) > 0, f);
        }
        assertEquals(21, Files.readAllLines(run.resolve("prediction.csv")).size());

        Path pred = tmp.resolve("pred");
        r = run("predict", "--model", run.resolve("model.zip").toString(), "--out", pred.toString());
        assertEquals(0, r[0], (String) r[2]);
        assertEquals(Files.readString(run.resolve("prediction.csv")), Files.readString(pred.resolve("prediction.csv")));

        Path gen = tmp.resolve("gen");
        r = run("generate", "--model", run.resolve("model.zip").toString(), "--seed-with", "instance", "--steps", "40",
                "--out", gen.toString());
        assertEquals(0, r[0], (String) r[2]);
        List<String> rows = Files.readAllLines(gen.resolve("generated.csv"));
        assertEquals(1 + 20 + 40, rows.size());
        assertTrue(Files.size(gen.resolve("generated.png")) > 0);
    }

    @Test
    void csvTrainingReportsForecastAgainstNaive() throws Exception {
        Path csv = tmp.resolve("air.csv");
        StringBuilder sb = new StringBuilder("\"time\",\"passengers\"\n");
        for (int i = 0; i < 60; i++) {
            sb.append(1949 + i / 12.0).append(',').append(100 + 10 * Math.sin(i * Math.PI / 6) + i).append('\n');
        }
        Files.writeString(csv, sb.toString());
        Path run = tmp.resolve("csvrun");
        Object[] r = run("train", "--csv", csv.toString(), "--column", "passengers", "--iterations", "50",
                "--units", "8", "--steps", "12", "--horizon", "2", "--out", run.toString(), "--quiet");
        assertEquals(0, r[0], (String) r[2]);
        assertTrue(((String) r[1]).contains("forecast 2 step(s) ahead on the last 20 % (12 values)"), (String) r[1]);
        Path gen = tmp.resolve("csvgen");
        r = run("generate", "--model", run.resolve("model.zip").toString(), "--seed-with", "instance", "--steps", "12",
                "--out", gen.toString());
        assertEquals(0, r[0], (String) r[2]);
        Path pred = tmp.resolve("csvpred");
        r = run("predict", "--model", run.resolve("model.zip").toString(), "--horizon", "2", "--out", pred.toString());
        assertEquals(0, r[0], (String) r[2]);
        assertEquals(Files.readString(run.resolve("prediction.csv")), Files.readString(pred.resolve("prediction.csv")));
    }
}
