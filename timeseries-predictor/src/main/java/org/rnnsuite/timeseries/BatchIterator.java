package org.rnnsuite.timeseries;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The mini-batches of iterations {@code [from, to)} as a DL4J {@link DataSetIterator}, one batch per iteration,
 * each drawn by {@link TimeSeriesSource#batch} (a function of the seed and the iteration only). Before handing
 * out a batch it seeds ND4J's generator from the seed and the iteration, so dropout masks too are a function of
 * the iteration and a resumed run repeats an uninterrupted one exactly. Synchronous (no prefetch thread);
 * {@link #reset()} starts the same iterations again.
 */
public final class BatchIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;
    private final transient TimeSeriesSource source;
    private final transient TimeSeriesConfig config;
    private final long from;
    private final long to;
    private final transient LongConsumer beforeBatch;
    private long next;
    private transient DataSet last;
    private transient DataSetPreProcessor preProcessor;

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

    /** @return the mini-batch returned last (the tutorial prints its MSE), or null */
    public DataSet last() {
        return last;
    }

    @Override
    public boolean hasNext() {
        return next < to;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("iteration " + to + " reached");
        }
        beforeBatch.accept(next);
        DataSet ds = source.batch(next, config);
        Nd4j.getRandom().setSeed(nd4jSeed(config.seed(), next));
        next++;
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        last = ds;
        return ds;
    }

    /**
     * @param num ignored: a batch holds {@code config.batchSize()} windows
     * @return the next iteration's batch
     */
    @Override
    public DataSet next(int num) {
        return next();
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
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public void reset() {
        next = from;
        last = null;
    }

    @Override
    public int batch() {
        return config.batchSize();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
