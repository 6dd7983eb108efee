package org.rnnsuite.timeseries;

import java.util.function.LongConsumer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rnnsuite.common.run.SyncBatches;

/**
 * The mini-batches of iterations {@code [from, to)} as a DL4J iterator, one batch per iteration,
 * each drawn by {@link TimeSeriesSource#batch} (a function of the seed and the iteration only). Before handing
 * out a batch it seeds ND4J's generator from the seed and the iteration, so dropout masks too are a function of
 * the iteration and a resumed run repeats an uninterrupted one exactly. Synchronous; {@link #reset()} starts the
 * same iterations again; {@link #last()} is the batch whose MSE the tutorial prints.
 */
public final class BatchIterator extends SyncBatches {
    private static final long serialVersionUID = 1L;
    private final transient TimeSeriesSource source;
    private final transient TimeSeriesConfig config;
    private final long from;
    private final long to;
    private final transient LongConsumer beforeBatch;
    private long next;

    /**
     * @param source      the data
     * @param config      the configuration (seed, batch size, steps)
     * @param from        the first iteration (0-based)
     * @param to          one past the last iteration
     * @param beforeBatch called with the number of iterations done before each batch is handed out (e.g. to
     *                    checkpoint between batches)
     */
    public BatchIterator(TimeSeriesSource source, TimeSeriesConfig config, long from, long to,
                         LongConsumer beforeBatch) {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("iterations [" + from + ", " + to + ")");
        }
        this.source = source;
        this.config = config;
        this.from = from;
        this.to = to;
        this.beforeBatch = beforeBatch;
        this.next = from;
    }

    /**
     * @param iteration the 0-based iteration
     * @param seed      the run's seed
     * @return the ND4J seed of that iteration's dropout masks
     */
    static long nd4jSeed(long seed, long iteration) {
        return seed * 1_000_003L + iteration;
    }

    @Override
    public boolean hasNext() {
        return next < to;
    }

    @Override
    protected DataSet nextBatch() {
        beforeBatch.accept(next);
        DataSet ds = source.batch(next, config);
        Nd4j.getRandom().setSeed(nd4jSeed(config.seed(), next));
        next++;
        return ds;
    }

    @Override
    protected void restart() {
        next = from;
    }

    @Override
    public int inputColumns() {
        return TimeSeriesNetwork.N_INPUTS;
    }

    @Override
    public int totalOutcomes() {
        return TimeSeriesNetwork.N_OUTPUTS;
    }

    @Override
    public int batch() {
        return config.batchSize();
    }
}
