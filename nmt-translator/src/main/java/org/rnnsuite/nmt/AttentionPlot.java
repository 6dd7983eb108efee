package org.rnnsuite.nmt;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.rnnsuite.common.AtomicFiles;

/**
 * Draws where the model looked, as the PyTorch tutorial's {@code showAttention}: a heat map of the attention
 * weights with the English tokens along the x axis and the French words produced (then {@code <eos>}) down the y
 * axis, each cell the weight in percent. (Common's {@code Charts.heatMap} draws square count matrices with one
 * label list; this one is rectangular, with two.)
 */
public final class AttentionPlot {
    private AttentionPlot() {
    }

    /**
     * @param png      the PNG to write (atomically)
     * @param attended a translation with its weights ({@link Translator#attend})
     * @return the PNG path
     */
    public static Path draw(Path png, Translator.Attended attended) {
        List<String> columns = numbered(attended.source());
        List<String> rows = numbered(attended.words());
        float[][] w = attended.weights();
        HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(480, 90 * columns.size() + 160))
                .height(Math.max(360, 50 * rows.size() + 160))
                .title("Attention: " + String.join(" ", attended.source())).xAxisTitle("English (source)")
                .yAxisTitle("French (output)").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(100);
        chart.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214),
            new Color(8, 48, 107)});
        List<Number[]> cells = new ArrayList<>();
        for (int r = 0; r < w.length; r++) {
            for (int c = 0; c < w[r].length; c++) {
                cells.add(new Number[] {c, w.length - 1 - r, Math.round(100 * w[r][c])});   // first word on top
            }
        }
        List<String> reversedRows = new ArrayList<>(rows);
        Collections.reverse(reversedRows);
        chart.addSeries("attention", columns, reversedRows, cells);
        try {
            byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            return AtomicFiles.write(png, tmp -> Files.write(tmp, bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw " + png + ": " + e.getMessage(), e);
        }
    }

    /** Tokens made unique for the chart's categories: {@code 1 i}, {@code 2 see}, ... */
    private static List<String> numbered(List<String> tokens) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            out.add((i + 1) + " " + tokens.get(i));
        }
        return out;
    }
}
