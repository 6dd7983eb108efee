package org.rnnsuite.nmt;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.cli.Cli;
import org.rnnsuite.common.cli.DebugOption;
import org.rnnsuite.common.cli.SuiteVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The translator's command line ({@code ./rnn nmt ...}): {@code split} writes a length-filtered train/test split,
 * {@code train} trains, {@code translate} translates sentences, a file or stdin (interactively at a terminal),
 * {@code evaluate} scores a model on held-out pairs, {@code summary} describes a model.
 */
@Command(name = "nmt", mixinStandardHelpOptions = true, versionProvider = SuiteVersion.class,
        description = "English to French translation with a reversed-input encoder-decoder (DL4J).",
        subcommands = {NmtSplitCommand.class, NmtTrainCommand.class, NmtTranslateCommand.class,
            NmtEvaluateCommand.class, NmtSummaryCommand.class})
public class NmtCommand implements Callable<Integer> {
    /** {@code --debug}. */
    @Mixin
    DebugOption debug = new DebugOption();

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(Cli.execute(new NmtCommand(), args));
    }

    /** Without a subcommand: fails with one line naming the subcommands. */
    @Override
    public Integer call() {
        throw new UserException("missing subcommand: split, train, translate, evaluate or summary (see nmt --help)");
    }

    /**
     * @param position a (possibly fractional) epoch
     * @return it as a whole number when whole, else with two decimals
     */
    static String epoch(double position) {
        return position == Math.rint(position) ? Long.toString((long) position)
                : String.format(Locale.ROOT, "%.2f", position);
    }

    /**
     * @param modelDir a run directory or model zip
     * @param beam     beam width (at least 1)
     * @param seed     the seed
     * @return a translator of the model
     * @throws UserException for a beam width below 1 or a bad model file
     */
    static Translator translator(Path modelDir, int beam, long seed) {
        if (beam < 1) {
            throw new UserException("--beam must be at least 1, got " + beam);
        }
        Seeds.init(seed);
        return new Translator(NmtModel.load(NmtModel.resolve(modelDir)));
    }
}
