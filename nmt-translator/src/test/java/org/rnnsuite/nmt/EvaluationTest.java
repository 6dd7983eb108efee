package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** BLEU by English length: the buckets hold the right pairs and score them on their own. */
class EvaluationTest {
    private static List<String> words(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "w" + i).toList();
    }

    @Test
    void bucketsByEnglishLength() {
        List<String> good = List.of("le", "chat", "est", "sur", "la", "table", ".");
        List<String> bad = List.of("x", "y", "z", "q", "r", "s", "t");
        Evaluation ev = new Evaluation(List.of(words(3), words(5), words(7), words(12), words(30)),
                List.of(good, good, good, good, good), List.of(good, good, bad, good, bad), 0, 0, 0);
        List<Evaluation.Bucket> b = ev.byLength(new int[] {3, 5, 7, 12, 30});
        assertEquals(List.of(new Evaluation.Bucket(1, 5, 2, 100.0), new Evaluation.Bucket(6, 10, 1, 0.0),
                new Evaluation.Bucket(11, 15, 1, 100.0), new Evaluation.Bucket(26, Integer.MAX_VALUE, 1, 0.0)), b);
        assertEquals("BLEU by English length:  1-5 100.00 (2 pairs)  6-10 0.00 (1 pairs)  11-15 100.00 (1 pairs)  "
                + "26+ 0.00 (1 pairs)", ev.byLengthLine(new int[] {3, 5, 7, 12, 30}));
        // the lengths as given count, not the model's cut: the 30-token sentence read as its first 10
        assertEquals(new Evaluation.Bucket(26, Integer.MAX_VALUE, 1, 0.0),
                ev.byLength(new int[] {3, 5, 7, 12, 30}).get(3));
        List<Evaluation.Bucket> one = ev.byLength(new int[] {1, 1, 1, 1, 1});
        assertEquals(1, one.size());
        assertEquals(5, one.get(0).pairs());
    }
}
