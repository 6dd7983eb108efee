package org.rnnsuite.word2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.embeddings.VectorsIO;
import org.rnnsuite.common.embeddings.WordVectors;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.testing.ChildJvm;

/**
 * Kills {@code word2vec train} (a child JVM, {@code SIGKILL}) at seeded random moments and resumes it each time:
 * no file is ever left broken, and the resumed run ends with exactly the vectors of an uninterrupted one (one
 * thread, so the engine is deterministic).
 */
class Word2VecFaultInjectionTest {
    private static final String MAIN = Word2VecCommand.class.getName();
    private static final List<String> JVM = List.of("--add-modules", "jdk.incubator.vector");

    @TempDir
    Path dir;

    private static List<String> train(Path corpus, Path out) {
        return List.of("train", "--corpus", corpus.toString(), "--size", "32", "--window", "3", "--min-count", "3",
                "--epochs", "4", "--threads", "1", "--quiet", "--resume", "--out", out.toString());
    }

    @Test
    void killedAtRandomMomentsAndResumedItEndsLikeAnUninterruptedRun() throws Exception {
        String genesis = Files.readString(Word2VecTrainerTest.GENESIS);
        Path corpus = Files.writeString(dir.resolve("corpus.txt"), genesis.repeat(12));   // about 460,000 words
        Path whole = dir.resolve("whole");
        long start = System.nanoTime();
        ChildJvm.Outcome ok = ChildJvm.run(dir.resolve("whole.log"), MAIN, JVM, train(corpus, whole));
        assertEquals(0, ok.exitCode(), ok.output());
        int wholeMs = (int) ((System.nanoTime() - start) / 1_000_000);

        Path killed = dir.resolve("killed");
        // between a quarter and three quarters of an uninterrupted run: start-up, training, saves
        List<Long> kills = ChildJvm.killAtRandomMoments(dir, MAIN, JVM, train(corpus, killed), killed, wholeMs, 0.25,
                0.75, 11, 6, () -> {
                    for (String f : List.of("model.zip", "checkpoint.zip")) {   // never a broken file
                        if (Files.exists(killed.resolve(f))) {
                            ModelIO.readEntries(killed.resolve(f), "word2vec");
                        }
                    }
                });
        assertTrue(kills.size() >= 1, "a kill happened: " + kills + " (whole run " + wholeMs + " ms)");
        ChildJvm.Outcome last = ChildJvm.run(dir.resolve("last.log"), MAIN, JVM, train(corpus, killed));
        assertEquals(0, last.exitCode(), last.output());

        WordVectors a = VectorsIO.read(whole.resolve("vectors.bin"), 0);
        WordVectors b = VectorsIO.read(killed.resolve("vectors.bin"), 0);
        assertEquals(a.words(), b.words());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.vector(i), b.vector(i), a.word(i) + " (kills at " + kills + " ms)");
        }
        assertEquals(4.0, ModelIO.readCard(killed.resolve("checkpoint.zip"), "word2vec").position());
        assertEquals(List.of(), ChildJvm.temporaryFiles(killed), "leftovers (kills at " + kills + " ms)");
    }
}
