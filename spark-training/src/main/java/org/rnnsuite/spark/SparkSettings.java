package org.rnnsuite.spark;

import java.util.Locale;
import org.rnnsuite.common.UserException;

/**
 * Every setting of distributed training, in one place.
 *
 * @param master             Spark master URL, e.g. {@code local[2]} or {@code spark://host:7077}; {@code null} = the
 *                           one {@code spark-submit} gives (system property {@code spark.master}), else
 *                           {@value #DEFAULT_MASTER}
 * @param workers            data partitions trained in parallel; 0 = Spark's default parallelism (default 0)
 * @param averagingFrequency mini-batches each worker fits between two parameter averagings (default
 *                           {@value #DEFAULT_AVERAGING_FREQUENCY})
 * @param mode        how workers combine their work: {@code averaging} (DL4J's
 *                           {@code ParameterAveragingTrainingMaster}, default) or {@code sharing} (DL4J's
 *                           {@code SharedTrainingMaster}, gradient sharing)
 */
public record SparkSettings(String master, int workers, int averagingFrequency, Mode mode) {
    /** Master when none is given and none comes from {@code spark-submit}. */
    public static final String DEFAULT_MASTER = "local[2]";
    /** Mini-batches between two averagings: DL4J's examples use 5 to 10. */
    public static final int DEFAULT_AVERAGING_FREQUENCY = 5;

    /** How workers combine their work. */
    public enum Mode {
        /** Synchronous parameter averaging every {@code averagingFrequency} mini-batches. */
        AVERAGING,
        /** Asynchronous, thresholded gradient sharing between workers (Aeron transport). */
        SHARING;

        /**
         * @param s {@code averaging} or {@code sharing}
         * @return the mode
         */
        public static Mode parse(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UserException("unknown --training-master '" + s + "': expected averaging or sharing");
            }
        }
    }

    /** Checks every value; the message names the option. */
    public SparkSettings {
        if (master != null && master.isBlank()) {
            throw new UserException("--master must not be empty");
        }
        if (workers < 0) {
            throw new UserException("--workers must be 0 (Spark's default parallelism) or positive, got " + workers);
        }
        if (averagingFrequency < 1) {
            throw new UserException("--averaging-frequency must be at least 1, got " + averagingFrequency);
        }
        if (mode == null) {
            throw new UserException("--training-master is required");
        }
    }

    /** @return parameter averaging on {@value #DEFAULT_MASTER} with the default frequency */
    public static SparkSettings defaults() {
        return new SparkSettings(null, 0, DEFAULT_AVERAGING_FREQUENCY, Mode.AVERAGING);
    }

    /**
     * @param m the master URL
     * @return a copy with that master
     */
    public SparkSettings withMaster(String m) {
        return new SparkSettings(m, workers, averagingFrequency, mode);
    }

    /**
     * @param k mini-batches between averagings
     * @return a copy with that frequency
     */
    public SparkSettings withAveragingFrequency(int k) {
        return new SparkSettings(master, workers, k, mode);
    }

    /**
     * @param m the training master
     * @return a copy with that mode
     */
    public SparkSettings withMode(Mode m) {
        return new SparkSettings(master, workers, averagingFrequency, m);
    }

    /** @return the master to use: the option, else {@code spark-submit}'s, else {@value #DEFAULT_MASTER} */
    public String resolvedMaster() {
        if (master != null) {
            return master;
        }
        String submitted = System.getProperty("spark.master");
        return submitted != null && !submitted.isBlank() ? submitted : DEFAULT_MASTER;
    }

    /** @return true for a {@code local}, {@code local[N]} or {@code local[*]} master */
    public boolean isLocal() {
        return resolvedMaster().startsWith("local");
    }
}
