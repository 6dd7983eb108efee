package org.rnnsuite.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.testing.ChildJvm;

/**
 * Kills {@code mnist train} (a child JVM, {@code SIGKILL}) at seeded random moments — during start-up, training,
 * evaluation and the saves — and resumes it each time: no file is ever left corrupt, and the resumed run ends
 * with exactly the parameters of an uninterrupted one.
 */
class MnistFaultInjectionTest {
    private static final String MAIN = MnistCommand.class.getName();
    private static final List<String> JVM = List.of("-D" + MnistSource.DOWNLOAD_PROPERTY + "=false");

    @TempDir
    Path dir;

    private static List<String> train(Path out) {
        return List.of("train", "--epochs", "4", "--limit-train", "600", "--quiet", "--resume", "--out",
                out.toString());
    }

    @Test
    void killedAtRandomMomentsAndResumedItEndsLikeAnUninterruptedRun() throws java.io.IOException {
        Path whole = dir.resolve("whole");
        long start = System.nanoTime();
        ChildJvm.Outcome ok = ChildJvm.run(dir.resolve("whole.log"), MAIN, JVM, train(whole));
        assertEquals(0, ok.exitCode(), ok.output());
        int wholeMs = (int) ((System.nanoTime() - start) / 1_000_000);

        Path killed = dir.resolve("killed");
        // between a quarter and three quarters of an uninterrupted run: start-up, training, saves
        List<Long> kills = ChildJvm.killAtRandomMoments(dir, MAIN, JVM, train(killed), killed, wholeMs, 0.25, 0.75,
                7, 6, () -> {
                    for (String f : List.of("model.zip", "checkpoint.zip")) {   // never a broken file
                        if (Files.exists(killed.resolve(f))) {
                            ModelIO.load(killed.resolve(f), "mnist", MultiLayerNetwork.class);
                        }
                    }
                });
        assertTrue(kills.size() >= 1, "a kill happened: " + kills + " (whole run " + wholeMs + " ms)");
        ChildJvm.Outcome last = ChildJvm.run(dir.resolve("last.log"), MAIN, JVM, train(killed));
        assertEquals(0, last.exitCode(), last.output());

        ModelIO.Loaded<MultiLayerNetwork> a = ModelIO.load(whole.resolve("checkpoint.zip"), "mnist",
                MultiLayerNetwork.class);
        ModelIO.Loaded<MultiLayerNetwork> b = ModelIO.load(killed.resolve("checkpoint.zip"), "mnist",
                MultiLayerNetwork.class);
        assertEquals(4.0, b.card().position());
        assertEquals(a.model().params(), b.model().params(), "kills at " + kills + " ms");
        ModelIO.Loaded<MultiLayerNetwork> bestA = ModelIO.load(whole.resolve("model.zip"), "mnist",
                MultiLayerNetwork.class);
        ModelIO.Loaded<MultiLayerNetwork> bestB = ModelIO.load(killed.resolve("model.zip"), "mnist",
                MultiLayerNetwork.class);
        assertEquals(bestA.card().position(), bestB.card().position());
        assertEquals(bestA.model().params(), bestB.model().params());
        assertEquals(List.of(), ChildJvm.temporaryFiles(killed), "leftovers (kills at " + kills + " ms)");
    }
}
