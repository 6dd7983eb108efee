package org.rnnsuite.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;



import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnnsuite.common.testing.Commands;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import org.rnnsuite.common.run.ModelCard;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.common.Seeds;

/** One short training on the committed sample, shared by the tests that need a trained model. */
class MnistTrainingTest {
    private static final MnistConfig CONFIG = MnistConfig.tiny();
    private static MnistData.Split train;
    private static MnistData.Split test;
    private static MnistData.Splits splits;
    private static double lossBefore;
    private static TrainingResult<MultiLayerNetwork> result;
    private static final List<String> seen = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void trainOneEpoch() {
        Seeds.init(CONFIG.seed());
        MnistSource sample = MnistSource.sample();
        train = sample.load(true, CONFIG.limitTrain());
        test = sample.load(false, 0);
        splits = new MnistData.Splits(train, test, sample);
        MultiLayerNetwork net = MnistNetwork.create(CONFIG, train.height(), train.width());
        lossBefore = net.score(train.range(0, train.size()));
        result = trainInMemory(CONFIG, seen);
    }

    static TrainingResult<MultiLayerNetwork> trainInMemory(MnistConfig config, List<String> lines) {
        Seeds.init(config.seed());
        try (TrainingRun run = MnistTrainer.openRun(config, splits, RunOptions.inMemory())) {
            run.onLog(lines::add);
            return MnistTrainer.train(config, splits, run);
        }
    }

    /** Saves a trained network as the command does, with its card. */
    static Path save(MultiLayerNetwork net, Path file) {
        ModelCard card = ModelCard.create(MnistTrainer.WORKFLOW, CONFIG, MnistSource.sample().fingerprint(), "epoch",
                java.util.Map.of("height", 28, "width", 28), List.of());
        return ModelIO.save(net, file, card, java.util.Map.of(), false);
    }

    @Test
    void oneEpochLowersTheLossAndBeatsChanceClearly() {
        assertEquals(1000, train.size());
        double lossAfter = result.model().score(train.range(0, train.size()));
        assertTrue(lossAfter < lossBefore - 0.3, "loss " + lossBefore + " -> " + lossAfter);
        assertEquals(1, result.history().size());
        assertEquals(2, seen.size());
        assertTrue(seen.get(0).contains("Total Parameters:"), "the network's summary comes first");
        double testAccuracy = result.best("test_accuracy");
        assertEquals(1.0, result.card().position());
        assertTrue(testAccuracy > 0.35, "test accuracy " + testAccuracy + " (chance: 0.1)");
        assertEquals(testAccuracy, MnistTrainer.evaluate(result.model(), test).accuracy(), 1e-12);
        double trainLoss = result.best("train_loss");
        assertTrue(trainLoss > 0 && trainLoss < lossBefore);
        assertEquals(1, result.model().getEpochCount());
        assertTrue(seen.get(1).matches("epoch 1 train accuracy: 0\\.\\d{4} test accuracy: 0\\.\\d{4}"), seen.get(1));
    }

    /** Stands for a kill: fails when the given epoch starts, after the previous epoch's checkpoint. */
    static final class KillAtEpoch extends org.deeplearning4j.optimize.api.BaseTrainingListener {
        private final int epoch;
        private int started;

        KillAtEpoch(int epoch) {
            this.epoch = epoch;
        }

        @Override
        public void onEpochStart(org.deeplearning4j.nn.api.Model model) {
            if (++started == epoch) {
                throw new IllegalStateException("killed");
            }
        }
    }

    @Test
    void aRunKilledBetweenEpochsResumesToTheSameParametersAsAnUninterruptedOne() {
        MnistConfig c = CONFIG.withEpochs(2);
        MnistConfig config = new MnistConfig(c.cell(), 2, 30, 0.2, c.init(), c.batch(), c.learningRate(), 0.5,
                c.epochs(), c.limitTrain(), c.seed());   // the rate's schedule and the dropout masks resume too
        TrainingResult<MultiLayerNetwork> whole = trainInMemory(config, new ArrayList<>());
        Path d = dir.resolve("killed");
        Seeds.init(config.seed());
        try (TrainingRun run = MnistTrainer.openRun(config, splits, RunOptions.in(d))) {
            run.addListener(new KillAtEpoch(2));
            assertEquals("killed", assertThrows(IllegalStateException.class,
                    () -> MnistTrainer.train(config, splits, run)).getMessage());
        }
        TrainingResult<MultiLayerNetwork> resumed;
        try (TrainingRun run = MnistTrainer.openRun(config, splits, RunOptions.in(d).resuming())) {
            assertEquals(1.0, run.position());
            resumed = MnistTrainer.train(config, splits, run);
        }
        assertEquals(whole.last().params(), resumed.last().params());
        assertEquals(config.learningRate() * 0.5 * 0.5, resumed.last().getLearningRate(0), 1e-12,
                "after 2 epochs the rate has decayed twice");
        assertEquals(2, resumed.history().size());
        assertEquals(whole.history().get(1).get("test_accuracy"), resumed.history().get(1).get("test_accuracy"));
    }

    @Test
    void sameSeedGivesTheSameCurve() {
        TrainingResult<MultiLayerNetwork> again = trainInMemory(CONFIG, new ArrayList<>());
        assertEquals(result.best("test_accuracy"), again.best("test_accuracy"));
        assertEquals(result.best("train_loss"), again.best("train_loss"), 1e-6);
        assertEquals(result.model().params(), again.model().params());
    }

    @Test
    void saveThenLoadGivesIdenticalPredictions() {
        Path file = save(result.model(), dir.resolve("model.zip"));
        ModelIO.Loaded<MultiLayerNetwork> loaded = ModelIO.load(file, MnistCommand.WORKFLOW, MultiLayerNetwork.class);
        DataSet d = test.range(0, 200);
        assertEquals(result.model().output(d.getFeatures(), false), loaded.model().output(d.getFeatures(), false));
        assertEquals(result.model().params(), loaded.model().params());
        assertArrayEquals(new int[] {28, 28}, MnistCommand.imageSize(loaded));
        assertEquals(CONFIG, loaded.card().config(MnistConfig.class));
    }

    @Test
    void predictReadsAPngWrittenHere() throws Exception {
        Path model = save(result.model(), dir.resolve("predict-model.zip"));
        MultiLayerNetwork net = result.model();
        // the 3 test digits (of the first 300) the network is surest of and right about, drawn 3 times larger as
        // dark ink on a white page
        INDArray probs = net.output(test.range(0, 300).getFeatures(), false);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            if (probs.getRow(i).argMax().getInt(0) == test.classes()[i]) {
                candidates.add(i);
            }
        }
        candidates.sort((a, b) -> Double.compare(probs.getRow(b).maxNumber().doubleValue(),
                probs.getRow(a).maxNumber().doubleValue()));
        List<Path> pngs = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        for (int i : candidates.subList(0, 3)) {
            INDArray x = test.features().get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all(), NDArrayIndex.all());
            int cls = test.classes()[i];
            BufferedImage img = new BufferedImage(84, 84, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 84; y++) {
                for (int xx = 0; xx < 84; xx++) {
                    int v = 255 - Math.round(x.getFloat(0, xx / 3, y / 3) * 255f);
                    img.setRGB(xx, y, (v << 16) | (v << 8) | v);
                }
            }
            Path png = dir.resolve("digit" + i + ".png");
            ImageIO.write(img, "png", png.toFile());
            // the picture becomes an MNIST-like image close to the original
            float[][] grey = DigitImage.read(png, 28, 28);
            double diff = 0;
            for (int t = 0; t < 28; t++) {
                for (int c = 0; c < 28; c++) {
                    diff += Math.abs(grey[t][c] - x.getFloat(0, c, t));
                }
            }
            assertTrue(diff / 784 < 0.08, "mean difference " + diff / 784);
            pngs.add(png);
            expected.add(cls);
        }
        assertEquals(3, pngs.size());
        List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString()));
        pngs.forEach(p -> args.add(p.toString()));
        String[] out = run(args.toArray(String[]::new));
        assertEquals("0", out[0], out[2]);
        String[] lines = out[1].strip().split("\n");
        assertEquals(3, lines.length, out[1]);
        for (int k = 0; k < 3; k++) {
            assertTrue(lines[k].startsWith(pngs.get(k) + ": " + expected.get(k) + "  probabilities 0="), lines[k]);
            double sum = 0;
            for (String part : lines[k].split(" ")) {
                if (part.matches("\\d=\\d\\.\\d{4}")) {
                    sum += Double.parseDouble(part.substring(2));
                }
            }
            assertEquals(1.0, sum, 0.002);
        }
    }

    @Test
    void predictRejectsBadInputWithOneLine() throws Exception {
        Path model = save(result.model(), dir.resolve("bad-input-model.zip"));
        Path notImage = Files.writeString(dir.resolve("not-an-image.png"), "just text");
        String[] out = run("predict", "--model", model.toString(), notImage.toString());
        assertEquals("2", out[0]);
        assertEquals("error: cannot read image " + notImage + ": not a PNG, JPEG, GIF or BMP file", out[2].strip());
        out = run("predict", "--model", dir.resolve("missing.zip").toString(), notImage.toString());
        assertEquals("2", out[0]);
        assertEquals(1, out[2].strip().lines().count(), out[2]);
        out = run("predict", "--model", model.toString(), dir.resolve("missing.png").toString());
        assertEquals("2", out[0]);
        assertTrue(out[2].startsWith("error: no image file "), out[2]);
    }

    /** Runs the command in-process (not through main) and returns {exit code, stdout, stderr}. */
    static String[] run(String... args) {
        Commands.Result r = Commands.run(MnistCommand::new, args);
        return new String[] {Integer.toString(r.code()), r.out(), r.err()};
    }
}
