package org.rnnsuite.mnist;

import java.util.List;
import org.nd4j.linalg.dataset.DataSet;
import org.rnnsuite.common.run.SyncBatches;

/**
 * One epoch of a {@link MnistData.Split} as a DL4J iterator: mini-batches in the epoch's shuffled order
 * ({@link MnistData#shuffledOrder}, a function of the seed and the epoch only, so a resumed run sees the batches it
 * would have seen). Synchronous; {@link #reset()} starts the same epoch again. {@link #last()} is the mini-batch the
 * tutorial's "train accuracy" is measured on.
 */
public final class EpochIterator extends SyncBatches {
    private static final long serialVersionUID = 1L;
    private final transient MnistData.Split split;
    private final int batch;
    private final int[] order;
    private int from;

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

    @Override
    public boolean hasNext() {
        return from < split.size();
    }

    @Override
    protected DataSet nextBatch() {
        int to = Math.min(split.size(), from + batch);
        DataSet ds = split.batch(order, from, to);
        from = to;
        return ds;
    }

    @Override
    protected void restart() {
        from = 0;
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
    public int batch() {
        return batch;
    }

    @Override
    public List<String> getLabels() {
        return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }
}
