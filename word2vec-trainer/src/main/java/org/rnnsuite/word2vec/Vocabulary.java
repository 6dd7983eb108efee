package org.rnnsuite.word2vec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The preprocessing vocabulary: the {@code size} most frequent tokens of the corpus (ties broken alphabetically so
 * the choice is deterministic); {@link #map(String)} sends every other token to {@link Tokenizer#UNK}.
 */
public final class Vocabulary {
    private final List<String> words;
    private final Map<String, Long> counts;

    private Vocabulary(List<String> words, Map<String, Long> counts) {
        this.words = List.copyOf(words);
        this.counts = counts;
    }

    /**
     * @param tokenCounts token → occurrences in the corpus
     * @param size        how many of the most frequent tokens to keep
     * @return the vocabulary
     */
    public static Vocabulary topN(Map<String, Long> tokenCounts, int size) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(tokenCounts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue(Collections.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<String> kept = new ArrayList<>();
        Map<String, Long> keptCounts = new HashMap<>();
        long unk = 0;
        for (int i = 0; i < entries.size(); i++) {
            Map.Entry<String, Long> e = entries.get(i);
            if (i < size) {
                kept.add(e.getKey());
                keptCounts.put(e.getKey(), e.getValue());
            } else {
                unk += e.getValue();
            }
        }
        if (unk > 0) {
            keptCounts.merge(Tokenizer.UNK, unk, Long::sum);
            if (!kept.contains(Tokenizer.UNK)) {
                kept.add(Tokenizer.UNK);
            }
        }
        return new Vocabulary(kept, keptCounts);
    }

    /**
     * @param token a normalised token
     * @return the token itself if kept, else {@link Tokenizer#UNK}
     */
    public String map(String token) {
        return counts.containsKey(token) ? token : Tokenizer.UNK;
    }

    /**
     * @return the kept tokens, most frequent first, then {@link Tokenizer#UNK} if any token was dropped
     */
    public List<String> words() {
        return words;
    }

    /**
     * @param token a kept token
     * @return its count after mapping ({@link Tokenizer#UNK} sums the dropped tokens), 0 if not kept
     */
    public long count(String token) {
        return counts.getOrDefault(token, 0L);
    }

    /**
     * @return the number of kept tokens, {@link Tokenizer#UNK} included
     */
    public int size() {
        return words.size();
    }
}
