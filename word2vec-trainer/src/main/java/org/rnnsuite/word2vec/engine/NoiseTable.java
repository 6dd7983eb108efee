package org.rnnsuite.word2vec.engine;

import java.util.ArrayDeque;

/**
 * Draws negative samples from the unigram distribution raised to a power (0.75 in word2vec and gensim) in constant
 * time with Walker's alias method: two arrays of the vocabulary's size instead of the C tool's 10^8-entry table.
 */
public final class NoiseTable {
    private static final int FRACTION_BITS = 24;
    private final int[] threshold;
    private final int[] alias;
    private final int n;

    /**
     * @param counts word counts
     * @param power  exponent applied to each count (0.75)
     */
    public NoiseTable(long[] counts, double power) {
        n = counts.length;
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.pow(counts[i], power);
            sum += p[i];
        }
        threshold = new int[n];
        alias = new int[n];
        ArrayDeque<Integer> small = new ArrayDeque<>();
        ArrayDeque<Integer> large = new ArrayDeque<>();
        double[] scaled = new double[n];
        for (int i = 0; i < n; i++) {
            scaled[i] = p[i] / sum * n;
            (scaled[i] < 1 ? small : large).add(i);
        }
        while (!small.isEmpty() && !large.isEmpty()) {
            int s = small.poll();
            int l = large.peek();
            threshold[s] = (int) Math.round(scaled[s] * (1 << FRACTION_BITS));
            alias[s] = l;
            scaled[l] -= 1 - scaled[s];
            if (scaled[l] < 1) {
                large.poll();
                small.add(l);
            }
        }
        for (int i : large) {
            threshold[i] = 1 << FRACTION_BITS;
            alias[i] = i;
        }
        for (int i : small) {   // only rounding leftovers
            threshold[i] = 1 << FRACTION_BITS;
            alias[i] = i;
        }
    }

    /**
     * @param random 64 random bits
     * @return a word index drawn with probability proportional to count^power
     */
    public int sample(long random) {
        int column = (int) (((random >>> 32) * n) >>> 32);
        return (int) (random & ((1 << FRACTION_BITS) - 1)) < threshold[column] ? column : alias[column];
    }

    /**
     * @param i a word index
     * @return the probability that {@link #sample} returns it
     */
    public double probability(int i) {
        double p = (double) threshold[i] / (1 << FRACTION_BITS);
        for (int c = 0; c < n; c++) {
            if (alias[c] == i && c != i) {
                p += 1 - (double) threshold[c] / (1 << FRACTION_BITS);
            }
        }
        return p / n;
    }
}
