package org.rnnsuite.timeseries;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.run.ModelCard;
import org.rnnsuite.common.run.ModelIO;

/**
 * A trained network with what inference needs besides the weights, read from its {@link ModelCard}'s
 * {@code info}: the window length, and for a model trained on a CSV series its column, normalisation and last
 * window (to generate the series' continuation).
 *
 * @param net        the network
 * @param card       its card
 * @param steps      window length the network was trained on
 * @param column     the CSV column it was trained on, or {@code null} for the synthetic series
 * @param csv        the CSV file it was trained on (as given to {@code --csv}), or {@code null}
 * @param normaliser the normalisation of a CSV series ({@code mean 0, std 1} for the synthetic one)
 * @param lastWindow the last {@code steps} raw values of a CSV series (empty for the synthetic one)
 */
public record TimeSeriesModel(MultiLayerNetwork net, ModelCard card, int steps, String column, String csv,
                              TimeSeriesData.Normaliser normaliser, double[] lastWindow) {
    /** Card {@code info} key: the window length. */
    public static final String STEPS = "steps";
    /** Card {@code info} key: {@value #SYNTHETIC} or {@value #CSV}. */
    public static final String SOURCE = "source";
    /** {@link #SOURCE} value of a model trained on the tutorial's series. */
    public static final String SYNTHETIC = "synthetic";
    /** {@link #SOURCE} value of a model trained on a CSV column. */
    public static final String CSV = "csv";
    /** Card {@code info} key: the CSV file as given to {@code --csv}. */
    public static final String CSV_FILE = "csv_file";
    /** Card {@code info} key: the CSV column. */
    public static final String COLUMN = "column";
    /** Card {@code info} key: the mean of the CSV series' training part (its normalisation). */
    public static final String MEAN = "mean";
    /** Card {@code info} key: the standard deviation of the CSV series' training part. */
    public static final String STD = "std";
    /** Card {@code info} key: the forecast horizon the model was evaluated with. */
    public static final String HORIZON = "horizon";
    /** Card {@code info} key: the last {@code steps} raw values of the CSV series. */
    public static final String LAST_WINDOW = "last_window";

    /** @return true if the model was trained on the tutorial's synthetic series */
    public boolean isSynthetic() {
        return column == null;
    }

    /**
     * @param file a model zip written by {@code timeseries train} (its {@code model.zip} or {@code checkpoint.zip})
     * @return the model
     * @throws UserException if the file is missing, not a time-series model, or its card lacks a needed fact
     */
    public static TimeSeriesModel load(Path file) {
        ModelIO.Loaded<MultiLayerNetwork> loaded = ModelIO.load(file, TimeSeriesTrainer.WORKFLOW,
                MultiLayerNetwork.class);
        return of(loaded.model(), loaded.card());
    }

    /**
     * @param net  a trained network
     * @param card its card (e.g. {@code TrainingResult.card()})
     * @return the model
     * @throws UserException if the card lacks a needed fact
     */
    public static TimeSeriesModel of(MultiLayerNetwork net, ModelCard card) {
        int steps = card.number(STEPS).intValue();
        Object source = card.info().get(SOURCE);
        if (SYNTHETIC.equals(source)) {
            return new TimeSeriesModel(net, card, steps, null, null, new TimeSeriesData.Normaliser(0, 1),
                    new double[0]);
        }
        if (!CSV.equals(source)) {
            throw new UserException("the model card's source is '" + source + "', expected synthetic or csv");
        }
        Object last = card.info().get(LAST_WINDOW);
        if (!(last instanceof List<?> values) || values.size() != steps) {
            throw new UserException("the model card has no last window of " + steps + " values");
        }
        double[] window = values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        return new TimeSeriesModel(net, card, steps, String.valueOf(card.info().get(COLUMN)),
                String.valueOf(card.info().get(CSV_FILE)),
                new TimeSeriesData.Normaliser(card.number(MEAN).doubleValue(), card.number(STD).doubleValue()), window);
    }

    /**
     * Refuses to apply the model to a series of the other kind: the synthetic series is used raw while a CSV
     * series is normalised with its training part's mean and standard deviation, so a model of one kind reads
     * the other at the wrong scale.
     *
     * @param csvSeries true if the model is about to be applied to a CSV series, false for the synthetic one
     * @throws UserException if the model was trained on the other kind
     */
    public void requireSeries(boolean csvSeries) {
        if (csvSeries && isSynthetic()) {
            throw new UserException("this model was trained on the synthetic series, not on a CSV column: its "
                    + "inputs have another scale; train one with --csv FILE --column NAME to forecast a CSV series");
        }
        if (!csvSeries && !isSynthetic()) {
            throw new UserException("this model was trained on column '" + column + "' of " + csv + ", not on the "
                    + "synthetic series: its inputs have another scale; use a model trained without --csv");
        }
    }
}
