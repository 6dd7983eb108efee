package org.rnnsuite.common.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.rnnsuite.common.Seeds;

/** The options every command shares, as a picocli mixin: {@code @Mixin CommonOptions common;}. */
public class CommonOptions {
    /** Random seed; the same seed gives the same parameters and curves. */
    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + Seeds.DEFAULT_SEED,
            description = "random seed (default: ${DEFAULT-VALUE})")
    public long seed = Seeds.DEFAULT_SEED;

    /** Output directory; {@code null} means {@code runs/<workflow>-<timestamp>}. */
    @Option(names = "--out", paramLabel = "DIR",
            description = "output directory (default: runs/<workflow>-<yyyyMMdd-HHmmss>)")
    public Path out;

    /** Suppresses progress bars. */
    @Option(names = "--quiet", description = "no progress bars (default: ${DEFAULT-VALUE}; they are drawn on stderr only when it is a terminal)")
    public boolean quiet;

    /** {@code --debug}: prints stack traces of errors. */
    @Mixin
    public DebugOption debug = new DebugOption();

    /**
     * @param workflow short workflow name, e.g. {@code mnist}
     * @return {@code --out} if given, else {@code runs/<workflow>-<yyyyMMdd-HHmmss>}
     */
    public Path outDir(String workflow) {
        if (out != null) {
            return out;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", workflow + "-" + stamp);
    }
}
