package org.rnnsuite.timeseries;

import java.awt.Color;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.run.Charts;

/**
 * Writes the workflow's value files (CSV) and figures (PNG), each atomically: the prediction on the
 * t = 12.2 instance (the book's figure), the forecasts of a real series, and a generated sequence.
 */
public final class TimeSeriesReports {
    private TimeSeriesReports() {
    }

    /**
     * The prediction on the tutorial's instance: a CSV {@code t_input,input,t_target,target,prediction} and the
     * book's figure (the instance, the target, the prediction).
     *
     * @param dir        output directory
     * @param prediction the network's output on the instance
     * @param steps      the instance's length
     * @return the MSE of the prediction against the target
     */
    public static double writeInstancePrediction(Path dir, double[] prediction, int steps) {
        double[] t = TimeSeriesData.instanceTimes(steps);
        double[] y = TimeSeriesData.timeSeries(t);
        double[] tIn = java.util.Arrays.copyOfRange(t, 0, steps);
        double[] tOut = java.util.Arrays.copyOfRange(t, 1, steps + 1);
        double[] in = java.util.Arrays.copyOfRange(y, 0, steps);
        double[] target = java.util.Arrays.copyOfRange(y, 1, steps + 1);
        StringBuilder csv = new StringBuilder("t_input,input,t_target,target,prediction\n");
        for (int i = 0; i < steps; i++) {
            csv.append(fmt(tIn[i])).append(',').append(fmt(in[i])).append(',').append(fmt(tOut[i])).append(',')
                    .append(fmt(target[i])).append(',').append(fmt(prediction[i])).append('\n');
        }
        AtomicFiles.writeString(dir.resolve("prediction.csv"), csv.toString());
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Testing the model (instance at t = 12.2)").xAxisTitle("Time").yAxisTitle("Value").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("0.0");
        chart.getStyler().setMarkerSize(14);
        XYSeries s1 = chart.addSeries("instance", tIn, in);
        s1.setMarker(SeriesMarkers.CIRCLE);
        s1.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s1.setLineColor(new Color(0x1f, 0x4e, 0xd8, 110));
        s1.setMarkerColor(new Color(0x1f, 0x4e, 0xd8, 110));
        XYSeries s2 = chart.addSeries("target", tOut, target);
        s2.setMarker(SeriesMarkers.DIAMOND);
        s2.setMarkerColor(new Color(0x22, 0x22, 0x22));
        XYSeries s3 = chart.addSeries("prediction", tOut, prediction);
        s3.setMarker(SeriesMarkers.CIRCLE);
        s3.setMarkerColor(Color.RED);
        Charts.save(chart, dir.resolve("prediction.png"));
        return TimeSeriesPredictor.mse(prediction, target);
    }

    /**
     * Evaluates a model as {@code train} (on its best model) and {@code predict} do, writing
     * {@code prediction.csv} and {@code prediction.png} into {@code dir}: the prediction on the t = 12.2 instance
     * for a synthetic model, else the forecasts of the last 20 % of {@code series}, {@code horizon} steps ahead.
     *
     * @param m       the model
     * @param dir     output directory
     * @param series  the CSV series to forecast, or {@code null} for a synthetic model
     * @param horizon steps ahead (ignored for a synthetic model)
     * @return the line to print
     */
    public static String writeEvaluation(TimeSeriesModel m, Path dir, TimeSeriesData.RealSeries series, int horizon) {
        if (series == null) {
            double[] pred = TimeSeriesPredictor.predict(m.net(), TimeSeriesData.instanceInputs(m.steps()));
            double mse = writeInstancePrediction(dir, pred, m.steps());
            return String.format(Locale.ROOT, "instance t=12.2 MSE: %.6f", mse);
        }
        TimeSeriesPredictor.Forecast f = TimeSeriesPredictor.forecast(m.net(), series.raw(), m.normaliser(),
                series.trainEnd(), m.steps(), horizon);
        writeForecast(dir, series.raw(), f, horizon, m.column());
        return String.format(Locale.ROOT, "forecast %d step(s) ahead on the last 20 %% (%d values): MSE %.6g, "
                + "naive last-value MSE %.6g, ratio %.3f", horizon, f.index().length, f.mse(), f.naiveMse(), f.ratio());
    }

    /**
     * The forecasts of a real series' test part: a CSV {@code index,actual,forecast,naive} and a figure of the
     * whole series with the forecasts.
     *
     * @param dir      output directory
     * @param raw      the whole series
     * @param forecast the forecasts
     * @param horizon  steps ahead
     * @param name     the series' name
     */
    public static void writeForecast(Path dir, double[] raw, TimeSeriesPredictor.Forecast forecast, int horizon,
                                     String name) {
        StringBuilder csv = new StringBuilder("index,actual,forecast,naive\n");
        for (int i = 0; i < forecast.index().length; i++) {
            csv.append(forecast.index()[i]).append(',').append(fmt(forecast.actual()[i])).append(',')
                    .append(fmt(forecast.predicted()[i])).append(',').append(fmt(forecast.naive()[i])).append('\n');
        }
        AtomicFiles.writeString(dir.resolve("prediction.csv"), csv.toString());
        double[] all = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            all[i] = i;
        }
        double[] idx = java.util.Arrays.stream(forecast.index()).asDoubleStream().toArray();
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put(name, new double[][]{all, raw});
        series.put("model, " + horizon + " step(s) ahead", new double[][]{idx, forecast.predicted()});
        series.put("naive (last value)", new double[][]{idx, forecast.naive()});
        Charts.lines(dir.resolve("prediction.png"), String.format(Locale.ROOT,
                "Forecasts on the last 20 %%: MSE %.4g vs naive %.4g", forecast.mse(), forecast.naiveMse()),
                "index", name, series);
    }

    /**
     * A generated sequence: a CSV {@code index,value,generated} (0 for seed values, 1 for generated ones) and a
     * figure of the seed and the generated values.
     *
     * @param dir      output directory
     * @param sequence the seed followed by the generated values
     * @param seedLen  number of seed values
     * @param title    the figure's title
     */
    public static void writeGeneration(Path dir, double[] sequence, int seedLen, String title) {
        StringBuilder csv = new StringBuilder("index,value,generated\n");
        for (int i = 0; i < sequence.length; i++) {
            csv.append(i).append(',').append(fmt(sequence[i])).append(',').append(i < seedLen ? 0 : 1).append('\n');
        }
        AtomicFiles.writeString(dir.resolve("generated.csv"), csv.toString());
        double[] xs = new double[seedLen];
        double[] xg = new double[sequence.length - seedLen];
        for (int i = 0; i < sequence.length; i++) {
            if (i < seedLen) {
                xs[i] = i;
            } else {
                xg[i - seedLen] = i;
            }
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("seed", new double[][]{xs, java.util.Arrays.copyOf(sequence, seedLen)});
        series.put("generated", new double[][]{xg, java.util.Arrays.copyOfRange(sequence, seedLen, sequence.length)});
        Charts.lines(dir.resolve("generated.png"), title, "Time step", "Value", series);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.7g", v);
    }
}
