package org.rnnsuite.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lets a benchmark script start the timed part of two programs at the same moment (DL4J and its PyTorch peer, each
 * pinned to its own core), so that both are measured under the same machine conditions. When the environment
 * variable {@code BENCH_SYNC_DIR} names a directory, {@link #await} creates {@code <side>.ready} there and waits
 * until the script creates {@code go}; without it, {@link #await} returns at once. The Python peers do the same.
 */
public final class StartGate {
    /** Longest wait for the other side, in seconds. */
    public static final int TIMEOUT_SECONDS = 600;

    private StartGate() {
    }

    /**
     * Signals that this side has warmed up and waits for the start signal.
     *
     * @param side the file name stem of the ready signal ({@code dl4j})
     */
    public static void await(String side) {
        String dir = System.getenv("BENCH_SYNC_DIR");
        if (dir == null || dir.isEmpty()) {
            return;
        }
        Path d = Path.of(dir);
        try {
            Files.writeString(d.resolve(side + ".ready"), "");
            long deadline = System.nanoTime() + TIMEOUT_SECONDS * 1_000_000_000L;
            while (!Files.exists(d.resolve("go"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no start signal in " + d + " after " + TIMEOUT_SECONDS + " s");
                }
                Thread.sleep(5);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the start signal", e);
        }
    }
}
