package org.rnnsuite.nmt;

import java.util.List;

/**
 * One tokenised translation pair.
 *
 * @param english the English tokens (the source)
 * @param french  the French tokens (the target)
 */
public record SentencePair(List<String> english, List<String> french) {
    /**
     * Copies the token lists.
     *
     * @param english the English tokens
     * @param french  the French tokens
     */
    public SentencePair {
        english = List.copyOf(english);
        french = List.copyOf(french);
    }

    /** @return the English tokens joined by spaces (the key that keeps train and test apart) */
    public String englishKey() {
        return String.join(" ", english);
    }

    /** @return the pair as a tokenised TSV line {@code english<TAB>french} */
    public String toTsv() {
        return String.join(" ", english) + "\t" + String.join(" ", french);
    }
}
