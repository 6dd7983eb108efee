package org.rnnsuite.word2vec.engine;

import java.util.List;

/**
 * The words the engine trains, indexed 0..size-1 by decreasing count (ties keep the order given), with their
 * counts, and the Huffman codes that hierarchical softmax uses (built on first use, as in the C tool: frequent
 * words get short codes; inner node {@code n} of the tree is row {@code n} of the output matrix).
 */
public final class EngineVocab {
    private final List<String> words;
    private final long[] counts;
    private final long total;
    private int[] codeStart;
    private byte[] codes;
    private int[] points;

    /**
     * @param words  the words, most frequent first
     * @param counts their counts in the corpus, non-increasing, each at least 1
     * @throws IllegalArgumentException if the lists differ in length, are empty or the counts are not sorted
     */
    public EngineVocab(List<String> words, long[] counts) {
        if (words.size() != counts.length || counts.length == 0) {
            throw new IllegalArgumentException("need as many counts as words, at least one (got " + words.size()
                    + " words, " + counts.length + " counts)");
        }
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 1 || i > 0 && counts[i] > counts[i - 1]) {
                throw new IllegalArgumentException("counts must be positive and non-increasing (index " + i + ")");
            }
            sum += counts[i];
        }
        this.words = List.copyOf(words);
        this.counts = counts.clone();
        this.total = sum;
    }

    /** @return the number of words */
    public int size() {
        return counts.length;
    }

    /**
     * @param i a word index
     * @return the word
     */
    public String word(int i) {
        return words.get(i);
    }

    /** @return the words, most frequent first */
    public List<String> words() {
        return words;
    }

    /**
     * @param i a word index
     * @return its corpus count
     */
    public long count(int i) {
        return counts[i];
    }

    /** @return a copy of the counts */
    public long[] counts() {
        return counts.clone();
    }

    /** @return the sum of the counts: the tokens one epoch reads */
    public long totalCount() {
        return total;
    }

    /**
     * @param i a word index
     * @return the length of its Huffman code
     */
    public int codeLength(int i) {
        huffman();
        return codeStart[i + 1] - codeStart[i];
    }

    /**
     * @param i a word index
     * @return its Huffman code, root first (0 or 1 per node)
     */
    public byte[] code(int i) {
        huffman();
        return java.util.Arrays.copyOfRange(codes, codeStart[i], codeStart[i + 1]);
    }

    /**
     * @param i a word index
     * @return the inner nodes on its path, root first (rows of the hierarchical-softmax output matrix)
     */
    public int[] points(int i) {
        huffman();
        return java.util.Arrays.copyOfRange(points, codeStart[i], codeStart[i + 1]);
    }

    /** Flat code arrays for the training loop: word i's code is at {@code [codeStart[i], codeStart[i+1])}. */
    int[] codeStarts() {
        huffman();
        return codeStart;
    }

    byte[] flatCodes() {
        huffman();
        return codes;
    }

    int[] flatPoints() {
        huffman();
        return points;
    }

    /** Builds the tree once (the C tool's algorithm: two sorted queues, leaves then inner nodes). */
    private synchronized void huffman() {
        if (codeStart != null) {
            return;
        }
        int v = counts.length;
        int[] start = new int[v + 1];
        if (v < 2) {
            codeStart = start;
            codes = new byte[0];
            points = new int[0];
            return;
        }
        long[] count = new long[2 * v - 1];
        int[] parent = new int[2 * v - 1];
        byte[] binary = new byte[2 * v - 1];
        System.arraycopy(counts, 0, count, 0, v);
        int pos1 = v - 1;
        int pos2 = v;
        for (int a = 0; a < v - 1; a++) {
            int min1;
            int min2;
            if (pos1 >= 0 && (pos2 >= v + a || count[pos1] < count[pos2])) {
                min1 = pos1--;
            } else {
                min1 = pos2++;
            }
            if (pos1 >= 0 && (pos2 >= v + a || count[pos1] < count[pos2])) {
                min2 = pos1--;
            } else {
                min2 = pos2++;
            }
            count[v + a] = count[min1] + count[min2];
            parent[min1] = v + a;
            parent[min2] = v + a;
            binary[min2] = 1;
        }
        int root = 2 * v - 2;
        int totalLength = 0;
        int[] lengths = new int[v];
        for (int a = 0; a < v; a++) {
            int len = 0;
            for (int b = a; b != root; b = parent[b]) {
                len++;
            }
            lengths[a] = len;
            totalLength += len;
        }
        byte[] c = new byte[totalLength];
        int[] p = new int[totalLength];
        for (int a = 0; a < v; a++) {
            start[a + 1] = start[a] + lengths[a];
            int i = start[a + 1] - 1;   // fill from the leaf upwards, so the code reads root first
            for (int b = a; b != root; b = parent[b], i--) {
                c[i] = binary[b];
                p[i] = parent[b] - v;   // the node above b: inner node index 0..v-2
            }
        }
        codes = c;
        points = p;
        codeStart = start;
    }
}
