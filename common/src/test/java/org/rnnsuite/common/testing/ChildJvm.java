package org.rnnsuite.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a command of the suite in a child JVM, as a user would, so that a test can kill it with {@code SIGKILL}
 * at any moment (for the fault-injection tests of the training lifecycle). The child gets the test's classpath,
 * one OpenMP thread and ND4J's memory settings.
 */
public final class ChildJvm {
    /** What a finished child did. */
    public record Outcome(int exitCode, String output) {
    }

    private ChildJvm() {
    }

    private static ProcessBuilder builder(Path log, String mainClass, List<String> jvmArgs, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx2g");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dorg.bytedeco.javacpp.maxPhysicalBytes=0");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return pb;
    }

    /**
     * Runs a command to its end.
     *
     * @param log       file receiving the child's stdout and stderr
     * @param mainClass the command's main class
     * @param jvmArgs   further JVM options (e.g. system properties)
     * @param args      the command line
     * @return its exit code and output
     */
    public static Outcome run(Path log, String mainClass, List<String> jvmArgs, List<String> args) {
        try {
            Process p = builder(log, mainClass, jvmArgs, args).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("child did not finish in 5 minutes: " + args);
            }
            return new Outcome(p.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a command and kills it with {@code SIGKILL} after a delay (or lets it finish if it ends first).
     *
     * @param log         file receiving the child's output
     * @param mainClass   the command's main class
     * @param jvmArgs     further JVM options
     * @param args        the command line
     * @param killAfterMs milliseconds after the start at which the child is killed
     * @return true if it was killed, false if it had finished by then
     */
    public static boolean killAfter(Path log, String mainClass, List<String> jvmArgs, List<String> args,
                                    long killAfterMs) {
        try {
            Process p = builder(log, mainClass, jvmArgs, args).start();
            if (p.waitFor(killAfterMs, TimeUnit.MILLISECONDS)) {
                return false;
            }
            p.destroyForcibly();   // SIGKILL: no shutdown hook, no finally block runs
            p.waitFor();
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Kills a training command with {@code SIGKILL} at seeded random moments, each attempt continuing the run
     * directory the previous ones left, until one attempt finishes first or {@code attempts} attempts were made.
     * The moments lie between {@code from} and {@code to} of an uninterrupted run's time. A child's time varies
     * several-fold with the machine's load and a cold start (the first run reads the jars from disk): when an
     * attempt finishes before any kill happened, the run directory is removed and the moments are drawn anew
     * from that attempt's own time.
     *
     * @param logDir     directory receiving each attempt's output ({@code kill0.log}, ...)
     * @param mainClass  the command's main class
     * @param jvmArgs    further JVM options
     * @param args       the command line (with {@code --resume} and {@code --out runDir})
     * @param runDir     the run directory the command writes
     * @param wholeMs    milliseconds an uninterrupted run took
     * @param from       earliest moment, as a fraction of the run's time
     * @param to         latest moment, as a fraction of the run's time
     * @param seed       the moments' seed
     * @param attempts   at most this many kills
     * @param afterKill  checks the run directory after each kill (e.g. that no file is broken)
     * @return the delays (ms) of the kills the run directory went through, possibly none
     */
    public static List<Long> killAtRandomMoments(Path logDir, String mainClass, List<String> jvmArgs,
                                                 List<String> args, Path runDir, long wholeMs, double from,
                                                 double to, long seed, int attempts, Runnable afterKill) {
        Random rng = new Random(seed);
        long runMs = wholeMs;
        List<Long> kills = new ArrayList<>();
        for (int attempt = 0; attempt < attempts + 3 && kills.size() < attempts; attempt++) {
            long delay = (long) (from * runMs) + rng.nextInt((int) Math.max(1, (to - from) * runMs));
            long start = System.nanoTime();
            if (killAfter(logDir.resolve("kill" + attempt + ".log"), mainClass, jvmArgs, args, delay)) {
                kills.add(delay);
                afterKill.run();
            } else if (kills.isEmpty()) {
                runMs = (System.nanoTime() - start) / 1_000_000;   // a whole run, faster than the one timed
                deleteTree(runDir);
            } else {
                break;   // the run was continued to its end
            }
        }
        return kills;
    }

    /**
     * @param dir a run directory
     * @return the names of the temporary files in it (those of interrupted saves; none after a finished run)
     */
    public static List<String> temporaryFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".tmp")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
