package org.rnnsuite.nmt;

import java.util.ArrayList;
import java.util.List;

/**
 * A toy English → French grammar made in code: "subject verb the adjective noun" becomes "sujet verbe
 * article nom adjectif", with the article following the noun's gender and the adjective moving after the noun —
 * a small reordering task a seq2seq model learns in seconds.
 */
final class ToyCorpus {
    private static final String[][] SUBJECTS = {{"i", "je"}, {"you", "tu"}, {"he", "il"}, {"she", "elle"}};
    private static final String[][] VERBS_JE_TU_IL = {
        {"see", "vois", "vois", "voit"}, {"want", "veux", "veux", "veut"}, {"take", "prends", "prends", "prend"}};
    private static final String[][] NOUNS = {{"cat", "chat", "m"}, {"house", "maison", "f"}, {"car", "voiture", "f"},
        {"dog", "chien", "m"}, {"book", "livre", "m"}};
    private static final String[][] ADJECTIVES = {{"red", "rouge", "rouge"}, {"big", "grand", "grande"},
        {"green", "vert", "verte"}, {"small", "petit", "petite"}};

    private ToyCorpus() {
    }

    /**
     * @return every sentence of the grammar (240 pairs), then the 60 sentences without an adjective ("i see the cat
     *         ." → "je vois le chat ."), one token shorter on each side: batches of these are padded
     */
    static List<SentencePair> ragged() {
        List<SentencePair> out = new ArrayList<>(all());
        for (int s = 0; s < SUBJECTS.length; s++) {
            for (String[] v : VERBS_JE_TU_IL) {
                for (String[] n : NOUNS) {
                    String verb = v[1 + Math.min(s, 2)];
                    out.add(new SentencePair(List.of(SUBJECTS[s][0], v[0], "the", n[0], "."),
                            List.of(SUBJECTS[s][1], verb, n[2].equals("f") ? "la" : "le", n[1], ".")));
                }
            }
        }
        return out;
    }

    /** @return every sentence of the grammar (240 pairs), in a fixed order */
    static List<SentencePair> all() {
        List<SentencePair> out = new ArrayList<>();
        for (int s = 0; s < SUBJECTS.length; s++) {
            for (String[] v : VERBS_JE_TU_IL) {
                for (String[] n : NOUNS) {
                    for (String[] a : ADJECTIVES) {
                        String verb = v[1 + Math.min(s, 2)];
                        boolean fem = n[2].equals("f");
                        List<String> en = List.of(SUBJECTS[s][0], v[0], "the", a[0], n[0], ".");
                        List<String> fr = List.of(SUBJECTS[s][1], verb, fem ? "la" : "le", n[1], fem ? a[2] : a[1], ".");
                        out.add(new SentencePair(en, fr));
                    }
                }
            }
        }
        return out;
    }
}
