package org.rnnsuite.nmt;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.rnnsuite.common.run.Charts;
import org.rnnsuite.common.run.Progress;
import org.rnnsuite.common.run.TrainingRun;

/**
 * A DL4J listener that measures training as {@code graph.fit} goes through {@link NmtBatches}: the time of each
 * training step (batch preparation and evaluation excluded), the process CPU time, the loss per target token, the
 * per-batch loss curve ({@value #LOSS_CHART}); it checks the loss for divergence and advances the progress bar.
 */
final class NmtMeter extends BaseTrainingListener {
    /** The per-batch loss chart in the run directory. */
    static final String LOSS_CHART = "loss.png";
    private static final int CHART_POINTS = 300;

    /**
     * The totals of the epoch being trained (since its start, or since the resume point of a resumed epoch).
     *
     * @param lossSum  sum over batches of the loss per target token times the batch's target tokens
     * @param tokens   target tokens (with {@code <eos>}) trained
     * @param nanos    training time
     * @param cpuNanos process CPU time while training
     */
    record EpochStats(double lossSum, long tokens, long nanos, long cpuNanos) {
        static final EpochStats NONE = new EpochStats(0, 0, 0, 0);

        EpochStats plus(double lossPerToken, long batchTokens, long dt, long dc) {
            return new EpochStats(lossSum + lossPerToken * batchTokens, tokens + batchTokens, nanos + dt,
                    cpuNanos + dc);
        }

        /** @return mean cross-entropy per target token, nats */
        double loss() {
            return lossSum / tokens;
        }

        /** @return target tokens per second of training */
        double tokensPerS() {
            return nanos > 0 ? tokens / (nanos / 1e9) : 0;
        }

        /** @return target tokens per second of process CPU time */
        double tokensPerCpuS() {
            return cpuNanos > 0 ? tokens / (cpuNanos / 1e9) : 0;
        }
    }

    private final TrainingRun run;
    private final List<double[]> lossPoints = new ArrayList<>();
    private long trainNanos;
    private long partNanos;
    private long partCpuNanos;
    private long partTokens;
    private EpochStats epoch = EpochStats.NONE;
    private NmtBatches batches;
    private Progress bar;

    /**
     * @param run        the run (divergence messages, the run directory)
     * @param trainNanos training time of the run before this part (a resumed run's earlier parts)
     */
    NmtMeter(TrainingRun run, long trainNanos) {
        this.run = run;
        this.trainNanos = trainNanos;
    }

    /**
     * @param b   the epoch's batches, from now on
     * @param bar its progress bar
     */
    void startEpoch(NmtBatches b, Progress bar) {
        this.batches = b;
        this.bar = bar;
        this.epoch = EpochStats.NONE;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epochCount) {
        long dt = System.nanoTime() - batches.readyNanos();
        long dc = processCpuNanos() - batches.readyCpuNanos();
        long tokens = batches.lastTokens();
        double perToken = model.score() * batches.lastPairs() / tokens;
        double position = NmtTrainer.position(batches.epoch(), batches.done(), batches.batches());
        if (!Double.isFinite(perToken)) {
            throw run.diverged("loss is " + perToken, position);
        }
        trainNanos += dt;
        partNanos += dt;
        partCpuNanos += dc;
        partTokens += tokens;
        epoch = epoch.plus(perToken, tokens, dt, dc);
        lossPoints.add(new double[] {trainNanos / 60e9, perToken});
        bar.step();
        bar.setExtra(String.format(Locale.ROOT, "loss %.3f", epoch.loss()));
    }

    /** @return training time over the whole run, resumed parts included */
    long trainNanos() {
        return trainNanos;
    }

    /** @return the current epoch's totals */
    EpochStats epoch() {
        return epoch;
    }

    /** @return target tokens trained in this part of the run */
    long partTokens() {
        return partTokens;
    }

    /** @return training seconds of this part of the run */
    double partSeconds() {
        return partNanos / 1e9;
    }

    /** @return process CPU seconds spent training in this part of the run */
    double partCpuSeconds() {
        return partCpuNanos / 1e9;
    }

    /** Redraws {@value #LOSS_CHART} (this part of the run, means of groups of batches) if the run has a directory. */
    void drawLossChart() {
        int window = Math.max(1, lossPoints.size() / CHART_POINTS);
        int n = lossPoints.size() / window;
        if (run.dir() == null || n < 1) {
            return;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = i * window; j < (i + 1) * window; j++) {
                x[i] += lossPoints.get(j)[0] / window;
                y[i] += lossPoints.get(j)[1] / window;
            }
        }
        Charts.line(run.dir().resolve(LOSS_CHART), "Training loss (cross-entropy per target token)",
                "training minutes", "loss", x, Map.of("loss (mean of " + window + " batches)", y));
    }

    /**
     * @param run a run
     * @return its training time so far, evaluation excluded: the last report's {@code train_minutes}, plus the
     *         time from that report to a checkpoint written midway through an epoch after it
     */
    static long trainedNanos(TrainingRun run) {
        if (!run.isResumed()) {
            return 0;
        }
        double seconds = 60 * run.lastMetrics().getOrDefault("train_minutes", 0.0);
        List<Map<String, Double>> history = run.history();
        Map<String, Double> last = history.isEmpty() ? Map.of() : history.get(history.size() - 1);
        if (run.position() > last.getOrDefault(NmtTrainer.SPEC.unit(), 0.0) + 1e-9) {
            seconds += Math.max(0, run.seconds() - last.getOrDefault("seconds", 0.0));
        }
        return (long) (seconds * 1e9);
    }

    /** @return CPU time used by this process so far (all threads), nanoseconds; 0 where the JVM cannot tell */
    static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }
}
