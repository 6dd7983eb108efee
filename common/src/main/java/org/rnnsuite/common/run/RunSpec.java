package org.rnnsuite.common.run;

import java.util.List;
import java.util.Set;

/**
 * What a workflow declares about its training runs: the metrics it reports, how the best model is chosen, its
 * charts, and which configuration fields may change when a run is resumed.
 *
 * @param workflow        workflow name, e.g. {@code mnist}; recorded in model cards
 * @param unit            what a report counts: {@code epoch} or {@code iteration} (the first CSV column)
 * @param columns         the metrics of each report, in CSV order after the unit ({@code seconds} is added last)
 * @param bestMetric      the column that selects the best model ({@code model.zip}) and drives early stopping, or
 *                        {@code null} for a workflow without a validation metric: {@code model.zip} is then the
 *                        last report's state
 * @param higherIsBetter  true if a larger {@code bestMetric} is better (accuracy, BLEU), false for losses and errors
 * @param charts          the PNG charts redrawn after every report
 * @param resumableFields configuration fields that may differ when resuming (e.g. {@code epochs})
 */
public record RunSpec(String workflow, String unit, List<String> columns, String bestMetric, boolean higherIsBetter,
                      List<Chart> charts, Set<String> resumableFields) {
    /**
     * A chart of some metric columns against the unit.
     *
     * @param file    PNG file name in the run directory
     * @param title   chart title
     * @param yTitle  y-axis title
     * @param columns the columns to plot
     */
    public record Chart(String file, String title, String yTitle, List<String> columns) {
        /** Copies the column list. */
        public Chart {
            columns = List.copyOf(columns);
        }
    }

    /** Checks that the best metric and the charted columns are reported. */
    public RunSpec {
        columns = List.copyOf(columns);
        charts = List.copyOf(charts);
        resumableFields = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(resumableFields));
        if (bestMetric != null && !columns.contains(bestMetric)) {
            throw new IllegalArgumentException("best metric " + bestMetric + " is not among " + columns);
        }
        for (Chart c : charts) {
            if (!columns.containsAll(c.columns())) {
                throw new IllegalArgumentException("chart " + c.file() + " plots columns not in " + columns);
            }
        }
    }

    /** @return true if the best report is chosen by a metric, false if the last report is the model */
    public boolean selects() {
        return bestMetric != null;
    }

    /** @return the CSV header: unit, columns, seconds */
    public String[] csvColumns() {
        String[] out = new String[columns.size() + 2];
        out[0] = unit;
        for (int i = 0; i < columns.size(); i++) {
            out[i + 1] = columns.get(i);
        }
        out[out.length - 1] = "seconds";
        return out;
    }
}
