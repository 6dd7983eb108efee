package org.rnnsuite.nmt;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus BLEU-4 with one reference per sentence, computed exactly as NLTK's {@code corpus_bleu} with its default
 * weights (0.25 each) and no smoothing: clipped n-gram counts and n-gram totals are summed over the corpus (each
 * sentence contributing at least 1 to each total, as NLTK does), the brevity penalty compares the total
 * hypothesis and reference lengths, and the score is 0 when some n-gram order has no match at all.
 */
public final class Bleu {
    /** Highest n-gram order. */
    public static final int MAX_N = 4;

    private Bleu() {
    }

    /**
     * Per-order statistics of a corpus.
     *
     * @param matches       clipped n-gram matches per order 1..4 (index 0..3)
     * @param totals        hypothesis n-gram counts per order (each sentence at least 1)
     * @param hypLength     total hypothesis length
     * @param refLength     total reference length
     */
    public record Stats(long[] matches, long[] totals, long hypLength, long refLength) {
        /** @return BLEU in [0, 1] */
        public double score() {
            if (matches[0] == 0) {
                return 0;
            }
            double logSum = 0;
            for (int n = 0; n < MAX_N; n++) {
                if (matches[n] == 0) {
                    return 0;
                }
                logSum += Math.log((double) matches[n] / totals[n]) / MAX_N;
            }
            return brevityPenalty() * Math.exp(logSum);
        }

        /** @return the brevity penalty: 1 if the hypotheses are longer than the references, else exp(1 − r/c) */
        public double brevityPenalty() {
            if (hypLength > refLength) {
                return 1;
            }
            if (hypLength == 0) {
                return 0;
            }
            return Math.exp(1 - (double) refLength / hypLength);
        }
    }

    /**
     * @param hypotheses tokenised system outputs
     * @param references tokenised references, one per hypothesis
     * @return corpus BLEU-4 × 100 (0 to 100)
     */
    public static double corpus(List<List<String>> hypotheses, List<List<String>> references) {
        return 100 * stats(hypotheses, references).score();
    }

    /**
     * @param hypotheses tokenised system outputs
     * @param references tokenised references, one per hypothesis
     * @return the corpus statistics
     */
    public static Stats stats(List<List<String>> hypotheses, List<List<String>> references) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(hypotheses.size() + " hypotheses but " + references.size() + " references");
        }
        long[] matches = new long[MAX_N];
        long[] totals = new long[MAX_N];
        long c = 0;
        long r = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            List<String> hyp = hypotheses.get(i);
            List<String> ref = references.get(i);
            for (int n = 1; n <= MAX_N; n++) {
                Map<List<String>, Integer> h = ngrams(hyp, n);
                Map<List<String>, Integer> rf = ngrams(ref, n);
                long m = 0;
                long t = 0;
                for (Map.Entry<List<String>, Integer> e : h.entrySet()) {
                    m += Math.min(e.getValue(), rf.getOrDefault(e.getKey(), 0));
                    t += e.getValue();
                }
                matches[n - 1] += m;
                totals[n - 1] += Math.max(1, t);
            }
            c += hyp.size();
            r += ref.size();
        }
        return new Stats(matches, totals, c, r);
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        Map<List<String>, Integer> m = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            m.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return m;
    }

    /**
     * @param hypotheses tokenised system outputs
     * @param references tokenised references
     * @return the share of hypotheses exactly equal to their reference, in [0, 1]
     */
    public static double exactMatch(List<List<String>> hypotheses, List<List<String>> references) {
        if (hypotheses.isEmpty()) {
            return 0;
        }
        int same = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            if (hypotheses.get(i).equals(references.get(i))) {
                same++;
            }
        }
        return (double) same / hypotheses.size();
    }
}
