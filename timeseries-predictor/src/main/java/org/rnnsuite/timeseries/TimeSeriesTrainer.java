package org.rnnsuite.timeseries;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.rnnsuite.common.run.Progress;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.RunSpec;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;

/**
 * Trains a time-series network as the tutorial does: {@code iterations} steps of Adam, each on a fresh random
 * mini-batch of shifted windows, logging the network's summary first, then reporting {@code iteration N MSE: X} (the MSE of that batch after the step) at
 * iteration 1, every {@value #REPORT_EVERY} iterations and at the last. Each report period is one
 * {@code net.fit(iterator)} over a {@link BatchIterator}; each report also measures the MSE on the source's
 * fixed validation windows ({@code validation_mse}), which selects the best model. The {@link TrainingRun}
 * keeps the files, the best model and the checkpoints, stops early and resumes (the batches are a function of the
 * seed and the iteration, so a resumed run draws the batches it would have drawn). Never prints, never exits.
 */
public final class TimeSeriesTrainer {
    /** The workflow name recorded in model cards. */
    public static final String WORKFLOW = "timeseries";
    /** Iterations between two reports (and checkpoints). */
    public static final int REPORT_EVERY = 100;
    /** What a time-series run reports: per report, the best model by validation MSE; only iterations may change. */
    public static final RunSpec SPEC = new RunSpec(WORKFLOW, "iteration", List.of("mse", "validation_mse"),
            "validation_mse", false,
            List.of(new RunSpec.Chart("mse.png", "Time-series MSE", "MSE", List.of("mse", "validation_mse"))),
            Set.of("iterations"));

    private TimeSeriesTrainer() {
    }

    /**
     * Opens a run for this workflow: the card records what using the model needs ({@link TimeSeriesSource#info}).
     *
     * @param config  the configuration
     * @param source  the data
     * @param options where and how the run is kept
     * @return the open run
     */
    public static TrainingRun openRun(TimeSeriesConfig config, TimeSeriesSource source, RunOptions options) {
        return TrainingRun.open(SPEC, options, config, source.fingerprint(), source.info(config), Map.of());
    }

    /**
     * Trains a new network, or continues the run's checkpoint, up to {@code config.iterations()} iterations (or
     * until the run stops early).
     *
     * @param config the hyper-parameters
     * @param source the data
     * @param run    the run (from {@link #openRun}); it receives one report per report period
     * @return the result: the best network by validation MSE, the last one, the metrics
     */
    public static TrainingResult<MultiLayerNetwork> train(TimeSeriesConfig config, TimeSeriesSource source,
                                                          TrainingRun run) {
        MultiLayerNetwork net = run.resumeModel(MultiLayerNetwork.class).orElseGet(() -> TimeSeriesNetwork.build(config));
        run.log(net.summary());
        net.setListeners(run.listeners());
        DataSet validation = source.validation(config.steps());
        long done = (long) run.position();
        try (Progress bar = Progress.start("train", config.iterations(), "it", run.options().quiet())) {
            bar.stepBy(Math.min(done, config.iterations()));
            while (done < config.iterations()) {
                long to = nextReport(done, config.iterations());
                BatchIterator batches = new BatchIterator(source, config, done, to, i -> run.checkpointIfDue(net, i));
                net.fit(batches);
                bar.stepBy(to - done);
                done = to;
                double mse = TimeSeriesPredictor.mse(net, batches.last().getFeatures(), batches.last().getLabels());
                double validationMse = TimeSeriesPredictor.mse(net, validation.getFeatures(), validation.getLabels());
                bar.setExtra(String.format(Locale.ROOT, "MSE %.4f", mse));
                run.log(String.format(Locale.ROOT, "iteration %d MSE: %.6f", done, mse));
                if (!run.report(net, done, Map.of("mse", mse, "validation_mse", validationMse))) {
                    break;
                }
            }
        }
        Map<String, Object> finals = new LinkedHashMap<>();
        finals.put("windows_per_batch", config.batchSize());
        finals.put("validation_windows", validation.numExamples());
        return run.finish(net, finals);
    }

    /**
     * @param done       iterations done
     * @param iterations iterations in all
     * @return the iteration of the next report: 1, then every {@value #REPORT_EVERY}, and the last
     */
    static long nextReport(long done, long iterations) {
        return done == 0 ? 1 : Math.min(iterations, (done / REPORT_EVERY + 1) * REPORT_EVERY);
    }
}
