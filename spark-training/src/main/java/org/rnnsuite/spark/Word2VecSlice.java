package org.rnnsuite.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.rnnsuite.word2vec.engine.EngineConfig;
import org.rnnsuite.word2vec.engine.EngineState;
import org.rnnsuite.word2vec.engine.EngineVocab;
import org.rnnsuite.word2vec.engine.TokenCorpus;
import org.rnnsuite.word2vec.engine.Word2VecEngine;

/**
 * What one Spark partition does in one round of a word2vec epoch (an epoch is one or more rounds, each a part of
 * every partition's slice): trains the suite's skip-gram engine, one thread, on that part of its slice from the
 * round's starting weights, at the learning rate the whole run has reached (the schedule runs over the parts' words
 * as it would over the corpus'), and returns what changed: the sum of its weight changes and, per word, whether its
 * rows changed. Summed over partitions, these give either the per-word mean of Spark MLlib's Word2Vec (each row the
 * mean change of the partitions that trained it) or the sum of the changes (what threads sharing one copy of the
 * weights do), see {@link SparkWord2Vec.Merge}.
 */
final class Word2VecSlice {
    private Word2VecSlice() {
    }

    /**
     * Weight changes of one or more partitions.
     *
     * @param syn0    summed changes of the input vectors
     * @param syn1neg summed changes of the negative-sampling rows, or null
     * @param syn1    summed changes of the hierarchical-softmax rows, or null
     * @param inTouch per word, how many partitions changed its input vector
     * @param outTouch per word, how many partitions changed its output row
     * @param words   corpus words trained (before sub-sampling)
     * @param seconds the partitions' training seconds, added up
     * @param lossWords the partitions' sampled training losses, each times its words (divide by {@code words})
     */
    record Delta(float[] syn0, float[] syn1neg, float[] syn1, int[] inTouch, int[] outTouch, long words,
                 double seconds, double lossWords) implements Serializable {
        /**
         * @param o another partition's changes
         * @return the sum of both
         */
        Delta plus(Delta o) {
            return new Delta(add(syn0, o.syn0), add(syn1neg, o.syn1neg), add(syn1, o.syn1), add(inTouch, o.inTouch),
                    add(outTouch, o.outTouch), words + o.words, seconds + o.seconds, lossWords + o.lossWords);
        }

        /** @return the mean of the partitions' sampled training losses, weighted by their words */
        double loss() {
            return words == 0 ? 0 : lossWords / words;
        }

        private static float[] add(float[] a, float[] b) {
            if (a == null) {
                return null;
            }
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
            return a;
        }

        private static int[] add(int[] a, int[] b) {
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
            return a;
        }
    }

    /**
     * The weights at the start of an epoch, as broadcast to the partitions.
     *
     * @param words   the vocabulary's words
     * @param counts  their counts
     * @param syn0    input vectors
     * @param syn1neg negative-sampling rows, or null
     * @param syn1    hierarchical-softmax rows, or null
     */
    record Weights(List<String> words, long[] counts, float[] syn0, float[] syn1neg, float[] syn1)
            implements Serializable {
    }

    /**
     * The engine's settings as sent to the executors ({@link EngineConfig} is not serialisable).
     *
     * @param cbow     CBOW instead of skip-gram
     * @param hs       hierarchical softmax
     * @param negative negative samples
     * @param dim      vector size
     * @param window   context window
     * @param sample   sub-sampling threshold
     * @param alpha    initial learning rate
     * @param minAlpha final learning rate
     * @param epochs   epochs of the run
     * @param seed     the run's seed
     * @param batched  the engine's batched skip-gram
     */
    record Settings(boolean cbow, boolean hs, int negative, int dim, int window, double sample, double alpha,
                    double minAlpha, int epochs, long seed, boolean batched) implements Serializable {
        /**
         * @param c the run's engine configuration
         * @return its settings
         */
        static Settings of(EngineConfig c) {
            return new Settings(c.cbow(), c.hs(), c.negative(), c.dim(), c.window(), c.sample(), c.alpha(),
                    c.minAlpha(), c.epochs(), c.seed(), c.batched());
        }

        /**
         * @param partition a partition's index
         * @param rounds    rounds per epoch
         * @return the partition's engine configuration: one thread, a seed of its own, one engine epoch per round
         */
        EngineConfig forPartition(int partition, int rounds) {
            return new EngineConfig(cbow, hs, negative, dim, window, sample, alpha, minAlpha, epochs * rounds, 1,
                    seed + 1_000_003L * (partition + 1), batched);
        }
    }

    /**
     * @param config    the run's engine settings
     * @param partition the partition's index
     * @param epoch     the epoch to train, from 1
     * @param round     the round of the epoch, from 1
     * @param rounds    rounds per epoch: the slice is cut into this many parts (at sentence ends)
     * @param ids       the partition's slice: word ids and sentence ends
     * @param start     the round's starting weights (not changed)
     * @return the partition's changes
     */
    static Delta train(Settings config, int partition, int epoch, int round, int rounds, int[] ids, Weights start) {
        long t0 = System.nanoTime();
        EngineConfig own = config.forPartition(partition, rounds);
        EngineVocab vocab = new EngineVocab(start.words(), start.counts());
        long[] parts = TokenCorpus.of(ids).slices(rounds);
        TokenCorpus slice = TokenCorpus.of(Arrays.copyOfRange(ids, Math.toIntExact(parts[round - 1]),
                Math.toIntExact(parts[round])));
        int roundsDone = (epoch - 1) * rounds + round - 1;
        EngineState state = EngineState.of(own, vocab, "partition " + partition, start.syn0().clone(),
                copy(start.syn1neg()), copy(start.syn1()), roundsDone, roundsDone * slice.words());
        double[] loss = new double[1];
        new Word2VecEngine(own, vocab, slice).train(state, (s, e) -> {
            loss[0] = e.loss();
            return false;
        }, null, Double.MAX_VALUE);
        int dim = config.dim();
        int n = vocab.size();
        float[] d0 = minus(state.syn0(), start.syn0());
        float[] dNeg = state.syn1neg() == null ? null : minus(state.syn1neg(), start.syn1neg());
        float[] dHs = state.syn1() == null ? null : minus(state.syn1(), start.syn1());
        int[] inTouch = new int[n];
        int[] outTouch = new int[n];
        for (int w = 0; w < n; w++) {
            inTouch[w] = changed(d0, w, dim) ? 1 : 0;
            outTouch[w] = (dNeg != null && changed(dNeg, w, dim)) || (dHs != null && changed(dHs, w, dim)) ? 1 : 0;
        }
        return new Delta(d0, dNeg, dHs, inTouch, outTouch, slice.words(), (System.nanoTime() - t0) / 1e9,
                loss[0] * slice.words());
    }

    /**
     * Applies the summed changes: each row moves by the sum of the partitions' changes ({@link SparkWord2Vec.Merge#SUM})
     * or by the mean change of the partitions that changed it ({@link SparkWord2Vec.Merge#MEAN}).
     *
     * @param weights the round's starting weights (changed in place)
     * @param sum     the partitions' summed changes
     * @param dim     the vector dimension
     * @param merge   how the changes combine
     */
    static void merge(Weights weights, Delta sum, int dim, SparkWord2Vec.Merge merge) {
        boolean mean = merge == SparkWord2Vec.Merge.MEAN;
        apply(weights.syn0(), sum.syn0(), sum.inTouch(), dim, mean);
        if (weights.syn1neg() != null) {
            apply(weights.syn1neg(), sum.syn1neg(), sum.outTouch(), dim, mean);
        }
        if (weights.syn1() != null) {
            apply(weights.syn1(), sum.syn1(), sum.outTouch(), dim, mean);
        }
    }

    private static void apply(float[] w, float[] delta, int[] touch, int dim, boolean mean) {
        for (int row = 0; row < touch.length; row++) {
            if (touch[row] > 0) {
                float k = mean ? 1f / touch[row] : 1f;
                for (int i = row * dim, end = i + dim; i < end; i++) {
                    w[i] += delta[i] * k;
                }
            }
        }
    }

    private static float[] copy(float[] a) {
        return a == null ? null : a.clone();
    }

    private static float[] minus(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static boolean changed(float[] d, int row, int dim) {
        for (int i = row * dim, end = i + dim; i < end; i++) {
            if (d[i] != 0) {
                return true;
            }
        }
        return false;
    }
}
