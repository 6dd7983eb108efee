package org.rnnsuite.nmt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rnnsuite.common.UserException;

/**
 * A word ↔ id mapping for one language: the four special tokens first ({@value #PAD} = 0, {@value #GO} = 1,
 * {@value #EOS} = 2, {@value #UNK} = 3), then the most frequent words of the training sentences (ties broken
 * alphabetically, so the vocabulary is deterministic). Words outside it map to {@value #UNK}.
 */
public final class Vocabulary {
    /** Padding token (id 0). */
    public static final String PAD = "<pad>";
    /** Start-of-decoding token (id 1), the decoder's first input. */
    public static final String GO = "<go>";
    /** End-of-sentence token (id 2), the decoder's last label. */
    public static final String EOS = "<eos>";
    /** Unknown-word token (id 3). */
    public static final String UNK = "[UNK]";
    /** Id of {@link #PAD}. */
    public static final int PAD_ID = 0;
    /** Id of {@link #GO}. */
    public static final int GO_ID = 1;
    /** Id of {@link #EOS}. */
    public static final int EOS_ID = 2;
    /** Id of {@link #UNK}. */
    public static final int UNK_ID = 3;
    /** The special tokens, in id order. */
    public static final List<String> SPECIALS = List.of(PAD, GO, EOS, UNK);

    private final List<String> words;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> words) {
        this.words = List.copyOf(words);
        this.ids = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            if (ids.put(words.get(i), i) != null) {
                throw new UserException("vocabulary has the word '" + words.get(i) + "' twice");
            }
        }
        for (int i = 0; i < SPECIALS.size(); i++) {
            if (words.size() <= i || !words.get(i).equals(SPECIALS.get(i))) {
                throw new UserException("vocabulary does not start with the special tokens " + SPECIALS);
            }
        }
    }

    /**
     * @param sentences tokenised training sentences
     * @param maxWords  at most this many words besides the special tokens ({@code --vocab})
     * @param minCount  a word must occur at least this often ({@code --min-count})
     * @return the vocabulary
     */
    public static Vocabulary build(Collection<List<String>> sentences, int maxWords, int minCount) {
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> s : sentences) {
            for (String w : s) {
                counts.merge(w, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.removeIf(e -> e.getValue() < minCount || SPECIALS.contains(e.getKey()));
        entries.sort(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed()
                .thenComparing(Map.Entry::getKey));
        List<String> words = new ArrayList<>(SPECIALS);
        for (int i = 0; i < Math.min(maxWords, entries.size()); i++) {
            words.add(entries.get(i).getKey());
        }
        return new Vocabulary(words);
    }

    /**
     * @param words all words in id order, starting with {@link #SPECIALS}
     * @return the vocabulary
     */
    public static Vocabulary of(List<String> words) {
        return new Vocabulary(words);
    }

    /** @return number of ids, special tokens included */
    public int size() {
        return words.size();
    }

    /**
     * @param word a token
     * @return its id, or {@link #UNK_ID}
     */
    public int id(String word) {
        return ids.getOrDefault(word, UNK_ID);
    }

    /**
     * @param word a token
     * @return true if the word has an id of its own
     */
    public boolean contains(String word) {
        return ids.containsKey(word);
    }

    /**
     * @param id an id in [0, size)
     * @return its word
     */
    public String word(int id) {
        return words.get(id);
    }

    /** @return all words in id order (unmodifiable) */
    public List<String> words() {
        return Collections.unmodifiableList(words);
    }

    /**
     * @param tokens words
     * @return their ids
     */
    public int[] ids(List<String> tokens) {
        return tokens.stream().mapToInt(this::id).toArray();
    }

    /** @return one word per line, UTF-8 (the format stored in the model zip) */
    public byte[] toBytes() {
        return (String.join("\n", words) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param bytes  a vocabulary written by {@link #toBytes()}
     * @param source where it came from, for the error message
     * @return the vocabulary
     * @throws UserException if it is not a vocabulary
     */
    public static Vocabulary fromBytes(byte[] bytes, String source) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> words = new ArrayList<>(text.lines().toList());
        if (words.size() < SPECIALS.size() || !words.subList(0, SPECIALS.size()).equals(SPECIALS)) {
            throw new UserException(source + " is not a vocabulary (expected the special tokens " + SPECIALS + " first)");
        }
        return new Vocabulary(words);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.words.equals(words);
    }

    @Override
    public int hashCode() {
        return words.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary(" + words.size() + " words)";
    }
}
