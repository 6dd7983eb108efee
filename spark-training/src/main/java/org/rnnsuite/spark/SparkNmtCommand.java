package org.rnnsuite.spark;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.cli.SuiteVersion;
import org.rnnsuite.common.cli.TrainingOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.nmt.Evaluation;
import org.rnnsuite.nmt.NmtConfig;
import org.rnnsuite.nmt.NmtCorpus;
import org.rnnsuite.nmt.NmtOptions;
import org.rnnsuite.nmt.NmtTrainer;
import org.rnnsuite.nmt.SentencePair;
import org.rnnsuite.nmt.NmtTrainCommand;
import org.rnnsuite.nmt.Translator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code spark nmt}: {@code nmt train} on Spark. Every option of {@code nmt train} (inherited, same
 * defaults) plus the Spark options; writes the same run directory.
 */
@Command(name = "nmt", aliases = "translate", mixinStandardHelpOptions = true, versionProvider = SuiteVersion.class,
        description = "Train the translator on Spark (options as for 'nmt train', plus --master, --workers, "
                + "--averaging-frequency, --training-master; evaluates after whole epochs); writes the same run "
                + "directory.")
public class SparkNmtCommand extends NmtTrainCommand {
    @Mixin
    SparkOptions spark = new SparkOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SparkSettings settings = spark.settings();
        TrainingOptions training = SparkOptions.trainingOptions(spec);
        NmtOptions options = spec.mixins().values().stream().map(CommandSpec::userObject)
                .filter(NmtOptions.class::isInstance).map(NmtOptions.class::cast).findFirst().orElseThrow();
        NmtConfig config = options.config(training.common.seed);
        Path srcVectors = spec.findOption("--src-vectors").getValue();
        int samples = spec.findOption("--samples").getValue();
        if (config.freezeSource() && srcVectors == null) {
            throw new UserException("--freeze needs --src-vectors FILE");
        }
        Seeds.init(config.seed());
        NmtCorpus data = NmtCorpus.load(config, spec.findOption("--pairs").getValue(),
                spec.findOption("--test-pairs").getValue(), srcVectors);
        options.checkEmbedding(data.sourceVectors());
        try (JavaSparkContext sc = SparkContexts.start(settings, NmtTrainer.WORKFLOW);
             TrainingRun run = NmtTrainer.openRun(config, data, training.runOptions(NmtTrainer.WORKFLOW))) {
            System.err.println(data.summary());
            run.onLog(System.err::println);
            TrainingResult<ComputationGraph> r = SparkNmtTrainer.train(config, data, run, sc, settings);
            List<SentencePair> test = data.split().test();
            Evaluation ev = Evaluation.run(new Translator(NmtTrainer.model(r, config, data)),
                    test.subList(0, Math.min(samples, test.size())), 1);
            System.out.printf(Locale.ROOT, "test BLEU %.2f (greedy) at epoch %d; best %.2f at epoch %d%n",
                    r.lastMetrics().getOrDefault("test_bleu", Double.NaN), (long) r.position(), r.best("test_bleu"),
                    (long) r.card().position());
            System.out.print(ev.samples(samples));
            System.out.println("model: " + r.modelFile());
        }
        return 0;
    }
}
