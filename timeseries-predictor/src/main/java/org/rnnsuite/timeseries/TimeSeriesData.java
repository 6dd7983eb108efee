package org.rnnsuite.timeseries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.Writable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rnnsuite.common.UserException;

/**
 * The data of the workflow as small static functions: the tutorial's series
 * {@code f(t) = t·sin(t)/3 + 2·sin(5t)} on {@code t ∈ [0, 30]} sampled every 0.1, its random shifted windows
 * ({@code next_batch}), the instance starting at {@code t = 12.2}, and real series read from a CSV file through
 * DataVec, normalised and cut into the same shifted windows.
 *
 * <p>Every sequence tensor uses DL4J's NCW layout {@code [batch, 1 feature, time steps]}; a window's target is
 * its input shifted one step into the future, so {@code target[t] == input[t+1]} exactly.
 */
public final class TimeSeriesData {
    /** Start of the synthetic series' time range. */
    public static final double T_MIN = 0.0;
    /** End of the synthetic series' time range. */
    public static final double T_MAX = 30.0;
    /** Sampling interval of the synthetic series. */
    public static final double RESOLUTION = 0.1;
    /** Start time of the instance the tutorial plots its prediction on. */
    public static final double INSTANCE_START = 12.2;
    /** Fraction of a real series used for training; the last {@code 1 - TRAIN_FRACTION} is for forecasts. */
    public static final double TRAIN_FRACTION = 0.8;

    private TimeSeriesData() {
    }

    // ------------------------------------------------------------------ the synthetic series

    /**
     * @param t time
     * @return {@code t·sin(t)/3 + 2·sin(5t)}
     */
    public static double timeSeries(double t) {
        return t * Math.sin(t) / 3 + 2 * Math.sin(t * 5);
    }

    /**
     * @param t times
     * @return the series at each time
     */
    public static double[] timeSeries(double[] t) {
        double[] y = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            y[i] = timeSeries(t[i]);
        }
        return y;
    }

    /**
     * The random start times of a mini-batch, as the tutorial's {@code next_batch}:
     * {@code t0 = rand(batch) · (t_max − t_min − n_steps · resolution)}, so that every window of
     * {@code n_steps + 1} samples stays inside {@code [t_min, t_max]}.
     *
     * @param rng       the random generator
     * @param batchSize number of windows (at least 1)
     * @param nSteps    time steps per window (at least 1, and {@code nSteps · resolution < t_max − t_min})
     * @return the start times
     */
    public static double[] startTimes(Random rng, int batchSize, int nSteps) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        double span = T_MAX - T_MIN - nSteps * RESOLUTION;
        if (nSteps < 1 || span <= 0) {
            throw new IllegalArgumentException("nSteps must be in [1, " + (int) ((T_MAX - T_MIN) / RESOLUTION - 1)
                    + "], got " + nSteps);
        }
        double[] t0 = new double[batchSize];
        for (int i = 0; i < batchSize; i++) {
            t0[i] = T_MIN + rng.nextDouble() * span;
        }
        return t0;
    }

    /**
     * The windows starting at given times: {@code Ts = t0 + arange(n_steps + 1) · resolution},
     * {@code ys = f(Ts)}, inputs {@code ys[:, :-1]}, targets {@code ys[:, 1:]}.
     *
     * @param t0     start time of each window
     * @param nSteps time steps per window
     * @return features and labels, each {@code [t0.length, 1, nSteps]}
     */
    public static DataSet windowsAt(double[] t0, int nSteps) {
        double[][] ys = new double[t0.length][nSteps + 1];
        for (int b = 0; b < t0.length; b++) {
            for (int k = 0; k <= nSteps; k++) {
                ys[b][k] = timeSeries(t0[b] + k * RESOLUTION);
            }
        }
        return shifted(ys);
    }

    /**
     * A random training mini-batch (the tutorial's {@code next_batch(batch_size, n_steps)}).
     *
     * @param rng       the random generator
     * @param batchSize number of windows
     * @param nSteps    time steps per window
     * @return features and labels, each {@code [batchSize, 1, nSteps]}
     */
    public static DataSet nextBatch(Random rng, int batchSize, int nSteps) {
        return windowsAt(startTimes(rng, batchSize, nSteps), nSteps);
    }

    /**
     * The generator of the mini-batch of one iteration. It depends only on the seed and the iteration, so a run
     * resumed from a checkpoint draws the same batches as one that was never interrupted.
     *
     * @param seed      the run's seed
     * @param iteration the iteration (0-based)
     * @return a generator for that iteration's batch
     */
    public static Random batchRandom(long seed, long iteration) {
        return new Random(seed * 0x9E3779B97F4A7C15L + iteration * 0xBF58476D1CE4E5B9L + 1);
    }

    /**
     * The times of the tutorial's plotted instance, exactly as it computes them:
     * {@code linspace(12.2, 12.2 + resolution·(n_steps + 1), n_steps + 1)} (note: its spacing is
     * {@code resolution·(n_steps + 1)/n_steps}, 0.105 for 20 steps, not 0.1).
     *
     * @param nSteps time steps of the instance
     * @return {@code nSteps + 1} times: inputs at {@code [0, nSteps)}, targets at {@code [1, nSteps]}
     */
    public static double[] instanceTimes(int nSteps) {
        double end = INSTANCE_START + RESOLUTION * (nSteps + 1);
        double[] t = new double[nSteps + 1];
        for (int i = 0; i <= nSteps; i++) {
            t[i] = INSTANCE_START + (end - INSTANCE_START) * i / nSteps;
        }
        return t;
    }

    /**
     * @param nSteps time steps
     * @return the inputs of the instance starting at {@code t = 12.2}: {@code f(t_instance[:-1])}
     */
    public static double[] instanceInputs(int nSteps) {
        return timeSeries(java.util.Arrays.copyOf(instanceTimes(nSteps), nSteps));
    }

    /**
     * @param nSteps time steps
     * @return the instance starting at {@code t = 12.2}: features {@code f(t_instance[:-1])}, labels
     *         {@code f(t_instance[1:])}, each {@code [1, 1, nSteps]}
     */
    public static DataSet instance(int nSteps) {
        return shifted(new double[][]{timeSeries(instanceTimes(nSteps))});
    }

    /**
     * @param values one sequence
     * @return it as a {@code [1, 1, values.length]} float tensor
     */
    public static INDArray sequence(double[] values) {
        return Nd4j.create(values, new long[]{1, 1, values.length}, 'c').castTo(DataType.FLOAT);
    }

    /**
     * The one-step shift: each row of {@code ys} has {@code n + 1} samples; inputs are the first n, targets the
     * last n.
     *
     * @param ys windows of {@code n + 1} samples
     * @return features and labels, each {@code [ys.length, 1, n]}
     */
    public static DataSet shifted(double[][] ys) {
        int b = ys.length;
        int n = ys[0].length - 1;
        float[] in = new float[b * n];
        float[] out = new float[b * n];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < n; k++) {
                in[i * n + k] = (float) ys[i][k];
                out[i * n + k] = (float) ys[i][k + 1];
            }
        }
        long[] shape = {b, 1, n};
        return new DataSet(Nd4j.create(in, shape, 'c'), Nd4j.create(out, shape, 'c'));
    }

    // ------------------------------------------------------------------ real series

    /**
     * Random shifted windows of a real (normalised) series: each start is uniform in
     * {@code [0, series.length − nSteps − 1]}.
     *
     * @param rng       the random generator
     * @param series    the series (at least {@code nSteps + 1} values)
     * @param batchSize number of windows
     * @param nSteps    time steps per window
     * @return features and labels, each {@code [batchSize, 1, nSteps]}
     */
    public static DataSet nextWindowBatch(Random rng, double[] series, int batchSize, int nSteps) {
        int starts = series.length - nSteps;
        if (starts < 1) {
            throw new UserException("the series has " + series.length + " values, fewer than one window of "
                    + (nSteps + 1) + " (--steps " + nSteps + " plus the shifted target)");
        }
        double[][] ys = new double[batchSize][];
        for (int i = 0; i < batchSize; i++) {
            int s = rng.nextInt(starts);
            ys[i] = java.util.Arrays.copyOfRange(series, s, s + nSteps + 1);
        }
        return shifted(ys);
    }

    /**
     * @param length length of a series
     * @return the number of leading values used for training ({@value #TRAIN_FRACTION} of them, rounded)
     */
    public static int trainLength(int length) {
        return (int) Math.round(length * TRAIN_FRACTION);
    }

    /**
     * @param file a file given as CSV
     * @throws UserException if its first 64 KB hold a NUL byte or are not UTF-8: a binary file, not a CSV
     */
    static void requireText(Path file) {
        byte[] head = new byte[1 << 16];
        int n;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (java.io.IOException e) {
            throw new UserException("cannot read " + file + ": " + UserException.reason(e), e);
        }
        boolean nul = false;
        for (int i = 0; i < n && !nul; i++) {
            nul = head[i] == 0;
        }
        java.nio.charset.CharsetDecoder utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(head, 0, n);
        java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(n + 1);
        boolean malformed = utf8.decode(bytes, chars, true).isError();   // a sequence cut at 64 KB is underflow
        if (nul || malformed) {
            throw new UserException(file + " is not a text CSV file (binary or not UTF-8 content)");
        }
    }


    /**
     * Reads one numeric column of a CSV file (comma-separated, first line a header naming the columns) through
     * DataVec's {@link CSVRecordReader}.
     *
     * @param csv    the file
     * @param column the header name of the column
     * @return its values, in file order
     * @throws UserException if the file is missing or empty, the column is absent, or a cell is not a finite
     *                       number
     */
    public static double[] readColumn(Path csv, String column) {
        if (Files.isDirectory(csv)) {
            throw new UserException("--csv " + csv + " is a directory, not a CSV file");
        }
        if (!Files.isRegularFile(csv)) {
            throw new UserException("no CSV file " + csv);
        }
        requireText(csv);
        CSVRecordReader reader = new CSVRecordReader(0, ',');
        try {
            reader.initialize(new FileSplit(csv.toFile()));
            if (!reader.hasNext()) {
                throw new UserException(csv + " is empty: expected a header line naming the columns");
            }
            List<String> header = new ArrayList<>();
            for (Writable w : reader.next()) {
                header.add(w.toString().strip());
            }
            int index = header.indexOf(column);
            if (index < 0) {
                throw new UserException(csv + " has no column '" + column + "' (columns: "
                        + String.join(", ", header) + ")");
            }
            List<Double> values = new ArrayList<>();
            int line = 1;
            while (reader.hasNext()) {
                List<Writable> record = reader.next();
                line++;
                if (record.size() == 1 && record.get(0).toString().isBlank()) {
                    continue;
                }
                if (record.size() <= index) {
                    throw new UserException(csv + " line " + line + ": " + record.size() + " cells, no '" + column
                            + "' value");
                }
                String cell = record.get(index).toString().strip();
                double v;
                try {
                    v = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new UserException(csv + " line " + line + ": non-numeric value '" + cell
                            + "' in column '" + column + "'");
                }
                if (!Double.isFinite(v)) {
                    throw new UserException(csv + " line " + line + ": non-finite value '" + cell + "' in column '"
                            + column + "'");
                }
                values.add(v);
            }
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new UserException("cannot read " + csv + ": " + e.getMessage(), e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new UserException("cannot parse " + csv + " as CSV: " + e.getMessage(), e);
        } finally {
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }

    /**
     * A z-score normalisation, fitted on the training part of a series only.
     *
     * @param mean the training part's mean
     * @param std  the training part's standard deviation (1 if it is 0)
     */
    public record Normaliser(double mean, double std) {
        /**
         * @param values the training values (at least one)
         * @return the normaliser fitted on them
         */
        public static Normaliser fit(double[] values) {
            double mean = java.util.Arrays.stream(values).average().orElseThrow();
            double var = java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length;
            double std = Math.sqrt(var);
            return new Normaliser(mean, std > 0 ? std : 1.0);
        }

        /** @param v raw value @return normalised value */
        public double apply(double v) {
            return (v - mean) / std;
        }

        /** @param v normalised value @return raw value */
        public double invert(double v) {
            return v * std + mean;
        }

        /** @param values raw values @return normalised copies */
        public double[] apply(double[] values) {
            return java.util.Arrays.stream(values).map(this::apply).toArray();
        }

        /** @param values normalised values @return raw copies */
        public double[] invert(double[] values) {
            return java.util.Arrays.stream(values).map(this::invert).toArray();
        }
    }

    /**
     * A real series ready for training: the raw values, where training ends, and the normaliser fitted on the
     * training part.
     *
     * @param raw        all raw values
     * @param trainEnd   number of leading values used for training
     * @param normaliser fitted on {@code raw[0, trainEnd)}
     */
    public record RealSeries(double[] raw, int trainEnd, Normaliser normaliser) {
        /**
         * Loads and checks a CSV series for windows of {@code nSteps} and forecasts {@code horizon} steps ahead.
         *
         * @param csv     the file
         * @param column  the column
         * @param nSteps  window length
         * @param horizon forecast horizon
         * @return the series
         * @throws UserException if the series is too short for one training window and one forecast
         */
        public static RealSeries load(Path csv, String column, int nSteps, int horizon) {
            double[] raw = readColumn(csv, column);
            int trainEnd = trainLength(raw.length);
            if (trainEnd < nSteps + 1 || raw.length - trainEnd < horizon) {
                throw new UserException("the series in " + csv + " column '" + column + "' has " + raw.length
                        + " values: too short for one window of " + (nSteps + 1) + " training values (--steps "
                        + nSteps + ") in its first " + Math.round(TRAIN_FRACTION * 100) + " % and a forecast "
                        + horizon + " step(s) ahead (--horizon) in the rest");
            }
            Normaliser n = Normaliser.fit(java.util.Arrays.copyOf(raw, trainEnd));
            return new RealSeries(raw, trainEnd, n);
        }

        /** @return the whole series, normalised */
        public double[] normalised() {
            return normaliser.apply(raw);
        }

        /** @return the normalised training part */
        public double[] trainNormalised() {
            return java.util.Arrays.copyOf(normalised(), trainEnd);
        }
    }
}
