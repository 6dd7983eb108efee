package org.rnnsuite.timeseries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.run.MetricsCsv;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.testing.ChildJvm;

/**
 * Kills {@code timeseries train} (a child JVM, {@code SIGKILL}) at seeded random moments — during start-up,
 * training, the timed checkpoints within report periods and the saves at reports — and resumes it each time: no
 * file is ever left corrupt, and the resumed run ends with exactly the parameters of an uninterrupted one.
 */
class TimeSeriesFaultInjectionTest {
    private static final String MAIN = TimeSeriesCommand.class.getName();

    @TempDir
    Path dir;

    private static List<String> train(Path out) {
        return List.of("train", "--iterations", "500", "--units", "16", "--batch-size", "16", "--layers", "2",
                "--dropout", "0.2", "--checkpoint-minutes", "0.01", "--quiet", "--resume", "--out", out.toString());
    }

    @Test
    void killedAtRandomMomentsAndResumedItEndsLikeAnUninterruptedRun() throws IOException {
        Path whole = dir.resolve("whole");
        long start = System.nanoTime();
        ChildJvm.Outcome ok = ChildJvm.run(dir.resolve("whole.log"), MAIN, List.of(), train(whole));
        assertEquals(0, ok.exitCode(), ok.output());
        int wholeMs = (int) ((System.nanoTime() - start) / 1_000_000);

        Path killed = dir.resolve("killed");
        List<Double> reached = new ArrayList<>();   // the checkpoint's iteration after each kill
        // between a quarter and three quarters of an uninterrupted run: start-up, training, saves
        List<Long> kills = ChildJvm.killAtRandomMoments(dir, MAIN, List.of(), train(killed), killed, wholeMs, 0.25,
                0.75, 7, 4, () -> {
                    Path checkpoint = killed.resolve("checkpoint.zip");
                    reached.add(Files.exists(checkpoint) ? ModelIO.readCard(checkpoint, "timeseries").position() : 0.0);
                    for (String f : List.of("model.zip", "checkpoint.zip")) {   // never a broken file
                        if (Files.exists(killed.resolve(f))) {
                            ModelIO.load(killed.resolve(f), "timeseries", MultiLayerNetwork.class);
                        }
                    }
                });
        assertTrue(kills.size() >= 1, "a kill happened: " + kills + " (whole run " + wholeMs + " ms)");
        ChildJvm.Outcome last = ChildJvm.run(dir.resolve("last.log"), MAIN, List.of(), train(killed));
        assertEquals(0, last.exitCode(), last.output());

        ModelIO.Loaded<MultiLayerNetwork> a = ModelIO.load(whole.resolve("checkpoint.zip"), "timeseries",
                MultiLayerNetwork.class);
        ModelIO.Loaded<MultiLayerNetwork> b = ModelIO.load(killed.resolve("checkpoint.zip"), "timeseries",
                MultiLayerNetwork.class);
        assertEquals(500.0, b.card().position());
        assertEquals(a.model().params(), b.model().params(), "kills at " + kills + " ms, at iterations " + reached);
        ModelIO.Loaded<MultiLayerNetwork> bestA = ModelIO.load(whole.resolve("model.zip"), "timeseries",
                MultiLayerNetwork.class);
        ModelIO.Loaded<MultiLayerNetwork> bestB = ModelIO.load(killed.resolve("model.zip"), "timeseries",
                MultiLayerNetwork.class);
        assertEquals(bestA.card().position(), bestB.card().position());
        assertEquals(bestA.model().params(), bestB.model().params());
        assertEquals(MetricsCsv.read(whole.resolve("metrics.csv")).get("mse").length,
                MetricsCsv.read(killed.resolve("metrics.csv")).get("mse").length);
        assertEquals(List.of(), ChildJvm.temporaryFiles(killed), "leftovers (kills at " + kills + " ms)");
    }
}
