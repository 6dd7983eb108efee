package org.rnnsuite.timeseries;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.rnnsuite.common.run.DataFingerprint;

/**
 * What a time-series run trains on: the tutorial's synthetic series, or one column of a CSV file (normalised on
 * its first {@value TimeSeriesData#TRAIN_FRACTION} and cut into the same shifted windows). Besides the training
 * values it gives the run's fixed validation windows, its data fingerprint and the facts a model trained on it
 * needs to be used ({@link #info}).
 *
 * <p>The validation windows never touch the training batches' randomness: for the synthetic series they are
 * {@value #VALIDATION_WINDOWS} windows drawn once from their own generator (seed {@value #VALIDATION_SEED},
 * whatever {@code --seed} is); for a CSV series they are every window whose last value lies in the held-out
 * tail (the last 20 %), in series order. A CSV series has no third split: the tail that selects the best model
 * is also the one its forecasts are measured on, so those forecast figures favour the kept model somewhat.
 *
 * @param csv    the CSV file, or {@code null} for the synthetic series
 * @param column the CSV column, or {@code null}
 * @param series the loaded CSV series, or {@code null}
 */
public record TimeSeriesSource(Path csv, String column, TimeSeriesData.RealSeries series) {
    /** Windows of the synthetic series' validation set. */
    public static final int VALIDATION_WINDOWS = 1000;
    /** Seed of the synthetic series' validation set (independent of {@code --seed}). */
    public static final long VALIDATION_SEED = 20_240_101L;
    /** The description of the synthetic series in data fingerprints. */
    public static final String SYNTHETIC = "synthetic series t·sin(t)/3 + 2·sin(5t), t in [0, 30] every 0.1";

    /** @return the tutorial's synthetic series */
    public static TimeSeriesSource synthetic() {
        return new TimeSeriesSource(null, null, null);
    }

    /**
     * The data a configuration names: its CSV column, or the synthetic series.
     *
     * @param config the configuration
     * @return the source, with a CSV series loaded and checked
     * @throws org.rnnsuite.common.UserException if the CSV cannot be read or is too short
     */
    public static TimeSeriesSource of(TimeSeriesConfig config) {
        if (!config.hasCsv()) {
            return synthetic();
        }
        Path file = Path.of(config.csv());
        return new TimeSeriesSource(file, config.column(),
                TimeSeriesData.RealSeries.load(file, config.column(), config.steps(), config.horizon()));
    }

    /** @return true for the tutorial's synthetic series */
    public boolean isSynthetic() {
        return series == null;
    }

    /** @return what the run trains on, for the card and for {@code --resume} (a CSV file by name, size, hash) */
    public DataFingerprint fingerprint() {
        return isSynthetic() ? DataFingerprint.of(SYNTHETIC)
                : DataFingerprint.ofFiles("column '" + column + "' of a CSV file", List.of(csv));
    }

    /** @return the normalised training part of a CSV series, or {@code null} for the synthetic series */
    public double[] trainValues() {
        return isSynthetic() ? null : series.trainNormalised();
    }

    /**
     * @param iteration the 0-based iteration
     * @param config    the configuration (seed, batch size, steps)
     * @return that iteration's mini-batch: a function of the seed and the iteration only, so a resumed run draws
     *         the batches an uninterrupted one would have drawn
     */
    public DataSet batch(long iteration, TimeSeriesConfig config) {
        Random rng = TimeSeriesData.batchRandom(config.seed(), iteration);
        return isSynthetic() ? TimeSeriesData.nextBatch(rng, config.batchSize(), config.steps())
                : TimeSeriesData.nextWindowBatch(rng, series.trainNormalised(), config.batchSize(), config.steps());
    }

    /**
     * @param steps time steps per window
     * @return the fixed validation windows (see the class comment)
     */
    public DataSet validation(int steps) {
        if (isSynthetic()) {
            return TimeSeriesData.nextBatch(new Random(VALIDATION_SEED), VALIDATION_WINDOWS, steps);
        }
        double[] norm = series.normalised();
        List<double[]> windows = new ArrayList<>();
        for (int end = Math.max(series.trainEnd(), steps); end < norm.length; end++) {
            windows.add(Arrays.copyOfRange(norm, end - steps, end + 1));
        }
        return TimeSeriesData.shifted(windows.toArray(double[][]::new));
    }

    /**
     * The facts stored in the model card that using the model needs: the window length, the source, and for a
     * CSV series its column, normalisation, horizon and last window (to generate its continuation).
     *
     * @param config the configuration
     * @return name → value
     */
    public Map<String, Object> info(TimeSeriesConfig config) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put(TimeSeriesModel.STEPS, config.steps());
        info.put(TimeSeriesModel.SOURCE, isSynthetic() ? TimeSeriesModel.SYNTHETIC : TimeSeriesModel.CSV);
        if (!isSynthetic()) {
            double[] raw = series.raw();
            info.put(TimeSeriesModel.CSV_FILE, csv.toString());
            info.put(TimeSeriesModel.COLUMN, column);
            info.put(TimeSeriesModel.MEAN, series.normaliser().mean());
            info.put(TimeSeriesModel.STD, series.normaliser().std());
            info.put(TimeSeriesModel.HORIZON, config.horizon());
            info.put(TimeSeriesModel.LAST_WINDOW,
                    Arrays.stream(Arrays.copyOfRange(raw, raw.length - config.steps(), raw.length)).boxed().toList());
        }
        return info;
    }
}
