package org.rnnsuite.nmt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnnsuite.common.AtomicFiles;

/**
 * Translations of held-out pairs and their scores.
 *
 * @param sources     English tokens
 * @param references  French reference tokens
 * @param hypotheses  French translations
 * @param bleu        corpus BLEU-4, 0-100
 * @param exactMatch  share of translations equal to their reference
 * @param seconds     decoding wall time
 */
public record Evaluation(List<List<String>> sources, List<List<String>> references, List<List<String>> hypotheses,
                         double bleu, double exactMatch, double seconds) {
    /**
     * @param translator the translator
     * @param pairs      held-out pairs
     * @param beam       beam width (1 = greedy)
     * @return the evaluation (BLEU 0 for no pairs)
     */
    public static Evaluation run(Translator translator, List<SentencePair> pairs, int beam) {
        List<List<String>> src = new ArrayList<>();
        List<List<String>> ref = new ArrayList<>();
        for (SentencePair p : pairs) {
            src.add(p.english());
            ref.add(p.french());
        }
        long t0 = System.nanoTime();
        List<List<String>> hyp = src.isEmpty() ? List.of() : translator.translate(src, beam);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Evaluation(src, ref, hyp, src.isEmpty() ? 0 : Bleu.corpus(hyp, ref), Bleu.exactMatch(hyp, ref),
                seconds);
    }

    /**
     * @param n at most this many
     * @return the first {@code n} pairs side by side: English, reference, translation (one block per pair)
     */
    public String samples(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, sources.size()); i++) {
            sb.append("  en:  ").append(String.join(" ", sources.get(i))).append('\n');
            sb.append("  ref: ").append(Tokenizer.detokenizeFrench(references.get(i))).append('\n');
            sb.append("  out: ").append(Tokenizer.detokenizeFrench(hypotheses.get(i))).append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes the tokenised translations, one per line.
     *
     * @param file the file to write (atomically)
     */
    public void writeHypotheses(Path file) {
        StringBuilder sb = new StringBuilder();
        for (List<String> h : hypotheses) {
            sb.append(String.join(" ", h)).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    /**
     * Times greedy decoding one sentence at a time (after one warm-up sentence).
     *
     * @param translator the translator
     * @param pairs      held-out pairs, at least one
     * @param n          decode the first {@code n} of them (at most all)
     * @return milliseconds per sentence
     */
    public static double latencyMs(Translator translator, List<SentencePair> pairs, int n) {
        int count = Math.min(n, pairs.size());
        translator.greedyOne(pairs.get(0).english());
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            translator.greedyOne(pairs.get(i).english());
        }
        return (System.nanoTime() - t0) / 1e6 / count;
    }

    /** The English-length buckets of {@link #byLength()}: 1-5, 6-10, 11-15, 16-25 tokens, and longer. */
    static final int[][] LENGTH_BUCKETS = {{1, 5}, {6, 10}, {11, 15}, {16, 25}, {26, Integer.MAX_VALUE}};

    /**
     * Corpus BLEU of the pairs whose English sentence has a given number of tokens.
     *
     * @param from  fewest English tokens
     * @param to    most English tokens
     * @param pairs pairs in the bucket
     * @param bleu  their corpus BLEU-4, 0-100 (0 for none)
     */
    public record Bucket(int from, int to, int pairs, double bleu) {
    }

    /**
     * @param englishLengths each pair's English length in tokens as given, before a model's {@code --max-length}
     *                       cut it ({@link NmtData#truncateSources}); the same order as {@link #sources}
     * @return BLEU per English length bucket ({@link #LENGTH_BUCKETS}), the empty buckets left out
     */
    public List<Bucket> byLength(int[] englishLengths) {
        if (englishLengths.length != sources.size()) {
            throw new IllegalArgumentException(englishLengths.length + " lengths for " + sources.size() + " pairs");
        }
        List<Bucket> out = new ArrayList<>();
        for (int[] b : LENGTH_BUCKETS) {
            List<List<String>> hyp = new ArrayList<>();
            List<List<String>> ref = new ArrayList<>();
            for (int i = 0; i < sources.size(); i++) {
                int n = englishLengths[i];
                if (n >= b[0] && n <= b[1]) {
                    hyp.add(hypotheses.get(i));
                    ref.add(references.get(i));
                }
            }
            if (!hyp.isEmpty()) {
                out.add(new Bucket(b[0], b[1], hyp.size(), Bleu.corpus(hyp, ref)));
            }
        }
        return out;
    }

    /**
     * @param englishLengths as for {@link #byLength}
     * @return one line: {@code BLEU by English length: 1-5 31.20 (812 pairs)  6-10 ...}
     */
    public String byLengthLine(int[] englishLengths) {
        StringBuilder sb = new StringBuilder("BLEU by English length:");
        for (Bucket b : byLength(englishLengths)) {
            sb.append(String.format(java.util.Locale.ROOT, "  %s %.2f (%d pairs)", b.to() == Integer.MAX_VALUE
                    ? b.from() + "+" : b.from() + "-" + b.to(), b.bleu(), b.pairs()));
        }
        return sb.toString();
    }
}
