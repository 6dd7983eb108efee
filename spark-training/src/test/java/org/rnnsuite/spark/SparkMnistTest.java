package org.rnnsuite.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.mnist.MnistConfig;
import org.rnnsuite.mnist.MnistData;
import org.rnnsuite.mnist.MnistNetwork;
import org.rnnsuite.mnist.MnistSource;
import org.rnnsuite.mnist.MnistTrainer;

/**
 * The MNIST classifier trained on {@code local[2]} with parameter averaging, on the sample shipped with the mnist
 * module: its test accuracy rises as the single-machine run's does, and its run directory holds the model file
 * that the single-machine commands load.
 */
class SparkMnistTest {
    private static final MnistConfig CONFIG = MnistConfig.tiny().withEpochs(2).withLimitTrain(1200);
    private static final SparkSettings SETTINGS = SparkSettings.defaults().withMaster(LocalSpark.MASTER)
            .withAveragingFrequency(2);
    private static MnistData.Splits data;
    private static double untrained;
    private static double single;
    private static TrainingResult<MultiLayerNetwork> spark;
    @TempDir
    static Path dir;

    @BeforeAll
    static void train() {
        Seeds.init(CONFIG.seed());
        data = MnistData.Splits.load(MnistSource.sample(), CONFIG.limitTrain());
        untrained = MnistTrainer.evaluate(MnistNetwork.create(CONFIG, MnistData.SIDE, MnistData.SIDE), data.test())
                .accuracy();
        try (TrainingRun run = MnistTrainer.openRun(CONFIG, data, RunOptions.inMemory())) {
            single = MnistTrainer.train(CONFIG, data, run).lastMetrics().get("test_accuracy");
        }
        try (TrainingRun run = MnistTrainer.openRun(CONFIG, data, RunOptions.in(dir.resolve("run")))) {
            spark = SparkMnistTrainer.train(CONFIG, data, run, LocalSpark.context(), SETTINGS);
        }
    }

    @Test
    void accuracyRisesAsOnOneMachine() {
        double[] accuracy = spark.column("test_accuracy");
        assertEquals(2, accuracy.length);
        assertTrue(accuracy[1] > untrained + 0.15, "spark " + accuracy[1] + " vs untrained " + untrained);
        assertTrue(single > untrained + 0.15, "single machine " + single + " vs untrained " + untrained);
        assertTrue(Math.abs(accuracy[1] - single) < 0.2, "spark " + accuracy[1] + " vs single machine " + single);
        double[] loss = spark.column("train_loss");
        assertTrue(loss[1] < loss[0], "loss " + loss[0] + " -> " + loss[1]);
    }

    @Test
    void theRunDirectoryHoldsAModelTheMnistCommandsLoad() {
        Path runDir = dir.resolve("run");
        for (String f : new String[] {TrainingRun.MODEL_FILE, TrainingRun.CHECKPOINT_FILE, TrainingRun.METRICS_FILE,
                TrainingRun.RUN_FILE}) {
            assertTrue(Files.exists(runDir.resolve(f)), f);
        }
        ModelIO.Loaded<MultiLayerNetwork> loaded = ModelIO.load(runDir, MnistTrainer.WORKFLOW, MultiLayerNetwork.class);
        assertEquals(MnistTrainer.WORKFLOW, loaded.card().workflow());
        assertEquals(2, loaded.model().getEpochCount());
        INDArray x = data.test().range(0, 20).getFeatures();
        assertArrayEquals(spark.model().output(x, false).data().asFloat(),
                loaded.model().output(x, false).data().asFloat());
    }

    @Test
    void runJsonRecordsTheSparkSettings() throws Exception {
        String json = Files.readString(dir.resolve("run").resolve(TrainingRun.RUN_FILE));
        assertTrue(json.contains("\"spark_master\"") && json.contains("local[2]"), json);
        assertTrue(json.contains("\"averaging_frequency\" : 2") || json.contains("\"averaging_frequency\":2"), json);
    }
}
