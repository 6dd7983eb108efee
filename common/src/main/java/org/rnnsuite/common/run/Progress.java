package org.rnnsuite.common.run;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar with rate and ETA for long loops (on stderr), or nothing when the output is not a terminal or
 * the user asked for {@code --quiet}.
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
        if (quiet || System.console() == null) {
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
