package org.rnnsuite.common.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What every workflow's trainer returns.
 *
 * @param model        the best network or state (by the workflow's selection metric); the one in {@code model.zip}
 * @param last         the network as training left it (the one in {@code checkpoint.zip})
 * @param card         the best model's card (its position and metrics)
 * @param lastMetrics  the metrics of the last report
 * @param position     the epoch (or iteration) training reached
 * @param seconds      training seconds over the whole run, resumed parts included
 * @param stop         why training stopped
 * @param dir          the run directory, or {@code null} for a run without files
 * @param history      every report of the run (resumed ones included): unit, metrics and seconds by column name
 * @param <M>          the network type (or a {@link Snapshot} type)
 */
public record TrainingResult<M>(M model, M last, ModelCard card, Map<String, Double> lastMetrics,
                                              double position, double seconds, Stop stop, Path dir,
                                              List<Map<String, Double>> history) {
    /** Why a run stopped. */
    public enum Stop {
        /** It reached the epochs, iterations or minutes it was given. */
        COMPLETED,
        /** The best metric did not improve for {@code --patience} reports. */
        EARLY_STOPPED
    }

    /**
     * @param name a metric of the best model
     * @return its value (NaN if not reported)
     */
    public double best(String name) {
        return card.metrics().getOrDefault(name, Double.NaN);
    }

    /**
     * @param column a column of the metrics (the unit, a metric or {@code seconds})
     * @return its values, one per report
     */
    public double[] column(String column) {
        return history.stream().mapToDouble(r -> r.getOrDefault(column, Double.NaN)).toArray();
    }

    /** @return the model file, if the run has a directory */
    public Path modelFile() {
        return dir == null ? null : dir.resolve(TrainingRun.MODEL_FILE);
    }
}
