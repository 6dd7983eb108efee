package org.rnnsuite.common.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar with rate and ETA for long loops, drawn on stderr whenever stderr is a terminal (also when stdout
 * is piped, e.g. {@code | tee log}), or nothing when stderr is not a terminal or the user asked for
 * {@code --quiet}.
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /**
     * @param task  what is being done, e.g. {@code epoch 3}
     * @param total number of units in all ({@code -1} if unknown)
     * @param unit  unit name, e.g. {@code batches} or {@code words}
     * @param quiet true to show nothing
     * @return a progress bar, silent if quiet or not on a terminal
     */
    public static Progress start(String task, long total, String unit, boolean quiet) {
        if (quiet || !stderrIsTerminal()) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .showSpeed()
                .build();
        return new Progress(bar);
    }

    /**
     * @return true if standard error goes to a terminal (on Linux read from {@code /proc/self/fd/2}; elsewhere
     *         approximated by the JVM's console, which needs stdin and stdout on a terminal)
     */
    public static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        if (Files.exists(fd2, LinkOption.NOFOLLOW_LINKS)) {
            try {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return System.console() != null;
    }

    /** @return true if nothing is shown */
    public boolean isSilent() {
        return bar == null;
    }

    /** Advances by one unit. */
    public void step() {
        stepBy(1);
    }

    /** @param n units done since the last call */
    public void stepBy(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    /** @param extra a short text shown after the bar, e.g. the current loss */
    public void setExtra(String extra) {
        if (bar != null) {
            bar.setExtraMessage(extra);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
