package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.rnnsuite.common.UserException;

class NmtDataTest {
    private static final SentencePair MILK = new SentencePair(List.of("i", "drink", "milk"),
            List.of("je", "bois", "du", "lait"));
    private static final SentencePair HI = new SentencePair(List.of("hi", "!"), List.of("salut", "!"));

    @Test
    void reversesTheSourceAndPlacesGoAndEos() {
        assertEquals(List.of("milk", "drink", "i"), NmtData.reversed(MILK.english()));
        assertEquals(List.of("<go>", "je", "bois", "du", "lait"), NmtData.decoderInput(MILK.french()));
        assertEquals(List.of("je", "bois", "du", "lait", "<eos>"), NmtData.decoderLabels(MILK.french()));
    }

    @Test
    void batchHoldsReversedIdsAndMasksCoverExactlyThePadding() {
        Vocabulary src = Vocabulary.build(List.of(MILK.english(), HI.english()), 100, 1);
        Vocabulary tgt = Vocabulary.build(List.of(MILK.french(), HI.french()), 100, 1);
        MultiDataSet b = NmtData.batch(List.of(MILK, HI), src, tgt);
        INDArray s = b.getFeatures(0);
        INDArray d = b.getFeatures(1);
        INDArray l = b.getLabels(0);
        assertArrayEquals(new long[] {2, 1, 3}, s.shape());
        assertArrayEquals(new long[] {2, 1, 5}, d.shape());
        assertArrayEquals(new long[] {2, 1, 5}, l.shape());
        // row 0: "milk drink i", no padding; row 1: "! hi" then one pad
        assertArrayEquals(new int[] {src.id("milk"), src.id("drink"), src.id("i")}, row(s, 0));
        assertArrayEquals(new int[] {src.id("!"), src.id("hi"), Vocabulary.PAD_ID}, row(s, 1));
        assertArrayEquals(new float[] {1, 1, 1}, b.getFeaturesMaskArray(0).getRow(0).toFloatVector());
        assertArrayEquals(new float[] {1, 1, 0}, b.getFeaturesMaskArray(0).getRow(1).toFloatVector());
        // decoder input and labels: 5 steps for "je bois du lait", 3 for "salut !"
        assertArrayEquals(new int[] {Vocabulary.GO_ID, tgt.id("je"), tgt.id("bois"), tgt.id("du"), tgt.id("lait")}, row(d, 0));
        assertArrayEquals(new int[] {Vocabulary.GO_ID, tgt.id("salut"), tgt.id("!"), 0, 0}, row(d, 1));
        assertArrayEquals(new int[] {tgt.id("je"), tgt.id("bois"), tgt.id("du"), tgt.id("lait"), Vocabulary.EOS_ID}, row(l, 0));
        assertArrayEquals(new int[] {tgt.id("salut"), tgt.id("!"), Vocabulary.EOS_ID, 0, 0}, row(l, 1));
        for (INDArray m : new INDArray[] {b.getFeaturesMaskArray(1), b.getLabelsMaskArray(0)}) {
            assertArrayEquals(new float[] {1, 1, 1, 1, 1}, m.getRow(0).toFloatVector());
            assertArrayEquals(new float[] {1, 1, 1, 0, 0}, m.getRow(1).toFloatVector());
        }
        assertEquals(8, NmtData.targetTokens(List.of(MILK, HI)));
    }

    private static int[] row(INDArray a, int i) {
        float[] f = a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i), org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).toFloatVector();
        int[] r = new int[f.length];
        for (int j = 0; j < f.length; j++) {
            r[j] = (int) f[j];
        }
        return r;
    }

    @Test
    void parsesPairsAndToleratesUpToOnePercentMalformed() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 199; i++) {
            lines.add("Hello " + i + ".\tBonjour " + i + ".\tCC-BY 2.0 (France) Attribution");
        }
        lines.add("no tab here");
        lines.add("");
        NmtData.PairFile f = NmtData.parsePairs(lines, "pairs.tsv");
        assertEquals(199, f.pairs().size());
        assertEquals(200, f.lines());
        assertEquals(1, f.malformed());
        assertEquals(List.of("bonjour", "0", "."), f.pairs().get(0).french());
        lines.add("still no tab");
        lines.add("\tempty English");
        UserException e = assertThrows(UserException.class, () -> NmtData.parsePairs(lines, "pairs.tsv"));
        assertTrue(e.getMessage().startsWith("pairs.tsv: 3 of 202 lines (1.5 %) are malformed"), e.getMessage());
    }

    @Test
    void emptyFileAndFileWithoutTabsAreClearErrors() {
        UserException empty = assertThrows(UserException.class, () -> NmtData.parsePairs(List.of("", " "), "e.tsv"));
        assertEquals("e.tsv is empty: expected lines english<TAB>french", empty.getMessage());
        UserException noTab = assertThrows(UserException.class, () -> NmtData.parsePairs(List.of("a b", "c d"), "n.tsv"));
        assertEquals("n.tsv has no tab-separated pairs: expected lines english<TAB>french", noTab.getMessage());
    }

    @Test
    void lengthFilterKeepsPairsWithBothSidesShortEnough() {
        assertEquals(List.of(HI), NmtData.filterByLength(List.of(MILK, HI), 3));
        assertEquals(List.of(MILK, HI), NmtData.filterByLength(List.of(MILK, HI), 4));
    }

    @Test
    void splitNeverSharesAnEnglishSentenceAndIsDeterministic() {
        List<SentencePair> pairs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            for (int k = 0; k < 1 + i % 3; k++) {   // 1 to 3 translations of each English sentence
                pairs.add(new SentencePair(List.of("sentence", "" + i), List.of("phrase", "" + i, "v" + k)));
            }
        }
        NmtData.Split s = NmtData.splitByCount(pairs, 20, 42);
        assertTrue(s.test().size() >= 20 && s.test().size() <= 22, "test size " + s.test().size());
        assertEquals(pairs.size(), s.train().size() + s.test().size());
        Set<String> trainEnglish = new HashSet<>();
        s.train().forEach(p -> trainEnglish.add(p.englishKey()));
        s.test().forEach(p -> assertFalse(trainEnglish.contains(p.englishKey()), p.englishKey()));
        assertEquals(s, NmtData.splitByCount(pairs, 20, 42));
        assertFalse(s.equals(NmtData.splitByCount(pairs, 20, 43)));
    }

    @Test
    void givenTestSetRemovesItsEnglishFromTraining() {
        SentencePair hi2 = new SentencePair(HI.english(), List.of("coucou", "!"));
        NmtData.Split s = NmtData.withTestSet(List.of(MILK, hi2), List.of(HI));
        assertEquals(List.of(MILK), s.train());
        assertEquals(List.of(HI), s.test());
    }
}
