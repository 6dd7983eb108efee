package org.rnnsuite.timeseries;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.UserException;

/**
 * A trained network with what inference needs besides the weights: the window length, and for a model trained on
 * a real series its normalisation and its last window (to generate the series' continuation). Saved as one
 * model zip with an extra entry {@value #INFO_ENTRY}.
 *
 * @param net        the network
 * @param steps      window length the network was trained on
 * @param source     {@code synthetic} or {@code <csv>#<column>}
 * @param normaliser the normalisation of a real series ({@code mean 0, std 1} for the synthetic one)
 * @param lastWindow the last {@code steps} raw values of a real series (empty for the synthetic one)
 */
public record TimeSeriesModel(MultiLayerNetwork net, int steps, String source, TimeSeriesData.Normaliser normaliser,
                              double[] lastWindow) {
    /** Zip entry holding the model's metadata (Java properties). */
    public static final String INFO_ENTRY = "timeseries-model.properties";
    /** Source name of the synthetic series. */
    public static final String SYNTHETIC = "synthetic";

    /** @return true if the model was trained on the tutorial's synthetic series */
    public boolean isSynthetic() {
        return SYNTHETIC.equals(source);
    }

    /**
     * @param net    a network trained on the synthetic series
     * @param steps  its window length
     * @return the model
     */
    public static TimeSeriesModel synthetic(MultiLayerNetwork net, int steps) {
        return new TimeSeriesModel(net, steps, SYNTHETIC, new TimeSeriesData.Normaliser(0, 1), new double[0]);
    }

    /**
     * @param net    a network trained on a real series
     * @param steps  its window length
     * @param csv    the CSV file
     * @param column the column
     * @param series the series
     * @return the model
     */
    public static TimeSeriesModel real(MultiLayerNetwork net, int steps, String csv, String column,
                                       TimeSeriesData.RealSeries series) {
        double[] raw = series.raw();
        return new TimeSeriesModel(net, steps, csv + "#" + column, series.normaliser(),
                Arrays.copyOfRange(raw, raw.length - steps, raw.length));
    }

    /**
     * Saves the model atomically.
     *
     * @param file the model zip
     * @return the file
     */
    public Path save(Path file) {
        Properties p = new Properties();
        p.setProperty("steps", Integer.toString(steps));
        p.setProperty("source", source);
        p.setProperty("mean", Double.toString(normaliser.mean()));
        p.setProperty("std", Double.toString(normaliser.std()));
        p.setProperty("lastWindow", Arrays.stream(lastWindow).mapToObj(d -> String.format(Locale.ROOT, "%s", d))
                .collect(Collectors.joining(",")));
        StringWriter w = new StringWriter();
        try {
            p.store(w, "timeseries-predictor model metadata");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ModelIO.save(net, file, TimeSeriesTrainer.WORKFLOW,
                Map.of(INFO_ENTRY, w.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param file a model zip written by {@link #save}
     * @return the model
     * @throws UserException if the file is missing, not a time-series model, or lacks its metadata
     */
    public static TimeSeriesModel load(Path file) {
        MultiLayerNetwork net = ModelIO.loadNetwork(file, TimeSeriesTrainer.WORKFLOW);
        byte[] info = ModelIO.readExtra(file, INFO_ENTRY)
                .orElseThrow(() -> new UserException(file + " has no " + INFO_ENTRY
                        + ": not a model saved by 'timeseries train' (a checkpoint?)"));
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(info, StandardCharsets.UTF_8)));
            String lw = p.getProperty("lastWindow", "").strip();
            double[] last = lw.isEmpty() ? new double[0]
                    : Arrays.stream(lw.split(",")).mapToDouble(Double::parseDouble).toArray();
            return new TimeSeriesModel(net, Integer.parseInt(p.getProperty("steps")), p.getProperty("source"),
                    new TimeSeriesData.Normaliser(Double.parseDouble(p.getProperty("mean")),
                            Double.parseDouble(p.getProperty("std"))), last);
        } catch (IOException | RuntimeException e) {
            throw new UserException(file + ": unreadable " + INFO_ENTRY + " (" + e.getMessage() + ")", e);
        }
    }
}
