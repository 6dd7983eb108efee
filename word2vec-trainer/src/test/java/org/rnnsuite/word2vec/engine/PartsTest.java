package org.rnnsuite.word2vec.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's parts: Huffman codes, the noise distribution, the token corpus, the vector kernels. */
class PartsTest {
    @TempDir
    Path tmp;

    @Test
    void huffmanCodesOfAKnownVocabulary() {
        // counts 5, 3, 2, 1: merges (1,2)->3 [node 0], (3,3)->6 [node 1], (5,6)->11 [node 2, the root]
        EngineVocab v = new EngineVocab(List.of("a", "b", "c", "d"), new long[] {5, 3, 2, 1});
        assertArrayEquals(new byte[] {0}, v.code(0));
        assertArrayEquals(new int[] {2}, v.points(0));
        assertArrayEquals(new byte[] {1, 1}, v.code(1));
        assertArrayEquals(new int[] {2, 1}, v.points(1));
        assertArrayEquals(new byte[] {1, 0, 1}, v.code(2));
        assertArrayEquals(new int[] {2, 1, 0}, v.points(2));
        assertArrayEquals(new byte[] {1, 0, 0}, v.code(3));
        assertArrayEquals(new int[] {2, 1, 0}, v.points(3));
    }

    @Test
    void huffmanCodesArePrefixFreeAndComplete() {
        long[] counts = new long[300];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 100_000 / (i + 1) + 1;
        }
        List<String> words = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            words.add("w" + i);
        }
        EngineVocab v = new EngineVocab(words, counts);
        double kraft = 0;
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            StringBuilder sb = new StringBuilder();
            for (byte b : v.code(i)) {
                sb.append(b);
            }
            codes.add(sb.toString());
            kraft += Math.pow(2, -v.codeLength(i));
            assertEquals(v.size() - 2, v.points(i)[0], "every path starts at the root");
        }
        assertEquals(1.0, kraft, 1e-12);
        for (int i = 0; i < codes.size(); i++) {
            for (int j = 0; j < codes.size(); j++) {
                assertTrue(i == j || !codes.get(j).startsWith(codes.get(i)), codes.get(i) + " prefixes " + codes.get(j));
            }
        }
        assertTrue(v.codeLength(0) < v.codeLength(299));
    }

    @Test
    void noiseFollowsTheCountsToThePower075() {
        long[] counts = {1000, 100, 10, 1};
        NoiseTable t = new NoiseTable(counts, 0.75);
        double sum = 0;
        for (long c : counts) {
            sum += Math.pow(c, 0.75);
        }
        int[] seen = new int[4];
        SplittableRandom r = new SplittableRandom(1);
        int n = 400_000;
        for (int i = 0; i < n; i++) {
            seen[t.sample(r.nextLong())]++;
        }
        for (int i = 0; i < 4; i++) {
            double p = Math.pow(counts[i], 0.75) / sum;
            assertEquals(p, t.probability(i), 1e-6, "word " + i);
            assertEquals(p, seen[i] / (double) n, 0.005, "word " + i);
        }
    }

    @Test
    void theCorpusInAFileReadsLikeTheCorpusInMemory() {
        TokenCorpus.Builder mem = TokenCorpus.builder(null);
        TokenCorpus.Builder file = TokenCorpus.builder(tmp.resolve("ids"));
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            int id = r.nextInt(10) == 0 ? TokenCorpus.SENTENCE_END : r.nextInt(500);
            mem.add(id);
            file.add(id);
        }
        TokenCorpus a = mem.build();
        TokenCorpus b = file.build();
        assertEquals(a.size(), b.size());
        assertEquals(a.words(), b.words());
        for (long i = 0; i < a.size(); i++) {
            assertEquals(a.get(i), b.get(i));
        }
        long[] slices = a.slices(3);
        assertEquals(0, slices[0]);
        assertEquals(a.size(), slices[3]);
        for (int p = 1; p < 3; p++) {
            assertEquals(TokenCorpus.SENTENCE_END, a.get(slices[p] - 1), "slice " + p + " starts a sentence");
        }
    }

    @Test
    void mappingDropsWordsAndEmptySentences() {
        TokenCorpus c = TokenCorpus.of(0, 1, -1, 1, 1, -1, 2, 0);
        TokenCorpus m = c.map(id -> id == 1 ? -1 : id + 10, null);
        assertEquals(5, m.size());
        assertEquals(List.of(10, -1, 12, 10, -1), List.of(m.get(0), m.get(1), m.get(2), m.get(3), m.get(4)));
        assertEquals(3, m.words());
        assertThrows(IllegalArgumentException.class, () -> TokenCorpus.of(-5));
    }

    @Test
    void theKernelsAgree() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n : new int[] {1, 7, 16, 37, 100, 300}) {
            float[] a = new float[n + 9];
            float[] b = new float[n + 4];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) r.nextGaussian();
            }
            double exact = 0;
            for (int i = 0; i < n; i++) {
                exact += (double) a[9 + i] * b[4 + i];
            }
            for (Kernels k : List.of(Kernels.scalar(), Kernels.best())) {
                assertEquals(exact, k.dot(a, 9, b, 4, n), 1e-4 * n, k.name() + " n=" + n);
                float[] y = b.clone();
                k.axpy(0.5f, a, 9, y, 4, n);
                for (int i = 0; i < n; i++) {
                    assertEquals(b[4 + i] + 0.5f * a[9 + i], y[4 + i], 1e-6, k.name());
                }
                for (int i = 0; i < 4; i++) {
                    assertEquals(b[i], y[i], k.name() + ": nothing before the row changes");
                }
            }
        }
    }
}
