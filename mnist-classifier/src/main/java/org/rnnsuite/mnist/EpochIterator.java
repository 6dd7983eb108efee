package org.rnnsuite.mnist;

import java.util.List;
import java.util.NoSuchElementException;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * One epoch of a {@link MnistData.Split} as a DL4J {@link DataSetIterator}: mini-batches in the epoch's shuffled
 * order ({@link MnistData#shuffledOrder}, a function of the seed and the epoch only, so a resumed run sees the
 * batches it would have seen). Synchronous (no prefetch thread); {@link #reset()} starts the same epoch again.
 */
public final class EpochIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;
    private final transient MnistData.Split split;
    private final int batch;
    private final int[] order;
    private int from;
    private transient DataSet last;
    private transient DataSetPreProcessor preProcessor;

    /**
     * @param split the examples
     * @param batch mini-batch size (the last batch of the epoch may be smaller)
     * @param seed  the run's seed
     * @param epoch the epoch, from 1
     */
    public EpochIterator(MnistData.Split split, int batch, long seed, int epoch) {
        this.split = split;
        this.batch = batch;
        this.order = MnistData.shuffledOrder(split.size(), seed, epoch);
    }

    /** @return the number of mini-batches in the epoch */
    public int batches() {
        return (split.size() + batch - 1) / batch;
    }

    /** @return the mini-batch returned last (the tutorial's "train accuracy" is measured on it), or null */
    public DataSet last() {
        return last;
    }

    @Override
    public boolean hasNext() {
        return from < split.size();
    }

    @Override
    public DataSet next() {
        return next(batch);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("the epoch is over");
        }
        int to = Math.min(split.size(), from + num);
        DataSet ds = split.batch(order, from, to);
        from = to;
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        last = ds;
        return ds;
    }

    @Override
    public int inputColumns() {
        return split.width();
    }

    @Override
    public int totalOutcomes() {
        return MnistData.CLASSES;
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
        from = 0;
        last = null;
    }

    @Override
    public int batch() {
        return batch;
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
        return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }
}
