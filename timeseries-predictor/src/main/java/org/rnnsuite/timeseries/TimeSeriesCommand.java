package org.rnnsuite.timeseries;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.cli.Cli;
import org.rnnsuite.common.cli.CommonOptions;
import org.rnnsuite.common.cli.DebugOption;
import org.rnnsuite.common.cli.ModelOptions;
import org.rnnsuite.common.cli.TrainingOptions;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./rnn timeseries train|predict|generate|summary}: the command-line shell over {@link TimeSeriesTrainer},
 * {@link TimeSeriesModel} and {@link TimeSeriesPredictor}. Every training option maps one to one onto
 * {@link TimeSeriesConfig}.
 */
@Command(name = "timeseries", mixinStandardHelpOptions = true,
        description = "Shifted time-series regression with a recurrent network, and generation.",
        subcommands = {TimeSeriesCommand.Train.class, TimeSeriesCommand.Predict.class,
                TimeSeriesCommand.Generate.class, TimeSeriesCommand.Summary.class})
public final class TimeSeriesCommand implements Callable<Integer> {
    /** {@code --debug}. */
    @Mixin
    DebugOption debug = new DebugOption();

    /** Most values {@code generate} makes in one run: each re-runs the network, about a minute per million. */
    public static final int MAX_GENERATED = 1_000_000;

    /** @param args {@code train|predict|generate} and their options */
    public static void main(String[] args) {
        System.exit(Cli.execute(new TimeSeriesCommand(), args));
    }

    /** @return never: a subcommand is required */
    @Override
    public Integer call() {
        throw new UserException("missing subcommand: train, predict, generate or summary (see timeseries --help)");
    }

    /** {@code timeseries train}: trains a model and writes its run directory. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train on the tutorial's series (or a CSV column); prints 'iteration N MSE: X' and writes "
                    + "metrics.csv (mse of the training batch, validation_mse of fixed held-out windows), mse.png, "
                    + "model.zip (the report with the lowest validation MSE), checkpoint.zip (the last report), "
                    + "prediction.png/csv and evaluation.txt (of model.zip) and run.json into --out.")
    public static final class Train implements Callable<Integer> {
        private static final TimeSeriesConfig D = TimeSeriesConfig.defaults();

        @Mixin
        TrainingOptions training = new TrainingOptions();

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

        /** @return the configuration given by the options */
        public TimeSeriesConfig config() {
            return new TimeSeriesConfig(iterations, batchSize, steps, units, activation, Cell.parse(cell), layers,
                    dropout, tbptt, learningRate, Projection.parse(projection), rnnImpl, training.common.seed,
                    csv == null ? null : csv.toString(), column, horizon);
        }

        @Override
        public Integer call() {
            TimeSeriesConfig config = config();
            TimeSeriesNetwork.checkSize(config);    // before any work
            Seeds.init(config.seed());
            TimeSeriesSource source = TimeSeriesSource.of(config);
            try (TrainingRun run = TimeSeriesTrainer.openRun(config, source,
                    training.runOptions(TimeSeriesTrainer.WORKFLOW))) {
                run.onLog(System.out::println);
                training.attachUi(run);
                if (run.isResumed()) {
                    System.out.println("resuming " + run.dir() + " after iteration " + (long) run.position());
                }
                System.out.printf(Locale.ROOT, "training %s cell, %d layer(s) of %d units on %s, %d iterations -> %s%n",
                        config.cell(), config.layers(), config.units(), source.isSynthetic() ? "the synthetic series"
                                : "column '" + config.column() + "' of " + config.csv(), config.iterations(), run.dir());
                TrainingResult<MultiLayerNetwork> result = TimeSeriesTrainer.train(config, source, run);
                TimeSeriesModel model = TimeSeriesModel.of(result.model(), result.card());
                String evaluation = TimeSeriesReports.writeEvaluation(model, run.dir(), source.series(), config.horizon());
                AtomicFiles.writeString(run.dir().resolve("evaluation.txt"), evaluation + "\n");
                System.out.println(evaluation);
                System.out.printf(Locale.ROOT, "best validation MSE %.6f at iteration %d of %d%s; model: %s%n",
                        result.best("validation_mse"), (long) result.card().position(), (long) result.position(),
                        result.stop() == TrainingResult.Stop.EARLY_STOPPED ? " (stopped early)" : "",
                        result.modelFile());
            }
            return 0;
        }
    }

    /** {@code timeseries predict}: the model's prediction on the t = 12.2 instance, or forecasts of a CSV series. */
    @Command(name = "predict", mixinStandardHelpOptions = true,
            description = "Predict with a trained model: the t = 12.2 instance (synthetic model) or forecasts on the "
                    + "last 20 %% of a CSV series; writes prediction.csv and prediction.png.")
    public static final class Predict implements Callable<Integer> {
        @Mixin
        ModelOptions model = new ModelOptions();

        @Mixin
        CommonOptions common = new CommonOptions();

        @Option(names = "--csv", paramLabel = "FILE", description = "series to forecast for a CSV-trained model "
                + "(default: the one it was trained on)")
        Path csv;

        @Option(names = "--column", paramLabel = "NAME", description = "the CSV column (default: the trained one)")
        String column;

        @Option(names = "--horizon", description = "forecast horizon in steps (default: the one the model was "
                + "trained with)")
        Integer horizon;

        @Override
        public Integer call() {
            if (horizon != null && horizon < 1) {
                throw new UserException("--horizon must be at least 1, got " + horizon);
            }
            Seeds.init(common.seed);
            TimeSeriesModel m = TimeSeriesModel.load(model.model);
            m.requireSeries(csv != null || !m.isSynthetic());
            Path dir = common.outDir("timeseries-predict");
            TimeSeriesData.RealSeries series = null;
            int h = horizon != null ? horizon : m.isSynthetic() ? 1 : m.card().number(TimeSeriesModel.HORIZON).intValue();
            if (!m.isSynthetic()) {
                series = TimeSeriesData.RealSeries.load(csv != null ? csv : Path.of(m.csv()),
                        column != null ? column : m.column(), m.steps(), h);
            }
            System.out.println(TimeSeriesReports.writeEvaluation(m, dir, series, h));
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
        ModelOptions model = new ModelOptions();

        @Mixin
        CommonOptions common = new CommonOptions();

        @Option(names = "--seed-with", paramLabel = "zeros|instance", description = "start from a window of zeros, "
                + "or from the t = 12.2 instance (a CSV model: the series' last window) (default: ${DEFAULT-VALUE})")
        String seedWith = "zeros";

        @Option(names = "--steps", description = "values to generate, at most " + MAX_GENERATED
                + " (default: ${DEFAULT-VALUE})")
        int steps = 300;

        @Option(names = "--stateful", description = "a different generator: carry the recurrent state over the "
                + "whole sequence with rnnTimeStep instead of re-running the last window (default: ${DEFAULT-VALUE})")
        boolean stateful;

        @Override
        public Integer call() {
            if (steps < 1 || steps > MAX_GENERATED) {
                throw new UserException("--steps must be between 1 and " + MAX_GENERATED + ", got " + steps);
            }
            String how = seedWith.strip().toLowerCase(Locale.ROOT);
            if (!how.equals("zeros") && !how.equals("instance")) {
                throw new UserException("--seed-with must be zeros or instance, got '" + seedWith + "'");
            }
            Seeds.init(common.seed);
            TimeSeriesModel m = TimeSeriesModel.load(model.model);
            double[] seedRaw = how.equals("zeros") ? new double[m.steps()]
                    : m.isSynthetic() ? TimeSeriesData.instanceInputs(m.steps()) : m.lastWindow();
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

    /** {@code timeseries summary}: the network's layers and parameter counts, and what its card says. */
    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Print a trained model's layers, shapes and parameter counts, and its model card: the "
                    + "configuration, data, iteration and metrics it comes from.")
    public static final class Summary implements Callable<Integer> {
        @Mixin
        ModelOptions model = new ModelOptions();

        @Mixin
        DebugOption debug = new DebugOption();

        @Override
        public Integer call() {
            TimeSeriesModel m = TimeSeriesModel.load(model.model);
            System.out.println(m.net().summary());
            System.out.println(m.card().describe());
            return 0;
        }
    }
}
