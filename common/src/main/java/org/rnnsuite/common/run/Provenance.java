package org.rnnsuite.common.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a model comes from, for model cards and {@code run.json}: the suite's and DL4J's versions, the ND4J backend
 * and the git commit when known.
 */
public final class Provenance {
    private Provenance() {
    }

    /** @return this suite's version, e.g. {@code 0.1.0-SNAPSHOT} */
    public static String suiteVersion() {
        return version("/org/rnnsuite/common/version.properties");
    }

    /** @return the DL4J version on the classpath, e.g. {@code 1.0.0-M2.1} */
    public static String dl4jVersion() {
        return version("/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties");
    }

    private static String version(String resource) {
        try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "unknown";
    }

    /** @return the ND4J backend in use, e.g. {@code CpuBackend} */
    public static String backend() {
        return Nd4j.getBackend().getClass().getSimpleName();
    }

    /** @return the git commit of the working directory, or {@code null} if unknown */
    public static String gitCommit() {
        String fromEnv = System.getenv("RNN_GIT_COMMIT");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
