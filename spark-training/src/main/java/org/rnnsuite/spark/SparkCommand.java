package org.rnnsuite.spark;

import java.util.concurrent.Callable;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.cli.Cli;
import org.rnnsuite.common.cli.DebugOption;
import org.rnnsuite.common.cli.SuiteVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The command line of distributed training ({@code ./rnn spark ...}, or the shaded jar's main class under
 * {@code spark-submit}): one subcommand per workflow.
 */
@Command(name = "spark", mixinStandardHelpOptions = true, versionProvider = SuiteVersion.class,
        description = "Train the suite's workflows on Spark (local[N] or a cluster); each writes the run directory "
                + "or vector files of its single-machine command.",
        subcommands = {SparkMnistCommand.class, SparkTimeSeriesCommand.class,
            SparkNmtCommand.class, SparkWord2VecCommand.class})
public class SparkCommand implements Callable<Integer> {
    /** {@code --debug}. */
    @Mixin
    DebugOption debug = new DebugOption();

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(Cli.execute(new SparkCommand(), args));
    }

    /** Without a subcommand: fails with the list of subcommands. */
    @Override
    public Integer call() {
        throw new UserException("missing subcommand: mnist, timeseries, nmt or word2vec (see spark --help)");
    }
}
