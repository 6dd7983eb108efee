package org.rnnsuite.spark;

import org.rnnsuite.common.UserException;
import org.rnnsuite.common.cli.TrainingOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options of every {@code spark} command, as a picocli mixin, mapped one to one onto {@link SparkSettings}. */
public class SparkOptions {
    /** Spark master URL. */
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N] (N worker threads in this JVM), spark://HOST:PORT, yarn, ... "
                    + "(default: the one spark-submit gives, else " + SparkSettings.DEFAULT_MASTER + ")")
    public String master;

    /** Partitions trained in parallel. */
    @Option(names = "--workers", paramLabel = "N", defaultValue = "0",
            description = "data partitions trained in parallel, 0 = Spark's default parallelism (N for local[N]) "
                    + "(default: ${DEFAULT-VALUE})")
    public int workers;

    /** Mini-batches between averagings. */
    @Option(names = "--averaging-frequency", paramLabel = "K",
            defaultValue = "" + SparkSettings.DEFAULT_AVERAGING_FREQUENCY,
            description = "mini-batches each worker fits between two parameter averagings (default: ${DEFAULT-VALUE})")
    public int averagingFrequency;

    /** averaging or sharing. */
    @Option(names = "--training-master", paramLabel = "MODE", defaultValue = "averaging",
            description = "averaging (DL4J's ParameterAveragingTrainingMaster) or sharing (SharedTrainingMaster, "
                    + "gradient sharing; experimental: slower, less accurate and once stalled here, see the README) "
                    + "(default: ${DEFAULT-VALUE})")
    public String mode;

    /**
     * @return the settings these options give
     * @throws UserException for an invalid value
     */
    public SparkSettings settings() {
        return new SparkSettings(master, workers, averagingFrequency, SparkSettings.Mode.parse(mode));
    }

    /**
     * The run options of a single-machine training command this command extends (its {@code @Mixin
     * TrainingOptions}), refusing the training UI, which listens on the driver's network only.
     *
     * @param spec the command's picocli spec
     * @return the command's training options
     */
    public static TrainingOptions trainingOptions(CommandSpec spec) {
        TrainingOptions t = find(spec);
        if (t == null) {
            throw new IllegalStateException(spec.name() + " has no training options");
        }
        if (t.uiPort != null || t.uiStats != null) {
            throw new UserException("--ui and --ui-stats are not available for training on Spark (the workers' "
                    + "statistics do not reach the driver's listeners); train on one machine to watch training");
        }
        return t;
    }

    private static TrainingOptions find(CommandSpec spec) {
        for (CommandSpec m : spec.mixins().values()) {
            if (m.userObject() instanceof TrainingOptions t) {
                return t;
            }
            TrainingOptions nested = find(m);
            if (nested != null) {
                return nested;
            }
        }
        return null;
    }
}
