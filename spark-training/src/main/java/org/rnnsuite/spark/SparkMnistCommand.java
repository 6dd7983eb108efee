package org.rnnsuite.spark;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.cli.SuiteVersion;
import org.rnnsuite.common.cli.TrainingOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.mnist.MnistCommand;
import org.rnnsuite.mnist.MnistConfig;
import org.rnnsuite.mnist.MnistData;
import org.rnnsuite.mnist.MnistNetwork;
import org.rnnsuite.mnist.MnistSource;
import org.rnnsuite.mnist.MnistTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code spark mnist}: {@code mnist train} on Spark. Every option of {@code mnist train} (inherited from it, with the
 * same defaults) plus the Spark options; writes the same run directory.
 */
@Command(name = "mnist", mixinStandardHelpOptions = true, versionProvider = SuiteVersion.class,
        description = "Train the MNIST classifier on Spark (options as for 'mnist train', plus --master, --workers, "
                + "--averaging-frequency, --training-master); writes the same run directory, so 'mnist evaluate "
                + "--model DIR' reads its model.")
public class SparkMnistCommand extends MnistCommand.Train {
    @Mixin
    SparkOptions spark = new SparkOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        MnistConfig config = config();
        SparkSettings settings = spark.settings();
        TrainingOptions training = SparkOptions.trainingOptions(spec);
        MnistNetwork.checkSize(config, MnistData.SIDE, MnistData.SIDE);
        Seeds.init(config.seed());
        Path dataDir = spec.findOption("--data-dir").getValue();
        MnistSource source = MnistSource.locate(dataDir);
        if (source.isSample()) {
            System.err.println("note: no MNIST files found: training on " + source.description());
        } else {
            System.out.println("data: " + source.description());
        }
        MnistData.Splits data = MnistData.Splits.load(source, config.limitTrain());
        try (JavaSparkContext sc = SparkContexts.start(settings, MnistTrainer.WORKFLOW);
             TrainingRun run = MnistTrainer.openRun(config, data, training.runOptions(MnistTrainer.WORKFLOW))) {
            run.onLog(line -> {
                System.out.println(line);
                System.out.flush();
            });
            if (run.isResumed()) {
                System.out.println("resuming " + run.dir() + " after epoch " + (long) run.position());
            }
            System.out.printf(Locale.ROOT, "training %s cell, %d layer(s) of %d units on %d images (%d test), %d "
                            + "epochs on Spark %s (%s, %d workers) -> %s%n", config.cell(), config.layers(),
                    config.units(), data.train().size(), data.test().size(), config.epochs(), sc.master(),
                    settings.mode().name().toLowerCase(Locale.ROOT), SparkContexts.workers(sc, settings), run.dir());
            TrainingResult<MultiLayerNetwork> result = SparkMnistTrainer.train(config, data, run, sc, settings);
            Evaluation eval = MnistTrainer.evaluate(result.model(), data.test());
            String stats = eval.stats(false, true);
            AtomicFiles.writeString(run.dir().resolve("evaluation.txt"), stats + "\n");
            MnistTrainer.confusionPng(eval, run.dir().resolve(MnistCommand.CONFUSION_PNG));
            System.out.println(stats);
            System.out.printf(Locale.ROOT, "best test accuracy %.4f at epoch %d of %d%s; model: %s%n",
                    eval.accuracy(), (long) result.card().position(), (long) result.position(),
                    result.stop() == TrainingResult.Stop.EARLY_STOPPED ? " (stopped early)" : "",
                    result.modelFile());
        }
        return 0;
    }
}
