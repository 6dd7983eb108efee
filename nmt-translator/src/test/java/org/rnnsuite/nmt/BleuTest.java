package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BleuTest {
    private static List<String> t(String s) {
        return List.of(s.split(" "));
    }

    @Test
    void identicalIsHundred() {
        List<List<String>> c = List.of(t("le chat est sur le tapis ."), t("il fait beau aujourd'hui ."));
        assertEquals(100.0, Bleu.corpus(c, c), 1e-9);
    }

    @Test
    void noOverlapIsZero() {
        assertEquals(0.0, Bleu.corpus(List.of(t("a b c d e")), List.of(t("v w x y z"))), 0);
    }

    @Test
    void knownPartialCaseComputedByHand() {
        // pair 1: hyp "le chat est sur le tapis" (6 words), ref "le chat est assis sur le tapis" (7)
        //   1-grams 6/6; 2-grams 4/5 (not "est sur"); 3-grams 2/4 ("le chat est", "sur le tapis"); 4-grams 0/3
        // pair 2: "a b c d" both sides: 4/4, 3/3, 2/2, 1/1
        // corpus: 10/10, 7/8, 4/6, 1/4; c = 10, r = 11, BP = exp(1 - 11/10)
        List<List<String>> hyp = List.of(t("le chat est sur le tapis"), t("a b c d"));
        List<List<String>> ref = List.of(t("le chat est assis sur le tapis"), t("a b c d"));
        Bleu.Stats s = Bleu.stats(hyp, ref);
        assertArrayEquals(new long[] {10, 7, 4, 1}, s.matches());
        assertArrayEquals(new long[] {10, 8, 6, 4}, s.totals());
        assertEquals(10, s.hypLength());
        assertEquals(11, s.refLength());
        double expected = Math.exp(1 - 11.0 / 10) * Math.pow(1.0 * 7 / 8 * 4 / 6 * 1 / 4, 0.25);
        assertEquals(100 * expected, Bleu.corpus(hyp, ref), 1e-9);
        assertEquals(55.91582699147033, Bleu.corpus(hyp, ref), 1e-9); // NLTK 3.8 corpus_bleu: 0.5591582699147033
    }

    @Test
    void shortSentencesCountAtLeastOneInEachTotalAsNltkDoes() {
        List<List<String>> hyp = List.of(t("the cat sat on a mat"), t("il pleut"));
        List<List<String>> ref = List.of(t("the cat sat on the mat"), t("il pleut"));
        assertEquals(49.144984054308527, Bleu.corpus(hyp, ref), 1e-9); // NLTK 3.8 corpus_bleu: 0.49144984054308527
    }

    @Test
    void clipsRepeatedWordsAndCountsShortSentencesAsNltk() {
        // "the the the the" vs "the cat": unigram matches clipped to 1 of 4
        Bleu.Stats s = Bleu.stats(List.of(t("the the the the")), List.of(t("the cat")));
        assertEquals(1, s.matches()[0]);
        assertEquals(4, s.totals()[0]);
        // a 2-word hypothesis still adds 1 to the 3- and 4-gram totals
        Bleu.Stats s2 = Bleu.stats(List.of(t("il pleut")), List.of(t("il pleut")));
        assertArrayEquals(new long[] {1, 1}, new long[] {s2.totals()[2], s2.totals()[3]});
    }

    @Test
    void brevityPenalty() {
        Bleu.Stats s = Bleu.stats(List.of(t("a b c d")), List.of(t("a b c d e f g h")));
        assertEquals(Math.exp(1 - 8.0 / 4), s.brevityPenalty(), 1e-12);
        assertEquals(100 * Math.exp(-1), Bleu.corpus(List.of(t("a b c d")), List.of(t("a b c d e f g h"))), 1e-9);
    }

    @Test
    void exactMatch() {
        assertEquals(0.5, Bleu.exactMatch(List.of(t("a b"), t("c")), List.of(t("a b"), t("d"))), 0);
    }
}
