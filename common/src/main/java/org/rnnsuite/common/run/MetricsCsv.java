package org.rnnsuite.common.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.UserException;

/**
 * A metrics file ({@code metrics.csv}): a header of column names, then one row per epoch or iteration. Rows are
 * kept in memory and the whole file is rewritten atomically after each row, so it is always complete and can be
 * opened by any tool while training runs. A resumed run reopens the file and continues it.
 */
public final class MetricsCsv {
    private final Path file;
    private final List<String> columns;
    private final List<double[]> rows = new ArrayList<>();

    private MetricsCsv(Path file, List<String> columns) {
        this.file = file;
        this.columns = List.copyOf(columns);
    }

    /**
     * Creates a new, empty metrics file (replacing any old one).
     *
     * @param file    the CSV path
     * @param columns column names, the first being the x axis (e.g. {@code epoch})
     * @return the metrics file
     */
    public static MetricsCsv create(Path file, String... columns) {
        MetricsCsv m = new MetricsCsv(file, Arrays.asList(columns));
        m.flush();
        return m;
    }

    /**
     * Opens an existing metrics file to continue it (for {@code --resume}), keeping only rows whose first column is
     * at most {@code upTo}; creates it if missing.
     *
     * @param file    the CSV path
     * @param upTo    last x value to keep (e.g. the epoch of the checkpoint)
     * @param columns the expected columns
     * @return the metrics file
     */
    public static MetricsCsv resume(Path file, double upTo, String... columns) {
        MetricsCsv m = new MetricsCsv(file, Arrays.asList(columns));
        if (Files.exists(file)) {
            for (double[] row : readRows(file)) {
                // positions are written to 6 significant digits: a fractional checkpoint's own row may read larger
                if (row.length == columns.length && row[0] <= upTo + 1e-5 * Math.max(1, Math.abs(upTo))) {
                    m.rows.add(row);
                }
            }
        }
        m.flush();
        return m;
    }

    /** @param values one value per column, in order */
    public void append(double... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " values " + columns + ", got " + values.length);
        }
        rows.add(values.clone());
        flush();
    }

    /** @return the path of the CSV file */
    public Path file() {
        return file;
    }

    /**
     * @param column a column name
     * @return its values, one per row
     */
    public double[] column(String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + column + " in " + columns);
        }
        return rows.stream().mapToDouble(r -> r[i]).toArray();
    }

    /**
     * @param i a row index
     * @return that row, column name → value
     */
    public Map<String, Double> row(int i) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int c = 0; c < columns.size(); c++) {
            out.put(columns.get(c), rows.get(i)[c]);
        }
        return out;
    }

    /** @return the number of rows */
    public int size() {
        return rows.size();
    }

    private void flush() {
        StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
        for (double[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(format(row[i]));
            }
            sb.append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e")
                .replaceAll("\\.$", "");
    }

    /**
     * Reads a metrics CSV written by this class (or any numeric CSV with a header).
     *
     * @param file the CSV path
     * @return column name → values, in file order
     */
    public static Map<String, double[]> read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            if (lines.isEmpty()) {
                throw new UserException(file + " is empty: expected a CSV header");
            }
            String[] header = lines.get(0).split(",");
            List<double[]> rows = readRows(file);
            Map<String, double[]> out = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                final int col = c;
                out.put(header[c].strip(), rows.stream().mapToDouble(r -> r[col]).toArray());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<double[]> readRows(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            List<double[]> rows = new ArrayList<>();
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",");
                double[] row = new double[cells.length];
                for (int i = 0; i < cells.length; i++) {
                    try {
                        row[i] = Double.parseDouble(cells[i].strip());
                    } catch (NumberFormatException e) {
                        throw new UserException(file + ": non-numeric cell '" + cells[i] + "'");
                    }
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
