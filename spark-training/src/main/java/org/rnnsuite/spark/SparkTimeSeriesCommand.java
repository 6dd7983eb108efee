package org.rnnsuite.spark;

import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.cli.SuiteVersion;
import org.rnnsuite.common.cli.TrainingOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.timeseries.TimeSeriesCommand;
import org.rnnsuite.timeseries.TimeSeriesConfig;
import org.rnnsuite.timeseries.TimeSeriesModel;
import org.rnnsuite.timeseries.TimeSeriesReports;
import org.rnnsuite.timeseries.TimeSeriesSource;
import org.rnnsuite.timeseries.TimeSeriesTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code spark timeseries}: {@code timeseries train} on Spark. Every option of {@code timeseries train} (its
 * command as a mixin, with the same defaults) plus the Spark options; writes the same run directory.
 */
@Command(name = "timeseries", mixinStandardHelpOptions = true, versionProvider = SuiteVersion.class,
        description = "Train the time-series predictor on Spark (options as for 'timeseries train', plus --master, "
                + "--workers, --averaging-frequency, --training-master); writes the same run directory.")
public class SparkTimeSeriesCommand implements java.util.concurrent.Callable<Integer> {
    /** The options of {@code timeseries train} (a final class: its options come in as a mixin). */
    @Mixin
    TimeSeriesCommand.Train single = new TimeSeriesCommand.Train();

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TimeSeriesConfig config = single.config();
        SparkSettings settings = spark.settings();
        TrainingOptions training = SparkOptions.trainingOptions(spec);
        Seeds.init(config.seed());
        TimeSeriesSource source = TimeSeriesSource.of(config);
        try (JavaSparkContext sc = SparkContexts.start(settings, TimeSeriesTrainer.WORKFLOW);
             TrainingRun run = TimeSeriesTrainer.openRun(config, source,
                     training.runOptions(TimeSeriesTrainer.WORKFLOW))) {
            run.onLog(System.out::println);
            if (run.isResumed()) {
                System.out.println("resuming " + run.dir() + " after iteration " + (long) run.position());
            }
            System.out.printf(Locale.ROOT, "training %s cell, %d layer(s) of %d units on %s, %d iterations on Spark "
                            + "%s (%d workers) -> %s%n", config.cell(), config.layers(), config.units(),
                    source.isSynthetic() ? "the synthetic series" : "column '" + config.column() + "' of "
                            + config.csv(), config.iterations(), sc.master(), SparkContexts.workers(sc, settings),
                    run.dir());
            TrainingResult<MultiLayerNetwork> result = SparkTimeSeriesTrainer.train(config, source, run, sc, settings);
            TimeSeriesModel model = TimeSeriesModel.of(result.model(), result.card());
            System.out.println(TimeSeriesReports.writeEvaluation(model, run.dir(), source.series(), config.horizon()));
            System.out.printf(Locale.ROOT, "best validation MSE %.6f at iteration %d of %d%s; model: %s%n",
                    result.best("validation_mse"), (long) result.card().position(), (long) result.position(),
                    result.stop() == TrainingResult.Stop.EARLY_STOPPED ? " (stopped early)" : "",
                    result.modelFile());
        }
        return 0;
    }
}
