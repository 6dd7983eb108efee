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
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.run.MetricsCsv;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;

class TimeSeriesTrainerTest {
    @TempDir
    Path tmp;

    static TrainingResult<MultiLayerNetwork> trainInMemory(TimeSeriesConfig config, TimeSeriesSource source,
                                                           List<String> lines) {
        Seeds.init(config.seed());
        try (TrainingRun run = TimeSeriesTrainer.openRun(config, source, RunOptions.inMemory())) {
            run.onLog(line -> {
                if (line.startsWith("iteration ")) {   // not the network's summary
                    lines.add(line);
                }
            });
            return TimeSeriesTrainer.train(config, source, run);
        }
    }

    static TrainingResult<MultiLayerNetwork> train(TimeSeriesConfig config, TimeSeriesSource source,
                                                   RunOptions options) {
        Seeds.init(config.seed());
        try (TrainingRun run = TimeSeriesTrainer.openRun(config, source, options)) {
            return TimeSeriesTrainer.train(config, source, run);
        }
    }

    @Test
    void shortTrainingLowersBothMsesAndKeepsTheBestByValidation() {
        TimeSeriesConfig c = TimeSeriesConfig.tiny();
        List<String> lines = new ArrayList<>();
        TrainingResult<MultiLayerNetwork> r = trainInMemory(c, TimeSeriesSource.synthetic(), lines);
        assertArrayEquals(new double[]{1, 100, 150}, r.column("iteration"), 0.0);
        assertEquals(3, lines.size(), "one line per report: " + lines);
        assertTrue(lines.get(0).matches("iteration 1 MSE: \\d+\\.\\d{6}"), lines.get(0));
        assertTrue(lines.get(2).startsWith("iteration 150 MSE: "), lines.get(2));
        double[] mse = r.column("mse");
        double[] validation = r.column("validation_mse");
        assertTrue(mse[2] < mse[0] / 3, "MSE " + Arrays.toString(mse));
        assertTrue(validation[2] < validation[0] / 3, "validation MSE " + Arrays.toString(validation));
        double bestValidation = Arrays.stream(validation).min().orElseThrow();
        assertEquals(bestValidation, r.best("validation_mse"));
        DataSet v = TimeSeriesSource.synthetic().validation(c.steps());
        assertEquals(bestValidation, TimeSeriesPredictor.mse(r.model(), v.getFeatures(), v.getLabels()), 1e-9);
        assertEquals(150.0, r.position());
        assertEquals(c, r.card().config(TimeSeriesConfig.class));
    }

    @Test
    void sameSeedSameCurve() {
        TimeSeriesConfig c = TimeSeriesConfig.tiny().withIterations(30);
        TrainingResult<MultiLayerNetwork> a = trainInMemory(c, TimeSeriesSource.synthetic(), new ArrayList<>());
        TrainingResult<MultiLayerNetwork> b = trainInMemory(c, TimeSeriesSource.synthetic(), new ArrayList<>());
        assertArrayEquals(a.column("mse"), b.column("mse"), 0.0);
        assertArrayEquals(a.column("validation_mse"), b.column("validation_mse"), 0.0);
        assertEquals(a.last().params(), b.last().params());
    }

    @Test
    void reportsAtOneEveryHundredAndTheLast() {
        assertEquals(1, TimeSeriesTrainer.nextReport(0, 1500));
        assertEquals(100, TimeSeriesTrainer.nextReport(1, 1500));
        assertEquals(200, TimeSeriesTrainer.nextReport(100, 1500));
        assertEquals(200, TimeSeriesTrainer.nextReport(137, 1500));
        assertEquals(150, TimeSeriesTrainer.nextReport(100, 150));
        assertEquals(1, TimeSeriesTrainer.nextReport(0, 1));
    }

    /** Stands for a kill: fails when the given report period starts, after the previous report's checkpoint. */
    static final class KillAtPeriod extends BaseTrainingListener {
        private final int period;
        private int started;

        KillAtPeriod(int period) {
            this.period = period;
        }

        @Override
        public void onEpochStart(Model model) {
            if (++started == period) {
                throw new IllegalStateException("killed");
            }
        }
    }

    /** Stands for a kill within a report period: fails after the given number of iterations of this process. */
    static final class KillAtIteration extends BaseTrainingListener {
        private final int iteration;
        private int done;

        KillAtIteration(int iteration) {
            this.iteration = iteration;
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            if (++done == this.iteration) {
                throw new IllegalStateException("killed");
            }
        }
    }

    /** Two layers with dropout between them: the resumed run must also repeat the dropout masks. */
    private static TimeSeriesConfig withDropout() {
        return TimeSeriesConfig.tiny().withUnits(16).withBatchSize(8).withLayers(2).withDropout(0.3).withIterations(210);
    }

    @Test
    void aRunKilledBetweenReportsResumesToTheSameParametersAsAnUninterruptedOne() {
        TimeSeriesConfig c = withDropout();
        TimeSeriesSource source = TimeSeriesSource.synthetic();
        TrainingResult<MultiLayerNetwork> whole = trainInMemory(c, source, new ArrayList<>());
        Path dir = tmp.resolve("killed");
        Seeds.init(c.seed());
        try (TrainingRun run = TimeSeriesTrainer.openRun(c, source, RunOptions.in(dir))) {
            run.addListener(new KillAtPeriod(3));   // periods [0, 1), [1, 100), [100, 200): killed after 100
            assertEquals("killed", assertThrows(IllegalStateException.class,
                    () -> TimeSeriesTrainer.train(c, source, run)).getMessage());
        }
        assertEquals(100.0, ModelIO.readCard(dir.resolve(TrainingRun.CHECKPOINT_FILE), "timeseries").position());
        List<String> lines = new ArrayList<>();
        TrainingResult<MultiLayerNetwork> resumed;
        Seeds.init(c.seed() + 1);   // whatever state ND4J's generator is in
        try (TrainingRun run = TimeSeriesTrainer.openRun(c, source, RunOptions.in(dir).resuming())) {
            assertEquals(100.0, run.position());
            run.onLog(lines::add);
            resumed = TimeSeriesTrainer.train(c, source, run);
            assertTrue(lines.remove(0).contains("Total Parameters"), "the network's summary comes first");
        }
        assertEquals(whole.last().params(), resumed.last().params());
        assertEquals(String.format(java.util.Locale.ROOT, "iteration 200 MSE: %.6f", whole.history().get(2).get("mse")),
                lines.get(0));
        assertArrayEquals(whole.column("mse"), resumed.column("mse"), 1e-4);   // rows read back: 6 digits
        assertArrayEquals(new double[]{1, 100, 200, 210},
                MetricsCsv.read(dir.resolve(TrainingRun.METRICS_FILE)).get("iteration"), 0.0);
    }

    @Test
    void aRunKilledWithinAReportPeriodResumesFromItsLastTimedCheckpoint() {
        TimeSeriesConfig c = withDropout().withIterations(60);
        TimeSeriesSource source = TimeSeriesSource.synthetic();
        TrainingResult<MultiLayerNetwork> whole = trainInMemory(c, source, new ArrayList<>());
        Path dir = tmp.resolve("killed-within");
        RunOptions everyBatch = new RunOptions(dir, false, 0, 1e-9, true);   // a timed checkpoint before every batch
        Seeds.init(c.seed());
        try (TrainingRun run = TimeSeriesTrainer.openRun(c, source, everyBatch)) {
            run.addListener(new KillAtIteration(37));
            assertThrows(IllegalStateException.class, () -> TimeSeriesTrainer.train(c, source, run));
        }
        TrainingResult<MultiLayerNetwork> resumed;
        try (TrainingRun run = TimeSeriesTrainer.openRun(c, source, everyBatch.resuming())) {
            assertEquals(36.0, run.position());   // checkpointed before the batch of iteration 37
            resumed = TimeSeriesTrainer.train(c, source, run);
        }
        assertEquals(whole.last().params(), resumed.last().params());
        assertArrayEquals(whole.column("validation_mse"), resumed.column("validation_mse"), 1e-4);
    }

    @Test
    void theSyntheticValidationSetIsFixedWhateverTheSeed() {
        DataSet v = TimeSeriesSource.synthetic().validation(20);
        DataSet expected = TimeSeriesData.nextBatch(new Random(TimeSeriesSource.VALIDATION_SEED),
                TimeSeriesSource.VALIDATION_WINDOWS, 20);
        assertEquals(expected.getFeatures(), v.getFeatures());
        assertEquals(expected.getLabels(), v.getLabels());
        // training batches come from their own generators: drawing them does not move the validation set
        TimeSeriesSource.synthetic().batch(0, TimeSeriesConfig.tiny().withSeed(7));
        assertEquals(expected.getFeatures(), TimeSeriesSource.synthetic().validation(20).getFeatures());
    }

    static Path seasonalCsv(Path file, int values) throws Exception {
        StringBuilder sb = new StringBuilder("month,value\n");
        for (int i = 0; i < values; i++) {
            sb.append(i).append(',').append(100 + 20 * Math.sin(i * 2 * Math.PI / 12) + i).append('\n');
        }
        return Files.writeString(file, sb.toString());
    }

    @Test
    void trainsOnACsvSeriesValidatesOnItsTailAndForecasts() throws Exception {
        Path csv = seasonalCsv(tmp.resolve("s.csv"), 120);
        TimeSeriesConfig c = TimeSeriesConfig.tiny().withIterations(100).withSteps(12)
                .withCsv(csv.toString(), "value", 2);
        TimeSeriesSource source = TimeSeriesSource.of(c);
        assertEquals(96, source.series().trainEnd());
        DataSet v = source.validation(12);
        assertEquals(24, v.numExamples());   // every window whose last value is one of the last 24
        double[] norm = source.series().normalised();
        assertEquals(norm[96], v.getLabels().getDouble(0, 0, 11), 1e-6);
        assertEquals(norm[119], v.getLabels().getDouble(23, 0, 11), 1e-6);
        assertEquals(norm[84], v.getFeatures().getDouble(0, 0, 0), 1e-6);

        TrainingResult<MultiLayerNetwork> r = trainInMemory(c, source, new ArrayList<>());
        double[] mse = r.column("mse");
        assertTrue(mse[mse.length - 1] < mse[0], Arrays.toString(mse));
        TimeSeriesModel model = TimeSeriesModel.of(r.model(), r.card());
        assertEquals(source.series().normaliser(), model.normaliser());
        assertEquals("value", model.column());
        assertArrayEquals(Arrays.copyOfRange(source.series().raw(), 108, 120), model.lastWindow(), 0.0);
        TimeSeriesPredictor.Forecast f = TimeSeriesPredictor.forecast(model.net(), source.series().raw(),
                model.normaliser(), source.series().trainEnd(), 12, 2);
        assertEquals(24, f.index().length);
        assertTrue(Double.isFinite(f.mse()) && f.naiveMse() > 0);

        model.requireSeries(true);
        UserException wrongScale = assertThrows(UserException.class, () -> model.requireSeries(false));
        assertEquals("this model was trained on column 'value' of " + csv + ", not on the synthetic series: its "
                + "inputs have another scale; use a model trained without --csv", wrongScale.getMessage());
    }
}
