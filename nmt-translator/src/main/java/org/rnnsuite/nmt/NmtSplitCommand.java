package org.rnnsuite.nmt;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.cli.CommonOptions;
import org.rnnsuite.common.cli.SuiteVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nmt split}: the length filter and the English-disjoint split, written as tokenised TSV files. */
@Command(name = "split", mixinStandardHelpOptions = true, versionProvider = SuiteVersion.class,
        description = "Tokenise, keep pairs of at most --max-length tokens, hold out pairs whose English sentences "
                + "never occur in the rest; write OUT/train.tsv and OUT/test.tsv.")
public class NmtSplitCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common = new CommonOptions();
    @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "pairs english<TAB>french[<TAB>...]")
    Path pairs;
    @Option(names = "--max-length", paramLabel = "N", defaultValue = "10",
            description = "longest sentence in tokens, both sides (default: ${DEFAULT-VALUE})")
    int maxLength;
    @Option(names = "--test-count", paramLabel = "N", defaultValue = "2000",
            description = "held-out pairs (default: ${DEFAULT-VALUE})")
    int testCount;

    @Override
    public Integer call() {
        if (maxLength <= 0 || testCount <= 0) {
            throw new UserException("--max-length and --test-count must be positive, got " + maxLength + " and "
                    + testCount);
        }
        Path dir = common.outDir("nmt-split");
        System.out.println(NmtData.writeSplit(pairs, maxLength, testCount, common.seed, dir));
        return 0;
    }
}
