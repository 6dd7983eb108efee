package org.rnnsuite.common.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.cli.Cli;

/**
 * Saves and loads models as DL4J model zips. Saving writes a temporary file and renames it atomically, so a
 * failed save leaves the previous model intact. Each zip also records which workflow wrote it
 * ({@value #WORKFLOW_ENTRY}), and loading refuses, with one line, a file that is not a model of the expected kind.
 */
public final class ModelIO {
    /** Zip entry holding the name of the workflow that wrote the model. */
    public static final String WORKFLOW_ENTRY = "rnnsuite-workflow.txt";

    private ModelIO() {
    }

    /**
     * Saves a network with its updater state (so training can resume).
     *
     * @param model    a {@link MultiLayerNetwork} or {@link ComputationGraph}
     * @param file     the model zip to create or replace
     * @param workflow workflow name recorded in the zip, e.g. {@code mnist}
     * @param extras   further zip entries, name → bytes (e.g. vocabularies); may be empty
     * @return the file
     */
    public static Path save(Model model, Path file, String workflow, Map<String, byte[]> extras) {
        return AtomicFiles.write(file, tmp -> {
            ModelSerializer.writeModel(model, tmp.toFile(), true);
            try (FileSystem zip = FileSystems.newFileSystem(tmp)) {
                Files.writeString(zip.getPath(WORKFLOW_ENTRY), workflow);
                for (Map.Entry<String, byte[]> e : extras.entrySet()) {
                    Path entry = zip.getPath(e.getKey());
                    if (entry.getParent() != null) {
                        Files.createDirectories(entry.getParent());
                    }
                    Files.write(entry, e.getValue());
                }
            }
        });
    }

    /**
     * @param model    the network
     * @param file     the model zip
     * @param workflow workflow name recorded in the zip
     * @return the file
     */
    public static Path save(Model model, Path file, String workflow) {
        return save(model, file, workflow, Map.of());
    }

    /**
     * @param file     a model zip written by {@link #save}
     * @param workflow the workflow expected to have written it
     * @return the network, with its updater state
     * @throws UserException if the file is missing, not a DL4J model, not a MultiLayerNetwork, or of another workflow
     */
    public static MultiLayerNetwork loadNetwork(Path file, String workflow) {
        check(file, workflow, false);
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new UserException(file + " is not a readable model: " + Cli.message(e), e);
        }
    }

    /**
     * @param file     a model zip written by {@link #save}
     * @param workflow the workflow expected to have written it
     * @return the graph, with its updater state
     * @throws UserException if the file is missing, not a DL4J model, not a ComputationGraph, or of another workflow
     */
    public static ComputationGraph loadGraph(Path file, String workflow) {
        check(file, workflow, true);
        try {
            return ModelSerializer.restoreComputationGraph(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new UserException(file + " is not a readable model: " + Cli.message(e), e);
        }
    }

    /**
     * @param file a model zip
     * @param name an entry name given to {@link #save} in {@code extras}
     * @return the entry's bytes, if present
     */
    public static Optional<byte[]> readExtra(Path file, String name) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry e = zip.getEntry(name);
            if (e == null) {
                return Optional.empty();
            }
            try (InputStream in = zip.getInputStream(e)) {
                return Optional.of(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void check(Path file, String workflow, boolean graph) {
        if (!Files.isRegularFile(file)) {
            throw new UserException("no model file " + file);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry conf = zip.getEntry("configuration.json");
            if (conf == null) {
                throw new UserException(file + " is not a DL4J model (no configuration.json in the zip)");
            }
            String json;
            try (InputStream in = zip.getInputStream(conf)) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            boolean isGraph = json.contains("\"vertices\"");
            if (isGraph != graph) {
                throw new UserException(file + " is a " + (isGraph ? "ComputationGraph" : "MultiLayerNetwork")
                        + " model, expected a " + (graph ? "ComputationGraph" : "MultiLayerNetwork"));
            }
            ZipEntry w = zip.getEntry(WORKFLOW_ENTRY);
            if (w != null) {
                String written;
                try (InputStream in = zip.getInputStream(w)) {
                    written = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
                }
                if (!written.equals(workflow)) {
                    throw new UserException(file + " is a " + written + " model, expected a " + workflow + " model");
                }
            }
        } catch (ZipException e) {
            throw new UserException(file + " is not a model zip (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
