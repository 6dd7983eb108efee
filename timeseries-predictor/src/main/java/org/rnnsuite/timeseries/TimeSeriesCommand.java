package org.rnnsuite.timeseries;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.run.Charts;
import org.rnnsuite.common.cli.Cli;
import org.rnnsuite.common.cli.CommonOptions;
import org.rnnsuite.common.run.RunInfo;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./rnn timeseries train|predict|generate}: the command-line shell over {@link TimeSeriesTrainer} and
 * {@link TimeSeriesPredictor}. Every option maps one to one onto {@link TimeSeriesConfig}.
 */
@Command(name = "timeseries", mixinStandardHelpOptions = true,
        description = "Shifted time-series regression with a recurrent network, and generation.",
        subcommands = {TimeSeriesCommand.Train.class, TimeSeriesCommand.Predict.class,
                TimeSeriesCommand.Generate.class})
public final class TimeSeriesCommand implements Callable<Integer> {

    /** @param args {@code train|predict|generate} and their options */
    public static void main(String[] args) {
        System.exit(Cli.execute(new TimeSeriesCommand(), args));
    }

    /** @return never: a subcommand is required */
    @Override
    public Integer call() {
        throw new UserException("missing subcommand: train, predict or generate (see timeseries --help)");
    }

    /** {@code timeseries train}: trains a model and writes metrics, curves, predictions, the model and run.json. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train on the tutorial's series (or a CSV column); writes metrics.csv, mse.png, "
                    + "prediction.png/csv, model.zip, run.json.")
    public static final class Train implements Callable<Integer> {
        private static final TimeSeriesConfig D = TimeSeriesConfig.defaults();
        /** Windows of the fixed held-out set, a steadier figure than one training batch. */
        static final int HELD_OUT_WINDOWS = 1000;
        /** Seed of the held-out set (independent of {@code --seed}). */
        static final long HELD_OUT_SEED = 20_240_101L;

        @Mixin
        CommonOptions common = new CommonOptions();

        @Option(names = "--iterations", description = "training iterations, one mini-batch each (default: ${DEFAULT-VALUE})")
        int iterations = D.iterations();

        @Option(names = "--batch-size", description = "windows per mini-batch (default: ${DEFAULT-VALUE})")
        int batchSize = D.batchSize();

        @Option(names = "--steps", description = "time steps per window (default: ${DEFAULT-VALUE})")
        int steps = D.steps();

        @Option(names = "--units", description = "recurrent units per layer (default: ${DEFAULT-VALUE})")
        int units = D.units();

        @Option(names = "--activation", description = "recurrent activation: relu or tanh (default: ${DEFAULT-VALUE})")
        String activation = D.activation();

        @Option(names = "--cell", description = "recurrent cell: basic, lstm, peephole or gru (default: ${DEFAULT-VALUE})")
        String cell = D.cell().toString();

        @Option(names = "--layers", description = "stacked recurrent layers (default: ${DEFAULT-VALUE})")
        int layers = D.layers();

        @Option(names = "--dropout", description = "drop probability between recurrent layers, training only "
                + "(default: ${DEFAULT-VALUE})")
        double dropout = D.dropout();

        @Option(names = "--tbptt", description = "truncated BPTT length in steps, 0 = full BPTT (default: ${DEFAULT-VALUE})")
        int tbptt = D.tbptt();

        @Option(names = "--learning-rate", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
        double learningRate = D.learningRate();

        @Option(names = "--projection", description = "output projection: stacked (RnnOutputLayer) or wrapper "
                + "(TimeDistributed dense + RnnLossLayer) (default: ${DEFAULT-VALUE})")
        String projection = D.projection().toString();

        @Option(names = "--rnn-impl", description = "basic-cell implementation: fused (DL4J SimpleRnn with a faster "
                + "training step, same parameters and outputs) or dl4j (SimpleRnn itself) (default: ${DEFAULT-VALUE})")
        String rnnImpl = D.rnnImpl();

        @Option(names = "--csv", paramLabel = "FILE", description = "train on a column of this CSV instead of the "
                + "tutorial's series (default: none)")
        Path csv;

        @Option(names = "--column", paramLabel = "NAME", description = "the CSV column holding the series (default: none)")
        String column;

        @Option(names = "--horizon", description = "forecast horizon in steps on the last 20 %% of a CSV series "
                + "(default: ${DEFAULT-VALUE})")
        int horizon = D.horizon();

        @Option(names = "--resume", description = "continue the run in --out from its checkpoint (default: ${DEFAULT-VALUE})")
        boolean resume;

        /** @return the configuration given by the options */
        public TimeSeriesConfig config() {
            return new TimeSeriesConfig(iterations, batchSize, steps, units, activation, Cell.parse(cell), layers,
                    dropout, tbptt, learningRate, Projection.parse(projection), rnnImpl, common.seed,
                    csv == null ? null : csv.toString(), column, horizon);
        }

        @Override
        public Integer call() {
            TimeSeriesConfig config = config();
            if (resume && common.out == null) {
                throw new UserException("--resume needs --out DIR: the run directory to continue");
            }
            Path dir = common.outDir(TimeSeriesTrainer.WORKFLOW);
            Instant start = Instant.now();
            TimeSeriesTrainer.Result r = new TimeSeriesTrainer(config).train(dir, resume, System.out::println,
                    common.quiet);
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("iterations", config.iterations());
            metrics.put("resumedFrom", r.startedAt());
            metrics.put("finalBatchMse", r.finalMse());
            metrics.put("trainSeconds", r.seconds().length == 0 ? 0 : r.seconds()[r.seconds().length - 1]);
            TimeSeriesModel model;
            if (config.isCsv()) {
                TimeSeriesData.RealSeries s = r.series();
                model = TimeSeriesModel.real(r.net(), config.steps(), config.csv(), config.column(), s);
                TimeSeriesPredictor.Forecast f = TimeSeriesPredictor.forecast(r.net(), s.raw(), s.normaliser(),
                        s.trainEnd(), config.steps(), config.horizon());
                TimeSeriesReports.writeForecast(dir, s.raw(), f, config.horizon(), config.column());
                System.out.println(forecastLine(f, config.horizon()));
                metrics.put("forecastMse", f.mse());
                metrics.put("naiveMse", f.naiveMse());
                metrics.put("forecastCount", f.index().length);
            } else {
                model = TimeSeriesModel.synthetic(r.net(), config.steps());
                double[] pred = TimeSeriesPredictor.predict(r.net(),
                        TimeSeriesData.timeSeries(java.util.Arrays.copyOf(TimeSeriesData.instanceTimes(config.steps()),
                                config.steps())));
                double mse = TimeSeriesReports.writeInstancePrediction(dir, pred, config.steps());
                System.out.printf(Locale.ROOT, "instance t=12.2 MSE: %.6f%n", mse);
                metrics.put("instanceMse", mse);
                org.nd4j.linalg.dataset.DataSet heldOut = TimeSeriesData.nextBatch(
                        new java.util.Random(HELD_OUT_SEED), HELD_OUT_WINDOWS, config.steps());
                double heldOutMse = TimeSeriesPredictor.mse(r.net(), heldOut.getFeatures(), heldOut.getLabels());
                System.out.printf(Locale.ROOT, "held-out MSE (%d fresh windows): %.6f%n", HELD_OUT_WINDOWS, heldOutMse);
                metrics.put("heldOutMse", heldOutMse);
            }
            model.save(dir.resolve("model.zip"));
            if (Files.exists(dir.resolve(TimeSeriesTrainer.METRICS_FILE))) {
                Charts.fromCsv(dir.resolve(TimeSeriesTrainer.METRICS_FILE), dir.resolve("mse.png"),
                        "Training-batch MSE", "MSE", List.of("mse"));
            }
            RunInfo.write(dir, TimeSeriesTrainer.WORKFLOW, config, start, Instant.now(), metrics);
            System.out.println("wrote " + dir);
            return 0;
        }
    }

    /** {@code timeseries predict}: the model's prediction on the t = 12.2 instance, or forecasts of a CSV series. */
    @Command(name = "predict", mixinStandardHelpOptions = true,
            description = "Predict with a trained model: the t = 12.2 instance (synthetic model) or forecasts on the "
                    + "last 20 %% of a CSV series; writes prediction.csv and prediction.png.")
    public static final class Predict implements Callable<Integer> {
        @Mixin
        CommonOptions common = new CommonOptions();

        @Option(names = "--model", paramLabel = "FILE", required = true, description = "a model.zip written by train")
        Path model;

        @Option(names = "--csv", paramLabel = "FILE", description = "series to forecast for a CSV-trained model "
                + "(default: the one it was trained on)")
        Path csv;

        @Option(names = "--column", paramLabel = "NAME", description = "the CSV column (default: the trained one)")
        String column;

        @Option(names = "--horizon", description = "forecast horizon in steps (default: ${DEFAULT-VALUE})")
        int horizon = 1;

        @Override
        public Integer call() {
            if (horizon < 1) {
                throw new UserException("--horizon must be at least 1, got " + horizon);
            }
            Seeds.init(common.seed);
            TimeSeriesModel m = TimeSeriesModel.load(model);
            Path dir = common.outDir("timeseries-predict");
            if (m.isSynthetic() && csv == null) {
                double[] pred = TimeSeriesPredictor.predict(m.net(), TimeSeriesData.timeSeries(
                        java.util.Arrays.copyOf(TimeSeriesData.instanceTimes(m.steps()), m.steps())));
                double mse = TimeSeriesReports.writeInstancePrediction(dir, pred, m.steps());
                System.out.printf(Locale.ROOT, "instance t=12.2 MSE: %.6f%n", mse);
            } else {
                String[] src = m.source().split("#", 2);
                Path file = csv != null ? csv : Path.of(src[0]);
                String col = column != null ? column : (src.length == 2 ? src[1] : null);
                if (col == null) {
                    throw new UserException("--csv needs --column NAME for a model trained on the synthetic series");
                }
                TimeSeriesData.RealSeries s = TimeSeriesData.RealSeries.load(file, col, m.steps(), horizon);
                TimeSeriesPredictor.Forecast f = TimeSeriesPredictor.forecast(m.net(), s.raw(), m.normaliser(),
                        s.trainEnd(), m.steps(), horizon);
                TimeSeriesReports.writeForecast(dir, s.raw(), f, horizon, col);
                System.out.println(forecastLine(f, horizon));
            }
            System.out.println("wrote " + dir.resolve("prediction.csv") + " and prediction.png");
            return 0;
        }
    }

    /** {@code timeseries generate}: the tutorial's creative loop. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Generate a sequence: feed the last window, append the prediction at its last step, "
                    + "repeat; writes generated.csv and generated.png.")
    public static final class Generate implements Callable<Integer> {
        @Mixin
        CommonOptions common = new CommonOptions();

        @Option(names = "--model", paramLabel = "FILE", required = true, description = "a model.zip written by train")
        Path model;

        @Option(names = "--seed-with", paramLabel = "zeros|instance", description = "start from a window of zeros, "
                + "or from the t = 12.2 instance (a CSV model: the series' last window) (default: ${DEFAULT-VALUE})")
        String seedWith = "zeros";

        @Option(names = "--steps", description = "values to generate (default: ${DEFAULT-VALUE})")
        int steps = 300;

        @Option(names = "--stateful", description = "a different generator: carry the recurrent state over the "
                + "whole sequence with rnnTimeStep instead of re-running the last window (default: ${DEFAULT-VALUE})")
        boolean stateful;

        @Override
        public Integer call() {
            if (steps < 1) {
                throw new UserException("--steps must be at least 1, got " + steps);
            }
            String how = seedWith.strip().toLowerCase(Locale.ROOT);
            if (!how.equals("zeros") && !how.equals("instance")) {
                throw new UserException("--seed-with must be zeros or instance, got '" + seedWith + "'");
            }
            Seeds.init(common.seed);
            TimeSeriesModel m = TimeSeriesModel.load(model);
            double[] seedRaw;
            if (how.equals("zeros")) {
                seedRaw = new double[m.steps()];
            } else if (m.isSynthetic()) {
                seedRaw = TimeSeriesData.timeSeries(java.util.Arrays.copyOf(TimeSeriesData.instanceTimes(m.steps()),
                        m.steps()));
            } else {
                seedRaw = m.lastWindow();
            }
            double[] seed = m.normaliser().apply(seedRaw);
            double[] seq = stateful ? TimeSeriesPredictor.generateStateful(m.net(), seed, steps)
                    : TimeSeriesPredictor.generate(m.net(), seed, steps);
            double[] raw = m.normaliser().invert(seq);
            System.arraycopy(seedRaw, 0, raw, 0, seedRaw.length);
            Path dir = common.outDir("timeseries-generate");
            TimeSeriesReports.writeGeneration(dir, raw, seed.length, "Creative RNN: seed " + how
                    + (stateful ? ", stateful rnnTimeStep" : ", last " + m.steps() + " values re-run each step"));
            System.out.println("generated " + steps + " values; wrote " + dir.resolve("generated.csv")
                    + " and generated.png");
            return 0;
        }
    }

    private static String forecastLine(TimeSeriesPredictor.Forecast f, int horizon) {
        return String.format(Locale.ROOT, "forecast %d step(s) ahead on the last 20 %% (%d values): MSE %.6g, "
                        + "naive last-value MSE %.6g, ratio %.3f", horizon, f.index().length, f.mse(), f.naiveMse(),
                f.ratio());
    }
}
