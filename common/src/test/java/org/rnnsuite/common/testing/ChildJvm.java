package org.rnnsuite.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
}
