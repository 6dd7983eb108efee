package org.rnnsuite.common.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.UserException;

/**
 * The provenance of a run, written as {@code run.json} beside the model: workflow, configuration record, DL4J
 * version, ND4J backend, git commit when known, start and end time, final metrics.
 */
public final class RunInfo {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunInfo() {
    }

    /**
     * Writes {@code run.json} atomically into a directory.
     *
     * @param dir      the run directory
     * @param workflow workflow name, e.g. {@code mnist}
     * @param config   the configuration (usually a record; serialised field by field)
     * @param start    start time
     * @param end      end time
     * @param metrics  final metrics, name → value
     * @return the path of {@code run.json}
     */
    public static Path write(Path dir, String workflow, Object config, Instant start, Instant end,
                             Map<String, ?> metrics) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("workflow", workflow);
        run.put("config", config);
        run.put("dl4jVersion", dl4jVersion());
        run.put("backend", backend());
        run.put("gitCommit", gitCommit());
        run.put("java", System.getProperty("java.version"));
        run.put("start", start.toString());
        run.put("end", end.toString());
        run.put("seconds", (end.toEpochMilli() - start.toEpochMilli()) / 1000.0);
        run.put("metrics", metrics);
        try {
            String text = JSON.writeValueAsString(run) + "\n";
            return AtomicFiles.writeString(dir.resolve("run.json"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param file a {@code run.json}
     * @return its content as a map
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(Path file) {
        try {
            return JSON.readValue(Files.readString(file), Map.class);
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
        }
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
        try (InputStream in = RunInfo.class.getResourceAsStream(resource)) {
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
