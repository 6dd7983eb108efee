package org.rnnsuite.word2vec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.VectorsIO;
import org.rnnsuite.common.embeddings.WordVectors;

/**
 * The expected figures were checked once with gensim 4.2 on the same files:
 * {@code kv.evaluate_word_analogies("analogies-tiny.txt", restrict_vocab=10)} gives royal 2/1, capital 2/0, total 0.8;
 * {@code kv.evaluate_word_pairs("similarity-tiny.txt", restrict_vocab=10)} gives Pearson 0.40321, Spearman 0.11180,
 * 16.67 % out of vocabulary.
 */
class EvaluationTest {
    @TempDir
    Path tmp;

    static Path resource(String name) {
        try {
            return Path.of(EvaluationTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static WordVectors tiny() {
        return VectorsIO.read(resource("vectors-tiny.txt"), 0);
    }

    @Test
    void mostSimilarIsGensims3CosAdd() {
        WordVectors v = tiny();
        List<WordVectors.Neighbour> r = v.mostSimilar(List.of("woman", "king"), List.of("man"), 3, v.size());
        assertEquals("queen", r.get(0).word());
        assertEquals(0.9585688710212708, r.get(0).similarity(), 1e-6); // gensim's figure
        assertEquals("apple", r.get(1).word());
        assertEquals(0.055872995406389236, r.get(1).similarity(), 1e-6);
        // king = (royal + male) / sqrt 2: man is at cos 0.707, queen at 0.5
        assertEquals(List.of("man", "queen"), v.nearest("king", 2).stream().map(WordVectors.Neighbour::word).toList());
    }

    @Test
    void nearestExcludesTheWordAndUnknownWordsFailClearly() {
        WordVectors v = tiny();
        assertTrue(v.nearest("paris", 10).stream().noneMatch(n -> n.word().equals("paris")));
        assertEquals(10, v.nearest("paris", 10).size());
        assertEquals(0.5, v.nearest("Paris", 1).get(0).similarity(), 1e-6); // lower-case fallback
        UserException e = assertThrows(UserException.class, () -> v.nearest("zebra", 3));
        assertEquals("'zebra' is not in the vocabulary (11 words)", e.getMessage());
    }

    @Test
    void analogyAccuracyPerSectionWithSkippedQuestions() {
        AnalogyEvaluation.Result r = AnalogyEvaluation.evaluate(tiny(), resource("analogies-tiny.txt"), 10);
        assertEquals(List.of(new AnalogyEvaluation.Section("royal", 2, 1), new AnalogyEvaluation.Section("capital", 2, 0)),
                r.sections());
        assertEquals(new AnalogyEvaluation.Section("Total accuracy", 4, 1), r.total());
        assertEquals(0.8, r.total().accuracy(), 1e-12);
        assertEquals(6, r.questions());
        assertEquals(1, r.skipped()); // tokyo is the 11th word, outside restrict 10
        assertEquals(5.0 / 6, r.coverage(), 1e-12);

        AnalogyEvaluation.Result all = AnalogyEvaluation.evaluate(tiny(), resource("analogies-tiny.txt"), 300_000);
        assertEquals(new AnalogyEvaluation.Section("capital", 3, 0), all.sections().get(1));
        assertEquals(0, all.skipped());
    }

    @Test
    void aQuestionBeforeAnySectionIsAnError() throws IOException {
        Path f = tmp.resolve("q.txt");
        Files.writeString(f, "man woman king queen\n");
        UserException e = assertThrows(UserException.class, () -> AnalogyEvaluation.evaluate(tiny(), f, 10));
        assertTrue(e.getMessage().endsWith("line 1: question before the first ': section' line"), e.getMessage());
    }

    @Test
    void spearmanWithTies() {
        double[] x = {1, 2, 3, 4, 5};
        double[] y = {5, 6, 7, 8, 7};
        assertEquals(List.of(1.0, 2.0, 3.5, 5.0, 3.5),
                java.util.Arrays.stream(SimilarityEvaluation.ranks(y)).boxed().toList());
        assertEquals(0.8207826816681233, SimilarityEvaluation.spearman(x, y), 1e-12); // scipy.stats.spearmanr
        assertEquals(1.0, SimilarityEvaluation.spearman(x, new double[] {10, 20, 30, 40, 50}), 1e-12);
        assertEquals(-1.0, SimilarityEvaluation.spearman(x, new double[] {5, 4, 3, 2, 1}), 1e-12);
    }

    @Test
    void similarityFileAsGensim() {
        SimilarityEvaluation.Result r = SimilarityEvaluation.evaluate(tiny(), resource("similarity-tiny.txt"), 10);
        assertEquals(5, r.pairs());
        assertEquals(1, r.skipped());
        assertEquals(0.11180339887498947, r.spearman(), 1e-6);
        assertEquals(0.4032148358739008, r.pearson(), 1e-6);
    }
}
