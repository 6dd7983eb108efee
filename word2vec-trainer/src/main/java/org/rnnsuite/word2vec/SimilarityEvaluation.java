package org.rnnsuite.word2vec;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.WordVectors;

/**
 * Word-similarity correlation, as gensim's {@code evaluate_word_pairs}: a file of lines {@code word1 word2 score}
 * (tab- or space-separated, {@code #} starts a comment line), words compared case-insensitively within the first
 * {@code restrict} words, pairs with an unknown word skipped; the model's score of a pair is the cosine similarity
 * of its two vectors, and the result is Spearman's ρ (and Pearson's r) between the human and the model scores.
 */
public final class SimilarityEvaluation {
    private SimilarityEvaluation() {
    }

    /**
     * @param spearman Spearman's rank correlation ρ (ties get their average rank)
     * @param pearson  Pearson's correlation r
     * @param pairs    pairs scored
     * @param skipped  pairs skipped for an unknown word
     */
    public record Result(double spearman, double pearson, int pairs, int skipped) {
    }

    /**
     * @param vectors  the vectors
     * @param file     the {@code word1 word2 score} file
     * @param restrict vocabulary restriction
     * @return the correlations
     * @throws UserException if the file is missing or a line is malformed
     */
    public static Result evaluate(WordVectors vectors, Path file, int restrict) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int limit = Math.min(restrict, vectors.size());
            Map<String, Integer> ok = new HashMap<>();
            for (int i = limit - 1; i >= 0; i--) {
                ok.put(vectors.word(i).toUpperCase(Locale.ROOT), i);
            }
            List<double[]> scores = new ArrayList<>();
            int skipped = 0;
            int lineNo = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.contains("\t") ? line.strip().split("\t") : line.strip().split("\\s+");
                if (f.length < 3) {
                    throw new UserException(file + " line " + lineNo + ": expected 'word1 word2 score'");
                }
                double gold;
                try {
                    gold = Double.parseDouble(f[2].strip());
                } catch (NumberFormatException e) {
                    throw new UserException(file + " line " + lineNo + ": '" + f[2] + "' is not a number");
                }
                Integer a = ok.get(f[0].strip().toUpperCase(Locale.ROOT));
                Integer b = ok.get(f[1].strip().toUpperCase(Locale.ROOT));
                if (a == null || b == null) {
                    skipped++;
                    continue;
                }
                scores.add(new double[] {gold, vectors.cosine(a, b)});
            }
            double[] gold = scores.stream().mapToDouble(s -> s[0]).toArray();
            double[] model = scores.stream().mapToDouble(s -> s[1]).toArray();
            return new Result(spearman(gold, model), pearson(gold, model), scores.size(), skipped);
        } catch (NoSuchFileException e) {
            throw new UserException("similarity file " + file + " does not exist");
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param x values
     * @param y values, same length
     * @return Spearman's ρ: Pearson's r of the ranks, tied values sharing their average rank (NaN below 2 pairs)
     */
    public static double spearman(double[] x, double[] y) {
        return pearson(ranks(x), ranks(y));
    }

    /**
     * @param x values
     * @param y values, same length
     * @return Pearson's correlation (NaN below 2 pairs or for a constant input)
     */
    public static double pearson(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("lengths differ: " + x.length + " and " + y.length);
        }
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /**
     * @param v values
     * @return their ranks from 1, tied values sharing their average rank
     */
    public static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }
}
