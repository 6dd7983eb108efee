package org.rnnsuite.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.testing.CommandConventions;
import org.rnnsuite.common.run.MetricsCsv;
import org.rnnsuite.common.run.Json;
import org.rnnsuite.common.run.ModelCard;
import org.rnnsuite.common.run.ModelIO;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class MnistCommandTest {
    @TempDir
    Path dir;

    private static MnistCommand.Train parsedTrain(String... args) {
        CommandLine cl = new CommandLine(new MnistCommand());
        String[] all = new String[args.length + 1];
        all[0] = "train";
        System.arraycopy(args, 0, all, 1, args.length);
        cl.parseArgs(all);
        return cl.getSubcommands().get("train").getCommand();
    }

    @Test
    void trainWithoutOptionsIsTheTutorialConfiguration() {
        assertEquals(MnistConfig.defaults(), parsedTrain().config());
    }

    @Test
    void optionsMapOneToOneOntoTheConfiguration() {
        MnistConfig c = parsedTrain("--cell", "LSTM", "--layers", "2", "--units", "64", "--dropout", "0.25",
                "--init", "he", "--batch-size", "32", "--learning-rate", "0.01", "--learning-rate-decay", "0.5", "--epochs", "7", "--limit-train", "500",
                "--seed", "5").config();
        assertEquals(new MnistConfig(org.rnnsuite.common.layers.Cell.LSTM, 2, 64, 0.25,
                org.rnnsuite.common.layers.WeightInitChoice.HE, 32, 0.01, 0.5, 7, 500, 5), c);
    }

    @Test
    void everyOptionStatesItsDefault() {
        CommandLine cl = new CommandLine(new MnistCommand());
        for (CommandLine sub : cl.getSubcommands().values()) {
            for (OptionSpec o : sub.getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp() || o.required()) {
                    continue;
                }
                String d = String.join(" ", o.description());
                assertTrue(d.contains("default"), sub.getCommandName() + " " + o.longestName() + ": " + d);
            }
        }
    }

    @Test
    void everyCommandPrintsTheSuitesVersion() {
        for (String[] args : new String[][] {{"--version"}, {"train", "--version"}, {"evaluate", "--version"},
            {"predict", "--version"}, {"summary", "--version"}}) {
            String[] out = MnistTrainingTest.run(args);
            assertEquals("0", out[0], String.join(" ", args));
            assertTrue(out[1].startsWith("rnn-suite 0.1.0-SNAPSHOT (Deeplearning4j 1.0.0-M2.1"), out[1]);
        }
    }

    @Test
    void badOptionsGiveOneLineAndExitTwo() {
        String[] out = MnistTrainingTest.run("train", "--cell", "transformer");
        assertEquals("2", out[0]);
        assertEquals("error: unknown cell 'transformer': expected one of [basic, lstm, peephole, gru]",
                out[2].strip());
        out = MnistTrainingTest.run("train", "--units", "0", "--data-dir", dir.toString());
        assertEquals("2", out[0]);
        assertEquals("error: --units must be at least 1, got 0", out[2].strip());
        out = MnistTrainingTest.run("train", "--data-dir", dir.toString(), "--out", dir.resolve("run").toString());
        assertEquals("2", out[0]);
        assertTrue(out[2].startsWith("error: no train-images-idx3-ubyte[.gz] in "), out[2]);
        assertEquals(1, out[2].strip().lines().count());
        assertTrue(Files.notExists(dir.resolve("run/model.zip")));
        out = MnistTrainingTest.run("train", "--layers", "100000", "--out", dir.resolve("huge").toString());
        assertEquals("2", out[0]);
        assertTrue(out[2].strip().matches("error: --cell basic --layers 100000 --units 150 --batch-size 150 "
                + "\\([0-9,]+ parameters\\) needs about [0-9.]+ [GT]B of memory, more than the [0-9.]+ [MGT]B this "
                + "process may use \\(JAVA_OPTS=-Xmx\\.\\.\\.\\): choose smaller sizes"), out[2]);
        assertTrue(Files.notExists(dir.resolve("huge")), "nothing written");
        out = MnistTrainingTest.run("evaluate", "--model", dir.resolve("none.zip").toString());
        assertEquals("2", out[0]);
        assertEquals("error: no model file " + dir.resolve("none.zip"), out[2].strip());
    }

    @Test
    void trainWritesTheRunDirectoryAndResumes() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        for (String f : MnistData.FILES) {
            try (InputStream in = getClass().getResourceAsStream("/org/rnnsuite/mnist/sample/" + f + ".gz")) {
                Files.copy(in, data.resolve(f + ".gz"));
            }
        }
        Path run = dir.resolve("run");
        String[] out = MnistTrainingTest.run("train", "--data-dir", data.toString(), "--epochs", "1",
                "--limit-train", "300", "--quiet", "--out", run.toString());
        assertEquals("0", out[0], out[2]);
        assertTrue(out[1].lines().anyMatch(l -> l.matches("epoch 1 train accuracy: 0\\.\\d{4} test accuracy: "
                + "0\\.\\d{4}")), out[1]);
        assertTrue(out[1].contains("Confusion Matrix"), "confusion matrix printed");
        for (String f : new String[] {"metrics.csv", "accuracy.png", "loss.png", "model.zip", "run.json",
                "evaluation.txt", "confusion-matrix.png", "checkpoint.zip"}) {
            assertTrue(Files.size(run.resolve(f)) > 0, f);
        }
        Map<String, double[]> m = MetricsCsv.read(run.resolve("metrics.csv"));
        assertEquals(java.util.List.of(MnistTrainer.SPEC.csvColumns()), java.util.List.copyOf(m.keySet()));
        assertEquals(1, m.get("epoch").length);
        assertEquals("mnist", Json.MAPPER.readTree(run.resolve("run.json").toFile()).get("workflow").asText());

        out = MnistTrainingTest.run("train", "--data-dir", data.toString(), "--epochs", "2", "--limit-train", "300",
                "--quiet", "--out", run.toString(), "--resume");
        assertEquals("0", out[0], out[2]);
        assertTrue(out[1].contains("resuming " + run + " after epoch 1"), out[1]);
        assertTrue(out[1].contains("epoch 2 train accuracy"), out[1]);
        m = MetricsCsv.read(run.resolve("metrics.csv"));
        assertEquals(2, m.get("epoch").length);
        assertEquals(2.0, m.get("epoch")[1]);
        assertTrue(m.get("seconds")[1] > m.get("seconds")[0]);

        // model.zip is the epoch with the best test accuracy, and its card says which
        ModelCard best = ModelIO.readCard(run.resolve("model.zip"), "mnist");
        double[] acc = m.get("test_accuracy");
        int bestEpoch = acc[1] > acc[0] ? 2 : 1;
        assertEquals(bestEpoch, best.position());
        assertEquals(acc[bestEpoch - 1], best.metrics().get("test_accuracy"), 1e-6);
        assertEquals(2.0, ModelIO.readCard(run.resolve("checkpoint.zip"), "mnist").position());

        out = MnistTrainingTest.run("train", "--data-dir", data.toString(), "--epochs", "3", "--units", "10",
                "--limit-train", "300", "--quiet", "--out", run.toString(), "--resume");
        assertEquals("2", out[0]);
        assertEquals("error: --resume: " + run + " was trained with other options: units 150 -> 10 (only epochs may "
                + "change)", out[2].strip());
        out = MnistTrainingTest.run("train", "--data-dir", data.toString(), "--epochs", "3", "--limit-train", "300",
                "--quiet", "--out", run.toString());
        assertEquals("2", out[0]);
        assertEquals("error: " + run + " already holds a training run (model.zip): continue it with --resume or "
                + "choose another --out", out[2].strip());

        out = MnistTrainingTest.run("evaluate", "--model", run.toString(), "--data-dir", data.toString(), "--out",
                dir.resolve("eval").toString());
        assertEquals("0", out[0], out[2]);
        assertTrue(out[1].startsWith("accuracy: 0."), out[1]);
        java.awt.image.BufferedImage heat = javax.imageio.ImageIO.read(dir.resolve("eval/confusion-matrix.png")
                .toFile());
        assertEquals(720, heat.getWidth());
        assertTrue(Files.size(run.resolve("confusion-matrix.png")) > 0);

        out = MnistTrainingTest.run("summary", "--model", run.toString());
        assertEquals("0", out[0], out[2]);
        assertTrue(out[1].contains("Total Parameters:  28,360"), out[1]);   // (28 + 150 + 1) × 150 + 151 × 10
        assertTrue(out[1].contains("mnist model from epoch " + bestEpoch), out[1]);
        assertTrue(out[1].contains("data: MNIST IDX files"), out[1]);
    }

    @Test
    void commandsFollowTheSuiteVocabularyOfOptions() throws Exception {
        CommandConventions.check(new MnistCommand(), CommandConventions.readme());
    }
}
