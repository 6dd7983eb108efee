package org.rnnsuite.common.run;

import java.util.List;
import java.util.NoSuchElementException;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * What the workflows' training iterators share: a synchronous DL4J {@link DataSetIterator} (no prefetch thread, so
 * the batches are a function of the position only and a resumed run sees the batches an uninterrupted one would),
 * resettable, applying a pre-processor if one is set, and remembering the batch it returned last. A subclass says
 * how to make the next batch and how to start again.
 */
public abstract class SyncBatches implements DataSetIterator {
    private static final long serialVersionUID = 1L;
    private transient DataSet last;
    private transient DataSetPreProcessor preProcessor;

    /** @return the next mini-batch (called only when {@link #hasNext()}) */
    protected abstract DataSet nextBatch();

    /** Goes back to the first batch. */
    protected abstract void restart();

    /** @return the mini-batch returned last, or null */
    public DataSet last() {
        return last;
    }

    @Override
    public final DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no batch left");
        }
        DataSet ds = nextBatch();
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        last = ds;
        return ds;
    }

    /**
     * @param num ignored: the batch size is the iterator's
     * @return {@link #next()}
     */
    @Override
    public DataSet next(int num) {
        return next();
    }

    @Override
    public final void reset() {
        restart();
        last = null;
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
