package org.rnnsuite.common.embeddings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.rnnsuite.common.UserException;

/**
 * Word vectors held in memory: words in file order (most frequent first for vectors written by this module,
 * gensim or the C tool) and a {@code [V, D]} float matrix, with the queries of the tutorial: nearest words and
 * analogies by cosine similarity. Immutable.
 */
public final class WordVectors {
    private final List<String> words;
    private final long[] counts;
    private final float[] data;
    private final int dim;
    private final Map<String, Integer> index;
    private volatile float[] unit;

    /**
     * @param words  the words, in order; a repeated word keeps its first row for look-ups
     * @param counts corpus count of each word, or {@code null} if unknown
     * @param data   row-major {@code [words.size(), dim]} matrix (not copied)
     * @param dim    vector dimension
     */
    public WordVectors(List<String> words, long[] counts, float[] data, int dim) {
        if (dim < 1 || (long) words.size() * dim != data.length) {
            throw new IllegalArgumentException("matrix of " + data.length + " floats does not hold " + words.size()
                    + " vectors of dimension " + dim);
        }
        if (counts != null && counts.length != words.size()) {
            throw new IllegalArgumentException("counts for " + counts.length + " words, vectors for " + words.size());
        }
        this.words = List.copyOf(words);
        this.counts = counts;
        this.data = data;
        this.dim = dim;
        this.index = new HashMap<>(words.size() * 2);
        for (int i = 0; i < words.size(); i++) {
            index.putIfAbsent(words.get(i), i);
        }
    }

    /**
     * A word and its cosine similarity to a query.
     * @param word the word
     * @param similarity cosine in [-1, 1]
     */
    public record Neighbour(String word, double similarity) {
    }

    /**
     * @return number of words V
     */
    public int size() {
        return words.size();
    }

    /**
     * @return vector dimension D
     */
    public int dim() {
        return dim;
    }

    /**
     * @return the words in order
     */
    public List<String> words() {
        return words;
    }

    /**
     * @param i row
     * @return the word of that row
     */
    public String word(int i) {
        return words.get(i);
    }

    /**
     * @param i row
     * @return the corpus count of that word, or -1 if unknown
     */
    public long count(int i) {
        return counts == null ? -1 : counts[i];
    }

    /**
     * @return true if corpus counts are known
     */
    public boolean hasCounts() {
        return counts != null;
    }

    /**
     * @param word a word (exact match)
     * @return its row, or -1
     */
    public int indexOf(String word) {
        Integer i = index.get(word);
        return i == null ? -1 : i;
    }

    /**
     * @param i row
     * @return a copy of its vector
     */
    public float[] vector(int i) {
        return Arrays.copyOfRange(data, i * dim, (i + 1) * dim);
    }

    /**
     * @param i row
     * @param j component
     * @return that component of row i
     */
    public float get(int i, int j) {
        return data[i * dim + j];
    }

    /**
     * The row of a query word: the exact word, or else its lower-case form.
     *
     * @param word a word
     * @return its row
     * @throws UserException if neither form is in the vocabulary
     */
    public int require(String word) {
        int i = indexOf(word);
        if (i < 0) {
            i = indexOf(word.toLowerCase(Locale.ROOT));
        }
        if (i < 0) {
            throw new UserException("'" + word + "' is not in the vocabulary (" + size() + " words)");
        }
        return i;
    }

    /**
     * @return the matrix with every row scaled to unit length (zero rows stay zero), computed once
     */
    public float[] unitRows() {
        float[] u = unit;
        if (u == null) {
            u = new float[data.length];
            for (int i = 0; i < size(); i++) {
                double norm = 0;
                for (int j = 0; j < dim; j++) {
                    double x = data[i * dim + j];
                    norm += x * x;
                }
                norm = Math.sqrt(norm);
                if (norm > 0) {
                    for (int j = 0; j < dim; j++) {
                        u[i * dim + j] = (float) (data[i * dim + j] / norm);
                    }
                }
            }
            unit = u;
        }
        return u;
    }

    /**
     * @param a a word
     * @param b another word
     * @return their cosine similarity
     * @throws UserException if a word is unknown
     */
    public double similarity(String a, String b) {
        return cosine(require(a), require(b));
    }

    /**
     * @param i a row
     * @param j another row
     * @return cosine similarity of the two rows
     */
    public double cosine(int i, int j) {
        float[] u = unitRows();
        double s = 0;
        for (int k = 0; k < dim; k++) {
            s += u[i * dim + k] * u[j * dim + k];
        }
        return s;
    }

    /**
     * @param word a word
     * @param k    how many neighbours
     * @return the k words most similar to it by cosine, itself excluded
     * @throws UserException if the word is unknown
     */
    public List<Neighbour> nearest(String word, int k) {
        return mostSimilar(List.of(word), List.of(), k, size());
    }

    /**
     * gensim's {@code most_similar(positive, negative, topn, restrict_vocab)}: each query word's vector is scaled to
     * unit length, the positive ones added and the negative ones subtracted, the mean is compared by cosine with
     * the first {@code restrict} words, and the query words themselves are never returned. An analogy
     * "a is to b as c is to ?" is {@code mostSimilar([b, c], [a], …)} (3CosAdd).
     *
     * @param positive words that pull
     * @param negative words that push
     * @param k        how many results
     * @param restrict only the first {@code restrict} words are candidates
     * @return the k best candidates, most similar first
     * @throws UserException if a query word is unknown
     */
    public List<Neighbour> mostSimilar(List<String> positive, List<String> negative, int k, int restrict) {
        int[] pos = positive.stream().mapToInt(this::require).toArray();
        int[] neg = negative.stream().mapToInt(this::require).toArray();
        return mostSimilarRows(pos, neg, k, restrict);
    }

    /**
     * {@link #mostSimilar(List, List, int, int)} on rows.
     *
     * @param pos      rows that pull
     * @param neg      rows that push
     * @param k        how many results
     * @param restrict only the first {@code restrict} rows are candidates
     * @return the k best candidates, most similar first
     */
    public List<Neighbour> mostSimilarRows(int[] pos, int[] neg, int k, int restrict) {
        float[] u = unitRows();
        double[] mean = new double[dim];
        Set<Integer> exclude = new HashSet<>();
        for (int p : pos) {
            exclude.add(p);
            for (int j = 0; j < dim; j++) {
                mean[j] += u[p * dim + j];
            }
        }
        for (int n : neg) {
            exclude.add(n);
            for (int j = 0; j < dim; j++) {
                mean[j] -= u[n * dim + j];
            }
        }
        float[] query = new float[dim];
        for (int j = 0; j < dim; j++) {
            query[j] = (float) (mean[j] / (pos.length + neg.length));
        }
        double qn = 0;
        for (float q : query) {
            qn += (double) q * q;
        }
        qn = Math.sqrt(qn);
        int limit = Math.min(restrict, size());
        PriorityQueue<Neighbour> best = new PriorityQueue<>((a, b) -> Double.compare(a.similarity(), b.similarity()));
        for (int i = 0; i < limit; i++) {
            if (exclude.contains(i)) {
                continue;
            }
            double s = 0;
            int off = i * dim;
            for (int j = 0; j < dim; j++) {
                s += u[off + j] * query[j];
            }
            s = qn > 0 ? s / qn : 0;
            if (best.size() < k) {
                best.add(new Neighbour(words.get(i), s));
            } else if (k > 0 && s > best.peek().similarity()) {
                best.poll();
                best.add(new Neighbour(words.get(i), s));
            }
        }
        List<Neighbour> out = new ArrayList<>(best);
        out.sort((a, b) -> Double.compare(b.similarity(), a.similarity()));
        return out;
    }
}
