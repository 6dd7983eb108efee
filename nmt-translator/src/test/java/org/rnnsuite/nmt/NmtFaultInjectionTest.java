package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.testing.ChildJvm;

/**
 * Kills {@code nmt train} (a child JVM, {@code SIGKILL}) at seeded random moments — during start-up, training,
 * evaluation, checkpoints (written between batches here) and saves — and resumes it each time: no model file is
 * ever left corrupt or behind as a temporary file, and the resumed run ends with exactly the parameters of an
 * uninterrupted one.
 */
class NmtFaultInjectionTest {
    private static final String MAIN = NmtCommand.class.getName();

    @TempDir
    Path dir;

    private static List<String> train(Path pairs, Path out) {
        List<String> args = new ArrayList<>(List.of("train", "--pairs", pairs.toString(), "--epochs", "6",
                "--checkpoint-minutes", "0.0005", "--resume", "--out", out.toString()));
        args.addAll(List.of(NmtCommandTest.TINY));
        return args;
    }

    @Test
    void killedAtRandomMomentsAndResumedItEndsLikeAnUninterruptedRun() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (SentencePair p : ToyCorpus.all()) {
            sb.append(String.join(" ", p.english())).append('\t').append(String.join(" ", p.french())).append('\n');
        }
        Path pairs = Files.writeString(dir.resolve("toy.tsv"), sb.toString());
        Path whole = dir.resolve("whole");
        long start = System.nanoTime();
        ChildJvm.Outcome ok = ChildJvm.run(dir.resolve("whole.log"), MAIN, List.of(), train(pairs, whole));
        assertEquals(0, ok.exitCode(), ok.output());
        int wholeMs = (int) ((System.nanoTime() - start) / 1_000_000);

        Path killed = dir.resolve("killed");
        // between a third of an uninterrupted run (start-up done) and its end: training, checkpoints, saves
        List<Long> kills = ChildJvm.killAtRandomMoments(dir, MAIN, List.of(), train(pairs, killed), killed, wholeMs,
                1 / 3.0, 1.0, 11, 6, () -> {
                    for (String f : List.of("model.zip", "checkpoint.zip")) {   // never a broken file
                        if (Files.exists(killed.resolve(f))) {
                            NmtModel.load(killed.resolve(f));
                        }
                    }
                });
        assertTrue(kills.size() >= 1, "a kill happened: " + kills + " (whole run " + wholeMs + " ms)");
        ChildJvm.Outcome last = ChildJvm.run(dir.resolve("last.log"), MAIN, List.of(), train(pairs, killed));
        assertEquals(0, last.exitCode(), last.output());

        for (String f : List.of("checkpoint.zip", "model.zip")) {
            ModelIO.Loaded<ComputationGraph> a = ModelIO.load(whole.resolve(f), NmtModel.WORKFLOW,
                    ComputationGraph.class);
            ModelIO.Loaded<ComputationGraph> b = ModelIO.load(killed.resolve(f), NmtModel.WORKFLOW,
                    ComputationGraph.class);
            assertEquals(a.card().position(), b.card().position(), f);
            assertEquals(a.model().params(), b.model().params(), f + ", kills at " + kills + " ms");
        }
        assertEquals(6.0, ModelIO.load(killed.resolve("checkpoint.zip"), NmtModel.WORKFLOW, ComputationGraph.class)
                .card().position());
        assertEquals(List.of(), ChildJvm.temporaryFiles(killed), "leftovers (kills at " + kills + " ms)");
    }
}
