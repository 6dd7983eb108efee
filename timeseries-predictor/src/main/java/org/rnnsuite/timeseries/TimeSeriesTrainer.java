package org.rnnsuite.timeseries;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.rnnsuite.common.run.Checkpoint;
import org.rnnsuite.common.run.MetricsCsv;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.run.Progress;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;

/**
 * Trains a time-series network as the tutorial does: {@code iterations} steps of Adam, each on a fresh random
 * mini-batch of shifted windows, printing {@code iteration N MSE: X} (the MSE of that batch after the step) every
 * {@value #REPORT_EVERY} iterations. With a run directory it also keeps {@code metrics.csv} (iteration, mse,
 * seconds) and a checkpoint up to date at every report, so that {@code resume} continues a killed run with the
 * same batches it would have drawn. Never exits, never reads stdin.
 */
public final class TimeSeriesTrainer {
    /** The workflow name recorded in model files. */
    public static final String WORKFLOW = "timeseries";
    /** Iterations between two reports (and checkpoints). */
    public static final int REPORT_EVERY = 100;
    /** Columns of {@code metrics.csv}. */
    public static final String[] COLUMNS = {"iteration", "mse", "seconds"};
    /** File name of the metrics inside a run directory. */
    public static final String METRICS_FILE = "metrics.csv";
    private static final String ITERATIONS_ENTRY = "timeseries-iterations.txt";

    private final TimeSeriesConfig config;

    /** @param config the hyper-parameters */
    public TimeSeriesTrainer(TimeSeriesConfig config) {
        this.config = config;
    }

    /**
     * The outcome of a training run.
     *
     * @param net          the trained network
     * @param iterations   the iterations at which the MSE was reported (1, 100, 200, ..., the last)
     * @param mse          the training-batch MSE after each reported iteration
     * @param seconds      wall-clock training seconds at each reported iteration (including resumed runs)
     * @param startedAt    the iteration training started from (0, or the checkpoint's on resume)
     * @param series       the real series trained on, or {@code null} for the synthetic one
     */
    public record Result(MultiLayerNetwork net, int[] iterations, double[] mse, double[] seconds, int startedAt,
                         TimeSeriesData.RealSeries series) {
        /** @return the MSE of the last report, NaN if nothing was trained in this run */
        public double finalMse() {
            return mse.length == 0 ? Double.NaN : mse[mse.length - 1];
        }
    }

    /**
     * Trains in memory, without files.
     *
     * @param log receives the {@code iteration N MSE: X} lines
     * @return the result
     */
    public Result train(Consumer<String> log) {
        return train(null, false, log, true);
    }

    /**
     * Trains, keeping metrics and checkpoints in a run directory.
     *
     * @param runDir the run directory ({@code null}: no files)
     * @param resume continue from {@code runDir}'s checkpoint if there is one
     * @param log    receives the report lines
     * @param quiet  no progress bar
     * @return the result
     */
    public Result train(Path runDir, boolean resume, Consumer<String> log, boolean quiet) {
        Seeds.init(config.seed());
        TimeSeriesData.RealSeries real = config.isCsv()
                ? TimeSeriesData.RealSeries.load(Path.of(config.csv()), config.column(), config.steps(),
                config.horizon())
                : null;
        double[] trainSeries = real == null ? null : real.trainNormalised();

        MultiLayerNetwork net = null;
        int start = 0;
        if (resume && runDir != null) {
            Optional<MultiLayerNetwork> saved = Checkpoint.resumeNetwork(runDir, WORKFLOW);
            if (saved.isPresent()) {
                net = saved.get();
                if (!sameNetwork(net.getLayerWiseConfigurations(), TimeSeriesNetwork.configuration(config))) {
                    throw new UserException(Checkpoint.file(runDir) + " was trained with other network settings "
                            + "(cell, units, layers, activation, dropout, projection, ...): resume with the same "
                            + "options or use another --out");
                }
                start = ModelIO.readExtra(Checkpoint.file(runDir), ITERATIONS_ENTRY)
                        .map(b -> Integer.parseInt(new String(b, StandardCharsets.UTF_8).strip()))
                        .orElse(net.getIterationCount());
                log.accept("resuming from iteration " + start + " (" + Checkpoint.file(runDir) + ")");
            } else {
                log.accept("no checkpoint in " + runDir + ": starting from iteration 0");
            }
        }
        if (net == null) {
            net = TimeSeriesNetwork.build(config);
        }

        MetricsCsv metrics = null;
        double secondsBefore = 0;
        List<double[]> rows = new ArrayList<>();
        if (runDir != null) {
            Path file = runDir.resolve(METRICS_FILE);
            metrics = start > 0 ? MetricsCsv.resume(file, start, COLUMNS) : MetricsCsv.create(file, COLUMNS);
            if (metrics.size() > 0) {
                double[] it = metrics.column("iteration");
                double[] m = metrics.column("mse");
                double[] s = metrics.column("seconds");
                for (int i = 0; i < it.length; i++) {
                    rows.add(new double[]{it[i], m[i], s[i]});
                }
                secondsBefore = s[s.length - 1];
            }
        }

        long t0 = System.nanoTime();
        try (Progress progress = Progress.start("train", config.iterations(), "it", quiet)) {
            progress.stepBy(Math.min(start, config.iterations()));
            for (int it = start; it < config.iterations(); it++) {
                DataSet batch = batch(it, trainSeries);
                net.fit(batch);
                progress.step();
                int done = it + 1;
                if (done == 1 || done % REPORT_EVERY == 0 || done == config.iterations()) {
                    double mse = TimeSeriesPredictor.mse(net, batch.getFeatures(), batch.getLabels());
                    double seconds = secondsBefore + (System.nanoTime() - t0) / 1e9;
                    log.accept(String.format(Locale.ROOT, "iteration %d MSE: %.6f", done, mse));
                    progress.setExtra(String.format(Locale.ROOT, "MSE %.4f", mse));
                    rows.add(new double[]{done, mse, seconds});
                    if (runDir != null) {
                        metrics.append(done, mse, seconds);
                        ModelIO.save(net, Checkpoint.file(runDir), WORKFLOW,
                                Map.of(ITERATIONS_ENTRY, Integer.toString(done).getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        return new Result(net, rows.stream().mapToInt(r -> (int) r[0]).toArray(),
                rows.stream().mapToDouble(r -> r[1]).toArray(), rows.stream().mapToDouble(r -> r[2]).toArray(),
                start, real);
    }

    /**
     * @param iteration   the 0-based iteration
     * @param trainSeries the normalised training part of a real series, or {@code null} for the synthetic series
     * @return that iteration's mini-batch (a function of the seed and the iteration only)
     */
    public DataSet batch(int iteration, double[] trainSeries) {
        java.util.Random rng = TimeSeriesData.batchRandom(config.seed(), iteration);
        return trainSeries == null
                ? TimeSeriesData.nextBatch(rng, config.batchSize(), config.steps())
                : TimeSeriesData.nextWindowBatch(rng, trainSeries, config.batchSize(), config.steps());
    }

    /**
     * @param a a network configuration
     * @param b another
     * @return true if both have equal layers (including their updaters) and the same back-propagation type
     */
    static boolean sameNetwork(MultiLayerConfiguration a, MultiLayerConfiguration b) {
        if (a.getConfs().size() != b.getConfs().size() || a.getBackpropType() != b.getBackpropType()
                || a.getTbpttFwdLength() != b.getTbpttFwdLength()) {
            return false;
        }
        for (int i = 0; i < a.getConfs().size(); i++) {
            if (!a.getConf(i).getLayer().equals(b.getConf(i).getLayer())) {
                return false;
            }
        }
        return true;
    }
}
