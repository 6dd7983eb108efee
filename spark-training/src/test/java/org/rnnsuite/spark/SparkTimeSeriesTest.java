package org.rnnsuite.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.timeseries.TimeSeriesConfig;
import org.rnnsuite.timeseries.TimeSeriesData;
import org.rnnsuite.timeseries.TimeSeriesSource;
import org.rnnsuite.timeseries.TimeSeriesTrainer;

/**
 * The time-series predictor trained on {@code local[2]}: the validation MSE falls as the single-machine run's does,
 * the reports come at the single-machine iterations, and the model file is the workflow's.
 */
class SparkTimeSeriesTest {
    private static final TimeSeriesConfig CONFIG = TimeSeriesConfig.tiny().withIterations(101);

    @Test
    void validationMseFallsAsOnOneMachine(@TempDir Path dir) {
        Seeds.init(CONFIG.seed());
        TimeSeriesSource source = TimeSeriesSource.of(CONFIG);
        TrainingResult<MultiLayerNetwork> single;
        try (TrainingRun run = TimeSeriesTrainer.openRun(CONFIG, source, RunOptions.inMemory())) {
            single = TimeSeriesTrainer.train(CONFIG, source, run);
        }
        TrainingResult<MultiLayerNetwork> spark;
        try (TrainingRun run = TimeSeriesTrainer.openRun(CONFIG, source, RunOptions.in(dir))) {
            spark = SparkTimeSeriesTrainer.train(CONFIG, source, run, LocalSpark.context(),
                    SparkSettings.defaults().withMaster(LocalSpark.MASTER).withAveragingFrequency(10));
        }
        assertArrayEquals(new double[] {1, 100, 101}, spark.column("iteration"));
        assertArrayEquals(single.column("iteration"), spark.column("iteration"));
        double[] s = spark.column("validation_mse");
        double[] one = single.column("validation_mse");
        assertTrue(s[2] < 0.5 * s[0], "spark validation MSE " + s[0] + " -> " + s[2]);
        assertTrue(one[2] < 0.5 * one[0], "single-machine validation MSE " + one[0] + " -> " + one[2]);
        ModelIO.Loaded<MultiLayerNetwork> loaded = ModelIO.load(dir, TimeSeriesTrainer.WORKFLOW,
                MultiLayerNetwork.class);
        var batch = TimeSeriesData.nextBatch(new java.util.Random(3), 4, CONFIG.steps());
        assertArrayEquals(spark.model().output(batch.getFeatures(), false).data().asFloat(),
                loaded.model().output(batch.getFeatures(), false).data().asFloat());
        assertEquals(spark.card().position(), loaded.card().position());   // model.zip: the best report
    }
}
