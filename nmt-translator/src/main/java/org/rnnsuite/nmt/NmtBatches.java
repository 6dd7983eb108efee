package org.rnnsuite.nmt;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One epoch of training pairs as a DL4J {@link MultiDataSetIterator}: batches of the epoch's shuffled order
 * ({@link NmtData#shuffled} with seed {@code seed + epoch}, so a resumed run sees the batches it would have seen),
 * starting at any batch. Synchronous (no prefetch thread), and it never starts over by itself
 * ({@link #resetSupported()} is false): {@code graph.fit(iterator)} trains until the epoch ends or the pause
 * condition holds, and a later {@code fit} continues at the next batch.
 *
 * <p>Before handing out batch {@code b} it seeds ND4J's generator from (seed, epoch, b), so that dropout masks are a
 * function of the batch and a run resumed midway through an epoch trains exactly as an uninterrupted one.
 */
public final class NmtBatches implements MultiDataSetIterator {
    private static final long serialVersionUID = 1L;
    private final transient List<SentencePair> order;
    private final transient Vocabulary source;
    private final transient Vocabulary target;
    private final transient BooleanSupplier pause;
    private final int batchSize;
    private final int epoch;
    private final long seed;
    private int next;
    private int lastPairs;
    private long lastTokens;
    private long readyNanos;
    private long readyCpuNanos;
    private transient MultiDataSetPreProcessor preProcessor;

    /**
     * @param train     the training pairs, in file order
     * @param model     the vocabularies to encode them with
     * @param batchSize pairs per batch (the last batch of the epoch may be smaller)
     * @param seed      the run's seed
     * @param epoch     the epoch, from 0
     * @param from      the first batch to hand out (0 for a whole epoch)
     * @param pause     checked before every batch: true ends this {@code fit} early (time budget, evaluation due)
     */
    public NmtBatches(List<SentencePair> train, NmtModel model, int batchSize, long seed, int epoch, int from,
                      BooleanSupplier pause) {
        this.order = NmtData.shuffled(train, seed + epoch);
        this.source = model.source();
        this.target = model.target();
        this.batchSize = batchSize;
        this.seed = seed;
        this.epoch = epoch;
        this.pause = pause;
        if (from < 0 || from > batches()) {
            throw new IllegalArgumentException("batch " + from + " is outside an epoch of " + batches());
        }
        this.next = from;
    }

    /** @return the number of batches in the epoch */
    public int batches() {
        return (order.size() + batchSize - 1) / batchSize;
    }

    /** @return batches handed out so far in this epoch, those skipped by a resumed run included */
    public int done() {
        return next;
    }

    /** @return true when every batch of the epoch has been handed out */
    public boolean epochComplete() {
        return next >= batches();
    }

    /** @return the epoch, from 0 */
    public int epoch() {
        return epoch;
    }

    /** @return the pairs in the batch handed out last */
    public int lastPairs() {
        return lastPairs;
    }

    /** @return the target tokens (with {@code <eos>}) in the batch handed out last */
    public long lastTokens() {
        return lastTokens;
    }

    /** @return {@link System#nanoTime()} when the last batch was ready (its training starts then) */
    public long readyNanos() {
        return readyNanos;
    }

    /** @return the process CPU time when the last batch was ready, nanoseconds */
    public long readyCpuNanos() {
        return readyCpuNanos;
    }

    @Override
    public boolean hasNext() {
        return !epochComplete() && !pause.getAsBoolean();
    }

    @Override
    public MultiDataSet next() {
        return next(batchSize);
    }

    @Override
    public MultiDataSet next(int num) {
        if (epochComplete()) {
            throw new NoSuchElementException("the epoch is over");
        }
        List<SentencePair> batch = order.subList(next * batchSize, Math.min(order.size(), (next + 1) * batchSize));
        MultiDataSet mds = NmtData.batch(batch, source, target);
        if (preProcessor != null) {
            preProcessor.preProcess(mds);
        }
        Nd4j.getRandom().setSeed(seed * 1_000_003L + epoch * 100_003L + next);
        next++;
        lastPairs = batch.size();
        lastTokens = NmtData.targetTokens(batch);
        readyCpuNanos = NmtMeter.processCpuNanos();
        readyNanos = System.nanoTime();
        return mds;
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public boolean resetSupported() {
        return false;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Not supported: an epoch is a new iterator. */
    @Override
    public void reset() {
        throw new UnsupportedOperationException("an epoch of batches is not restarted; make a new one");
    }
}
