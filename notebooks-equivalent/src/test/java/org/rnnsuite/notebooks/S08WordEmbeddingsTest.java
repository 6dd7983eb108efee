package org.rnnsuite.notebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.embeddings.WordVectors;

class S08WordEmbeddingsTest {
    /** Hand-made vectors (word2vec text format): royals, fruits and countries point in three directions. */
    private static final String VECTORS = """
            9 3
            king 1.0 0.1 0.0
            queen 0.9 0.2 0.0
            prince 0.8 0.0 0.1
            apple 0.0 1.0 0.1
            pear 0.1 0.9 0.0
            plum 0.0 0.8 0.2
            france 0.0 0.1 1.0
            spain 0.1 0.0 0.9
            god -0.5 -0.5 -0.5
            """;

    @TempDir
    static Path dir;
    private static S08WordEmbeddings.Result tiny;
    private static S08WordEmbeddings.Result trained;

    @BeforeAll
    static void runOnce() throws Exception {
        Path file = Files.writeString(dir.resolve("tiny.txt"), VECTORS);
        tiny = S08WordEmbeddings.run(42, true, file, Transcript.silent());
        trained = S08WordEmbeddings.run(42, true, null, Transcript.silent());
    }

    @Test
    void embeddingsAreUniformInMinusOneToOne() {
        assertArrayEquals(new long[] {S08WordEmbeddings.VOCABULARY_SIZE, S08WordEmbeddings.EMBEDDING_SIZE},
                tiny.embeddings().shape());
        double min = tiny.embeddings().minNumber().doubleValue();
        double max = tiny.embeddings().maxNumber().doubleValue();
        assertTrue(min >= -1.0 && min < -0.999, "min " + min);
        assertTrue(max <= 1.0 && max > 0.999, "max " + max);
        assertEquals(0.0, tiny.embeddings().meanNumber().doubleValue(), 0.01);
    }

    @Test
    void lookupIsRowSelection() {
        assertArrayEquals(new long[] {2, S08WordEmbeddings.EMBEDDING_SIZE, 4}, tiny.looked().shape());
        assertEquals(tiny.selected(), tiny.looked());
        assertEquals(tiny.pretrainedSelected(), tiny.pretrainedLooked());
        assertEquals(trained.pretrainedSelected(), trained.pretrainedLooked());
    }

    @Test
    void nearestNeighboursOfHandMadeVectors() {
        assertEquals(List.of("god", "king", "france"), tiny.queries());
        assertEquals(List.of("queen", "prince"), words(tiny.nearestTutorial().get("king")).subList(0, 2));
        assertEquals("spain", tiny.nearestTutorial().get("france").get(0).word());
        sameNeighbours(tiny);
    }

    @Test
    void theNotebooksSearchAgreesWithWord2vecTrainerOnTrainedVectors() {
        assertTrue(trained.queries().contains("god"), trained.queries().toString());
        sameNeighbours(trained);
    }

    private static void sameNeighbours(S08WordEmbeddings.Result r) {
        for (String q : r.queries()) {
            List<S08WordEmbeddings.Neighbour> a = r.nearestTutorial().get(q);
            List<WordVectors.Neighbour> b = r.nearestWord2vec().get(q);
            assertEquals(S08WordEmbeddings.TOP_K, a.size(), q);
            assertEquals(a.size(), b.size(), q);
            for (int i = 0; i < a.size(); i++) {
                assertEquals(b.get(i).similarity(), a.get(i).similarity(), 1e-5, q + " #" + i);
                // the same word, unless two candidates tie within float precision
                if (i + 1 < a.size() && Math.abs(a.get(i).similarity() - a.get(i + 1).similarity()) > 1e-5
                        && (i == 0 || Math.abs(a.get(i - 1).similarity() - a.get(i).similarity()) > 1e-5)) {
                    assertEquals(b.get(i).word(), a.get(i).word(), q + " #" + i);
                }
            }
        }
    }

    private static List<String> words(List<S08WordEmbeddings.Neighbour> n) {
        return n.stream().map(S08WordEmbeddings.Neighbour::word).collect(Collectors.toList());
    }
}
