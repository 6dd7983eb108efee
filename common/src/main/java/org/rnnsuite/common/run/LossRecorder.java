package org.rnnsuite.common.run;

import java.util.Locale;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * A training listener that records the loss of every iteration, keeps a running mean that the trainer reads and
 * resets once per epoch, and advances a {@link Progress} bar showing the current loss.
 */
public final class LossRecorder extends BaseTrainingListener {
    private Progress progress;
    private double lastLoss = Double.NaN;
    private double sum;
    private long count;

    /** @param progress the bar to advance once per iteration (may be replaced with {@link #attach}) */
    public LossRecorder(Progress progress) {
        this.progress = progress;
    }

    /** A recorder without a progress bar. */
    public LossRecorder() {
        this(null);
    }

    /** @param progress the bar to advance from now on */
    public void attach(Progress progress) {
        this.progress = progress;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        lastLoss = model.score();
        sum += lastLoss;
        count++;
        if (progress != null) {
            progress.step();
            progress.setExtra(String.format(Locale.ROOT, "loss %.4f", lastLoss));
        }
    }

    /** @return the loss of the last iteration */
    public double lastLoss() {
        return lastLoss;
    }

    /** @return the mean loss since the last {@link #reset()} (NaN if none) */
    public double meanLoss() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** @return iterations since the last {@link #reset()} */
    public long count() {
        return count;
    }

    /** Starts a new mean (e.g. at the start of an epoch). */
    public void reset() {
        sum = 0;
        count = 0;
    }
}
