package org.rnnsuite.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;




import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rnnsuite.common.testing.Commands;
import org.rnnsuite.common.testing.CommandConventions;
import org.junit.jupiter.api.io.TempDir;

import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.run.Json;
import org.rnnsuite.common.run.MetricsCsv;
import org.rnnsuite.common.run.ModelCard;
import org.rnnsuite.common.run.ModelIO;
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
        Commands.Result r = Commands.run(TimeSeriesCommand::new, args);
        return new Object[]{r.code(), r.out(), r.err()};
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
        for (String f : List.of("metrics.csv", "mse.png", "prediction.png", "prediction.csv", "model.zip",
                "checkpoint.zip", "evaluation.txt", "run.json")) {
            assertTrue(Files.size(run.resolve(f)) > 0, f);
        }
        assertEquals(21, Files.readAllLines(run.resolve("prediction.csv")).size());
        assertEquals("iteration,mse,validation_mse,seconds", Files.readAllLines(run.resolve("metrics.csv")).get(0));
        ModelCard card = ModelIO.readCard(run.resolve("model.zip"), "timeseries");
        assertEquals(Map.of("steps", 20, "source", "synthetic"), card.info());
        assertEquals(parse("--iterations", "100", "--units", "16", "--batch-size", "8"),
                card.config(TimeSeriesConfig.class));
        double[] validation = MetricsCsv.read(run.resolve("metrics.csv")).get("validation_mse");
        double best = Math.min(validation[0], validation[1]);
        assertEquals(best, card.metrics().get("validation_mse"), best * 1e-5);   // metrics.csv keeps 6 digits
        assertEquals("timeseries", Json.MAPPER.readTree(run.resolve("run.json").toFile()).get("workflow").asText());

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
        r = run("predict", "--model", run.resolve("model.zip").toString(), "--out", pred.toString());   // horizon 2
        assertEquals(0, r[0], (String) r[2]);
        assertEquals(Files.readString(run.resolve("prediction.csv")), Files.readString(pred.resolve("prediction.csv")));
    }

    @Test
    void resumeContinuesAndRefusesChangedOptionsWithOneLine() throws Exception {
        Path run = tmp.resolve("resumed");
        String[] base = {"train", "--units", "8", "--batch-size", "8", "--quiet", "--out", run.toString()};
        Object[] r = run(with(base, "--iterations", "100"));
        assertEquals(0, r[0], (String) r[2]);
        r = run(with(base, "--iterations", "150", "--resume"));
        assertEquals(0, r[0], (String) r[2]);
        String out = (String) r[1];
        assertTrue(out.contains("resuming " + run + " after iteration 100"), out);
        assertTrue(out.contains("iteration 150 MSE: ") && !out.contains("iteration 100 MSE: "), out);
        assertArrayEquals(new double[]{1, 100, 150}, MetricsCsv.read(run.resolve("metrics.csv")).get("iteration"), 0.0);
        assertEquals(150.0, ModelIO.readCard(run.resolve("checkpoint.zip"), "timeseries").position());

        String runJson = Files.readString(run.resolve("run.json"));
        r = run(with(base, "--iterations", "150", "--resume"));   // a finished run: nothing to train
        assertEquals(0, r[0], (String) r[2]);
        assertTrue(((String) r[1]).lines().noneMatch(l -> l.startsWith("iteration ")), (String) r[1]);
        var before = Json.MAPPER.readTree(runJson);
        var after = Json.MAPPER.readTree(run.resolve("run.json").toFile());
        assertEquals(before.get("last"), after.get("last"));
        assertEquals(before.get("best"), after.get("best"));
        assertEquals(150, after.get("iteration").asInt());

        r = run("train", "--units", "17", "--batch-size", "8", "--iterations", "200", "--quiet", "--out",
                run.toString(), "--resume");
        assertEquals(2, r[0]);
        assertEquals("error: --resume: " + run + " was trained with other options: units 8 -> 17 (only iterations "
                + "may change)", ((String) r[2]).strip());
        r = run(with(base, "--iterations", "200"));
        assertEquals(2, r[0]);
        assertEquals("error: " + run + " already holds a training run (model.zip): continue it with --resume or "
                + "choose another --out", ((String) r[2]).strip());
    }

    @Test
    void resumeRefusesAnotherCsvFileAndChangedContentWithOneLine() throws Exception {
        Path csv = TimeSeriesTrainerTest.seasonalCsv(tmp.resolve("a.csv"), 60);
        Path other = TimeSeriesTrainerTest.seasonalCsv(tmp.resolve("b.csv"), 60);
        Path run = tmp.resolve("csv-resume");
        String[] base = {"train", "--column", "value", "--units", "8", "--steps", "12", "--iterations", "20",
                "--quiet", "--out", run.toString()};
        Object[] r = run(with(base, "--csv", csv.toString()));
        assertEquals(0, r[0], (String) r[2]);

        r = run(with(base, "--csv", other.toString(), "--resume"));
        assertEquals(2, r[0]);
        assertEquals("error: --resume: " + run + " was trained with other options: csv " + csv + " -> " + other
                + " (only iterations may change)", ((String) r[2]).strip());

        long before = Files.size(csv);
        Files.writeString(csv, Files.readString(csv) + "60,200.5\n");
        r = run(with(base, "--csv", csv.toString(), "--resume"));
        assertEquals(2, r[0]);
        assertEquals("error: --resume: " + run + " was trained on other data: a.csv has other content (" + before
                + " -> " + Files.size(csv) + " bytes)", ((String) r[2]).strip());
    }

    @Test
    void aSyntheticModelIsRefusedForACsvSeriesWithOneLine() throws Exception {
        Path run = tmp.resolve("synthetic");
        Object[] r = run("train", "--iterations", "1", "--units", "4", "--quiet", "--out", run.toString());
        assertEquals(0, r[0], (String) r[2]);
        Path csv = TimeSeriesTrainerTest.seasonalCsv(tmp.resolve("c.csv"), 60);
        assertBadInput("error: this model was trained on the synthetic series, not on a CSV column: its inputs have "
                        + "another scale; train one with --csv FILE --column NAME to forecast a CSV series", "predict",
                "--model", run.resolve("model.zip").toString(), "--csv", csv.toString(), "--column", "value", "--out",
                tmp.resolve("p").toString());
    }

    @Test
    void uiStatsKeepDl4jsTrainingStatistics() throws Exception {
        Path stats = tmp.resolve("ui-stats.bin");
        Object[] r = run("train", "--iterations", "2", "--units", "4", "--quiet", "--ui-stats", stats.toString(),
                "--out", tmp.resolve("ui").toString());
        assertEquals(0, r[0], (String) r[2]);
        assertTrue(((String) r[1]).contains("training statistics: " + stats), (String) r[1]);
        assertTrue(((String) r[1]).contains("Total Parameters"), "the network's summary: " + r[1]);
        assertTrue(Files.size(stats) > 0);
    }

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void commandsFollowTheSuiteVocabularyOfOptions() throws Exception {
        CommandConventions.check(new TimeSeriesCommand(), CommandConventions.readme());
    }
}
