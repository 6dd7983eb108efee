package org.rnnsuite.common.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.UserException;

/** PNG line charts (XChart) of metric curves and series, written atomically. */
public final class Charts {
    /** Chart width in pixels. */
    public static final int WIDTH = 900;
    /** Chart height in pixels. */
    public static final int HEIGHT = 540;

    private Charts() {
    }

    /**
     * Draws one or more curves over a shared x axis.
     *
     * @param png    the PNG file to write
     * @param title  chart title
     * @param xTitle x-axis title
     * @param yTitle y-axis title
     * @param x      x values
     * @param series curve name → y values (same length as x)
     * @return the PNG path
     */
    public static Path line(Path png, String title, String xTitle, String yTitle, double[] x,
                            Map<String, double[]> series) {
        XYChart chart = chart(title, xTitle, yTitle);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), x, e.getValue());
            s.setMarker(x.length <= 60 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        return save(chart, png);
    }

    /**
     * Draws curves that each have their own x values (e.g. an input window and the predictions after it).
     *
     * @param png    the PNG file to write
     * @param title  chart title
     * @param xTitle x-axis title
     * @param yTitle y-axis title
     * @param series curve name → {x values, y values}
     * @return the PNG path
     */
    public static Path lines(Path png, String title, String xTitle, String yTitle, Map<String, double[][]> series) {
        XYChart chart = chart(title, xTitle, yTitle);
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
            s.setMarker(e.getValue()[0].length <= 60 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        return save(chart, png);
    }

    /**
     * Plots columns of a metrics CSV against its first column.
     *
     * @param csv     a CSV with a header (as written by {@link MetricsCsv})
     * @param png     the PNG file to write
     * @param title   chart title
     * @param yTitle  y-axis title
     * @param columns the columns to plot
     * @return the PNG path
     */
    public static Path fromCsv(Path csv, Path png, String title, String yTitle, List<String> columns) {
        Map<String, double[]> data = MetricsCsv.read(csv);
        String xName = data.keySet().iterator().next();
        Map<String, double[]> series = new LinkedHashMap<>();
        for (String c : columns) {
            double[] v = data.get(c);
            if (v == null) {
                throw new UserException(csv + " has no column '" + c + "' (columns: " + data.keySet() + ")");
            }
            series.put(c, v);
        }
        return line(png, title, xName, yTitle, data.get(xName), series);
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return chart;
    }

    /**
     * Draws a heat map with its counts written in the cells, e.g. a confusion matrix.
     *
     * @param png    the PNG file to write
     * @param title  chart title
     * @param xTitle x-axis title (columns)
     * @param yTitle y-axis title (rows)
     * @param labels the label of each row and column
     * @param counts {@code counts[row][column]}
     * @return the PNG path
     */
    public static Path heatMap(Path png, String title, String xTitle, String yTitle, List<String> labels,
                               int[][] counts) {
        HeatMapChart chart = new HeatMapChartBuilder().width(720).height(640).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setRangeColors(new java.awt.Color[] {new java.awt.Color(247, 251, 255),
            new java.awt.Color(107, 174, 214), new java.awt.Color(8, 48, 107)});
        List<Number[]> cells = new java.util.ArrayList<>();
        for (int r = 0; r < counts.length; r++) {
            for (int c = 0; c < counts[r].length; c++) {
                cells.add(new Number[] {c, counts.length - 1 - r, counts[r][c]});   // first row at the top
            }
        }
        List<String> rows = new java.util.ArrayList<>(labels);
        java.util.Collections.reverse(rows);
        chart.addSeries(title, labels, rows, cells);
        try {
            byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            return AtomicFiles.write(png, tmp -> Files.write(tmp, bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + png + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes any XChart chart as a PNG, atomically (for figures styled beyond {@link #line} and {@link #lines}).
     *
     * @param chart the chart
     * @param png   the PNG file to write
     * @return the PNG path
     */
    public static Path save(XYChart chart, Path png) {
        try {
            byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            return AtomicFiles.write(png, tmp -> Files.write(tmp, bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + png + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException | ArithmeticException e) {
            // XChart's own words for a range it cannot lay out, e.g. "POSITIVE_INFINITY!!!"
            throw new UserException("cannot draw " + png + ": values out of a chart's range (infinite, NaN or near "
                    + "Double.MAX_VALUE)", e);
        }
    }
}
