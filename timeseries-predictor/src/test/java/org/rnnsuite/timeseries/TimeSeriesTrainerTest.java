package org.rnnsuite.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.rnnsuite.common.run.Checkpoint;
import org.rnnsuite.common.run.MetricsCsv;
import org.rnnsuite.common.UserException;

class TimeSeriesTrainerTest {
    @TempDir
    Path tmp;

    @Test
    void shortTrainingLowersTheMse() {
        TimeSeriesConfig c = TimeSeriesConfig.tiny();
        List<String> lines = new ArrayList<>();
        TimeSeriesTrainer.Result r = new TimeSeriesTrainer(c).train(lines::add);
        assertArrayEquals(new int[]{1, 100, 150}, r.iterations());
        assertEquals("iteration 1 MSE: ", lines.get(0).substring(0, 17));
        assertTrue(r.finalMse() < r.mse()[0] / 3, "MSE " + Arrays.toString(r.mse()));
        DataSet inst = TimeSeriesData.instance(c.steps());
        double trained = TimeSeriesPredictor.mse(r.net(), inst.getFeatures(), inst.getLabels());
        double untrained = TimeSeriesPredictor.mse(TimeSeriesNetwork.build(c), inst.getFeatures(), inst.getLabels());
        assertTrue(trained < untrained / 3, "instance MSE " + untrained + " -> " + trained);
    }

    @Test
    void sameSeedSameCurve() {
        TimeSeriesConfig c = TimeSeriesConfig.tiny().withIterations(30);
        TimeSeriesTrainer.Result a = new TimeSeriesTrainer(c).train(s -> { });
        TimeSeriesTrainer.Result b = new TimeSeriesTrainer(c).train(s -> { });
        assertArrayEquals(a.mse(), b.mse(), 0.0);
        assertEquals(a.net().params(), b.net().params());
    }

    @Test
    void resumeContinuesFromTheCheckpointWithTheSameBatches() throws Exception {
        TimeSeriesConfig c = TimeSeriesConfig.tiny().withIterations(200).withUnits(16);
        Path dir = tmp.resolve("run");
        new TimeSeriesTrainer(c).train(dir, false, s -> { }, true);
        assertTrue(Files.exists(Checkpoint.file(dir)));
        assertEquals(3, MetricsCsv.read(dir.resolve("metrics.csv")).get("iteration").length); // 1, 100, 200

        List<String> log = new ArrayList<>();
        TimeSeriesTrainer.Result resumed = new TimeSeriesTrainer(c.withIterations(250)).train(dir, true, log::add, true);
        assertEquals(200, resumed.startedAt());
        assertTrue(log.get(0).startsWith("resuming from iteration 200"), log.get(0));
        Map<String, double[]> metrics = MetricsCsv.read(dir.resolve("metrics.csv"));
        assertArrayEquals(new double[]{1, 100, 200, 250}, metrics.get("iteration"), 0.0);

        TimeSeriesTrainer.Result straight = new TimeSeriesTrainer(c.withIterations(250)).train(s -> { });
        assertEquals(straight.finalMse(), resumed.finalMse(), 1e-5);
        assertTrue(straight.net().params().equalsWithEps(resumed.net().params(), 1e-5));

        UserException other = assertThrows(UserException.class,
                () -> new TimeSeriesTrainer(c.withIterations(300).withUnits(17)).train(dir, true, s -> { }, true));
        assertTrue(other.getMessage().contains("was trained with other network settings"), other.getMessage());
    }

    @Test
    void trainsOnACsvSeriesAndForecasts() throws Exception {
        Path csv = tmp.resolve("s.csv");
        StringBuilder sb = new StringBuilder("month,value\n");
        for (int i = 0; i < 120; i++) {
            sb.append(i).append(',').append(100 + 20 * Math.sin(i * 2 * Math.PI / 12) + i).append('\n');
        }
        Files.writeString(csv, sb.toString());
        TimeSeriesConfig c = TimeSeriesConfig.tiny().withIterations(100).withSteps(12).withCsv(csv.toString(), "value", 2);
        TimeSeriesTrainer.Result r = new TimeSeriesTrainer(c).train(s -> { });
        assertEquals(96, r.series().trainEnd());
        TimeSeriesPredictor.Forecast f = TimeSeriesPredictor.forecast(r.net(), r.series().raw(),
                r.series().normaliser(), r.series().trainEnd(), 12, 2);
        assertEquals(24, f.index().length);
        assertTrue(Double.isFinite(f.mse()) && f.naiveMse() > 0);
        assertTrue(r.finalMse() < r.mse()[0], Arrays.toString(r.mse()));
    }
}
