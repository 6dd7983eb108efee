package org.rnnsuite.nmt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.rnnsuite.common.run.Charts;
import org.rnnsuite.common.run.Checkpoint;
import org.rnnsuite.common.run.MetricsCsv;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.run.Progress;
import org.rnnsuite.common.run.RunInfo;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;

/**
 * Trains a {@link NmtModel} on a {@link NmtData.Split}: shuffled batches (seeded per epoch), one {@code fit} per
 * batch, until an epoch count or a wall-clock budget of training time is reached; after each epoch (and when the
 * budget stops one midway) it decodes the test split greedily and records the BLEU. Evaluation time is not
 * counted in the budget. Never exits, never reads stdin, never downloads.
 */
public final class NmtTrainer {
    /** Metrics columns, in order. */
    public static final String[] COLUMNS = {"epoch", "train_minutes", "loss", "test_bleu", "test_exact_match",
        "target_tokens_per_s", "target_tokens_per_cpu_s"};

    private final NmtConfig config;
    private final boolean quiet;
    private double evalMinutes;
    private Consumer<String> log = s -> { };

    /**
     * One row of {@code metrics.csv}.
     *
     * @param epoch            epochs done (fractional when the time budget stopped the last one)
     * @param trainMinutes     training time so far in this run, minutes
     * @param loss             mean cross-entropy per target token over the epoch, nats
     * @param testBleu         greedy corpus BLEU-4 on the test split, 0-100
     * @param testExactMatch   share of test translations equal to the reference
     * @param targetTokensPerS target tokens (with {@code <eos>}) trained per wall-clock second in the epoch
     * @param targetTokensPerCpuS target tokens trained per second of this process's CPU time in the epoch (does not
     *                         depend on how busy the machine is)
     */
    public record EpochMetrics(double epoch, double trainMinutes, double loss, double testBleu, double testExactMatch,
                               double targetTokensPerS, double targetTokensPerCpuS) {
        /** @return the values in {@link #COLUMNS} order */
        double[] row() {
            return new double[] {epoch, trainMinutes, loss, testBleu, testExactMatch, targetTokensPerS,
                targetTokensPerCpuS};
        }
    }

    /**
     * The outcome of {@link #train}.
     *
     * @param model            the trained model
     * @param epochs           one entry per evaluated epoch of this run
     * @param trainSeconds     training time of this run (evaluation excluded)
     * @param targetTokens     target tokens trained in this run
     * @param targetTokensPerS {@code targetTokens / trainSeconds}
     * @param cpuSeconds       process CPU time spent training in this run
     */
    public record Result(NmtModel model, List<EpochMetrics> epochs, double trainSeconds, long targetTokens,
                         double targetTokensPerS, double cpuSeconds) {
        /** @return the last evaluated metrics (NaN fields if none) */
        public EpochMetrics last() {
            return epochs.isEmpty() ? new EpochMetrics(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
                    : epochs.get(epochs.size() - 1);
        }
    }

    /**
     * When to stop.
     *
     * @param epochs  stop after this many epochs in total (0 = no limit)
     * @param minutes stop after this much training time in this run (0 = no limit)
     */
    public record Budget(int epochs, double minutes) {
        /**
         * Validates.
         *
         * @param epochs  total epochs (0 = no limit)
         * @param minutes training minutes (0 = no limit)
         */
        public Budget {
            if (epochs < 0 || minutes < 0 || (epochs == 0 && minutes == 0)) {
                throw new UserException("give --epochs N or --minutes N (positive), got epochs " + epochs
                        + ", minutes " + minutes);
            }
        }
    }

    /**
     * @param config the configuration (the model's)
     * @param quiet  true to show no progress bar
     */
    public NmtTrainer(NmtConfig config, boolean quiet) {
        this.config = config;
        this.quiet = quiet;
    }

    /**
     * @param minutes also evaluate every this many training minutes, midway through epochs (0 = only at epoch ends)
     * @return this trainer
     */
    public NmtTrainer evalEvery(double minutes) {
        if (!(minutes >= 0)) {
            throw new UserException("--eval-minutes must be 0 or positive, got " + minutes);
        }
        this.evalMinutes = minutes;
        return this;
    }

    /**
     * @param sink receives one line per epoch (e.g. {@code System.err::println})
     * @return this trainer
     */
    public NmtTrainer onEpoch(Consumer<String> sink) {
        this.log = sink;
        return this;
    }

    /**
     * Trains. With an output directory it writes, after every epoch, {@code metrics.csv}, {@code loss.png},
     * {@code bleu.png}, {@code model.zip} and {@code checkpoint.zip}, and {@code run.json} at the end.
     *
     * @param model  the model (fresh, or loaded from a checkpoint to resume: its epoch count is continued)
     * @param split  training and test pairs (already length-filtered)
     * @param budget when to stop
     * @param outDir run directory, or {@code null} to write nothing
     * @return the result
     */
    public Result train(NmtModel model, NmtData.Split split, Budget budget, Path outDir) {
        if (split.train().isEmpty()) {
            throw new UserException("no training pairs left (check --max-length and the pair file)");
        }
        Instant start = Instant.now();
        Seeds.init(config.seed());
        var graph = model.graph();
        Translator translator = new Translator(model);
        int startEpoch = graph.getConfiguration().getEpochCount();
        MetricsCsv metrics = null;
        List<double[]> lossPoints = new ArrayList<>();
        if (outDir != null) {
            metrics = startEpoch > 0 ? MetricsCsv.resume(outDir.resolve("metrics.csv"), startEpoch, COLUMNS)
                    : MetricsCsv.create(outDir.resolve("metrics.csv"), COLUMNS);
        }
        List<EpochMetrics> rows = new ArrayList<>();
        long budgetNanos = (long) (budget.minutes() * 60e9);
        long trainNanos = 0;
        long cpuNanos = 0;
        long tokensTotal = 0;
        long iteration = 0;
        boolean outOfTime = false;
        int bs = config.batchSize();
        long evalNanos = (long) (evalMinutes * 60e9);
        long nextEval = evalNanos > 0 ? evalNanos : Long.MAX_VALUE;
        for (int epoch = startEpoch; !outOfTime && (budget.epochs() == 0 || epoch < budget.epochs()); epoch++) {
            List<SentencePair> order = NmtData.shuffled(split.train(), config.seed() + epoch);
            int batches = (order.size() + bs - 1) / bs;
            double lossSum = 0;
            long epochTokens = 0;
            long epochNanos = 0;
            long epochCpu = 0;
            int done = 0;
            try (Progress bar = Progress.start("epoch " + (epoch + 1), batches, "batches", quiet)) {
                for (int b = 0; b < batches; b++) {
                    List<SentencePair> batch = order.subList(b * bs, Math.min(order.size(), (b + 1) * bs));
                    MultiDataSet mds = NmtData.batch(batch, model.source(), model.target());
                    long tokens = NmtData.targetTokens(batch);
                    long c0 = processCpuNanos();
                    long t0 = System.nanoTime();
                    graph.fit(mds);
                    long dt = System.nanoTime() - t0;
                    long dc = processCpuNanos() - c0;
                    cpuNanos += dc;
                    epochCpu += dc;
                    double perToken = graph.score() * batch.size() / tokens;
                    trainNanos += dt;
                    epochNanos += dt;
                    lossSum += perToken * tokens;
                    epochTokens += tokens;
                    done++;
                    iteration++;
                    lossPoints.add(new double[] {trainNanos / 60e9, perToken});
                    bar.step();
                    bar.setExtra(String.format(Locale.ROOT, "loss %.3f", lossSum / epochTokens));
                    if (!Double.isFinite(perToken)) {
                        throw new IllegalStateException("training diverged: loss " + perToken + " at iteration " + iteration);
                    }
                    if (budgetNanos > 0 && trainNanos >= budgetNanos) {
                        outOfTime = true;
                        break;
                    }
                    if (trainNanos >= nextEval && b < batches - 1) {
                        nextEval += evalNanos;
                        record(rows, metrics, outDir, lossPoints, translator, model, split, epoch + (double) done / batches,
                                trainNanos, lossSum / epochTokens, epochTokens / (epochNanos / 1e9), epochTokens / (epochCpu / 1e9), false);
                    }
                }
            }
            tokensTotal += epochTokens;
            while (nextEval <= trainNanos) {
                nextEval += evalNanos;
            }
            boolean complete = done == batches;
            if (complete) {
                graph.incrementEpochCount();
            }
            record(rows, metrics, outDir, lossPoints, translator, model, split,
                    epoch + (complete ? 1.0 : (double) done / batches), trainNanos, lossSum / epochTokens,
                    epochTokens / (epochNanos / 1e9), epochTokens / (epochCpu / 1e9), complete);
        }
        double seconds = trainNanos / 1e9;
        Result result = new Result(model, rows, seconds, tokensTotal, seconds > 0 ? tokensTotal / seconds : 0,
                cpuNanos / 1e9);
        if (outDir != null) {
            Map<String, Object> finals = new LinkedHashMap<>();
            EpochMetrics last = result.last();
            finals.put("epochs", last.epoch());
            finals.put("trainSeconds", seconds);
            finals.put("trainPairs", split.train().size());
            finals.put("testPairs", split.test().size());
            finals.put("sourceVocabulary", model.source().size());
            finals.put("targetVocabulary", model.target().size());
            finals.put("targetTokensPerSecond", result.targetTokensPerS());
            finals.put("trainCpuSeconds", result.cpuSeconds());
            finals.put("targetTokensPerCpuSecond", result.cpuSeconds() > 0 ? tokensTotal / result.cpuSeconds() : 0);
            finals.put("loss", last.loss());
            finals.put("testBleuGreedy", last.testBleu());
            finals.put("testExactMatchGreedy", last.testExactMatch());
            RunInfo.write(outDir, NmtModel.WORKFLOW, config, start, Instant.now(), finals);
        }
        return result;
    }

    private void record(List<EpochMetrics> rows, MetricsCsv metrics, Path outDir, List<double[]> lossPoints,
                        Translator translator, NmtModel model, NmtData.Split split, double epochValue, long trainNanos,
                        double loss, double tokensPerS, double tokensPerCpuS, boolean epochComplete) {
        translator.sync();
        Evaluation ev = Evaluation.run(translator, split.test(), 1);
        EpochMetrics m = new EpochMetrics(epochValue, trainNanos / 60e9, loss, ev.bleu(), ev.exactMatch(), tokensPerS,
                tokensPerCpuS);
        rows.add(m);
        log.accept(String.format(Locale.ROOT,
                "epoch %.2f  train %.1f min  loss %.4f  test BLEU %.2f  exact %.1f %%  %.0f target tokens/s  %.0f per CPU s",
                m.epoch(), m.trainMinutes(), m.loss(), m.testBleu(), 100 * m.testExactMatch(), m.targetTokensPerS(),
                m.targetTokensPerCpuS()));
        if (outDir != null) {
            metrics.append(m.row());
            writeCharts(outDir, metrics, lossPoints);
            model.save(outDir.resolve(NmtModel.FILE));
            if (epochComplete) {
                ModelIO.save(model.graph(), Checkpoint.file(outDir), NmtModel.WORKFLOW, model.extras());
            }
        }
    }

    /** @return CPU time used by this process so far (all threads), nanoseconds */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    private static void writeCharts(Path outDir, MetricsCsv metrics, List<double[]> lossPoints) {
        int window = Math.max(1, lossPoints.size() / 300);
        int n = lossPoints.size() / window;
        if (n >= 1) {
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double sx = 0;
                double sy = 0;
                for (int j = i * window; j < (i + 1) * window; j++) {
                    sx += lossPoints.get(j)[1];
                    sy += lossPoints.get(j)[0];
                }
                x[i] = sy / window;
                y[i] = sx / window;
            }
            Charts.line(outDir.resolve("loss.png"), "Training loss (cross-entropy per target token)",
                    "training minutes", "loss", x, Map.of("loss (mean of " + window + " batches)", y));
        }
        if (Files.exists(metrics.file())) {
            Charts.line(outDir.resolve("bleu.png"), "Test BLEU (greedy)", "training minutes", "BLEU",
                    metrics.column("train_minutes"), Map.of("test BLEU", metrics.column("test_bleu")));
        }
    }
}
