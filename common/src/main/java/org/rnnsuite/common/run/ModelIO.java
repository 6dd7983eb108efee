package org.rnnsuite.common.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
 * Saves and loads the suite's model files: a DL4J model zip ({@code configuration.json}, {@code coefficients.bin},
 * optionally {@code updaterState.bin}) with the {@link ModelCard} inside ({@value ModelCard#ENTRY}) and the further
 * entries the card names. Saving writes a temporary file and renames it atomically, so a failed save leaves the
 * previous file intact.
 *
 * <p>Loading reads and checks the card before anything else and refuses, with one line each: a missing or
 * unreadable file, a zip without a card (another program's, or an earlier version's), another workflow's model, a
 * newer format, and any entry the suite does not write. The last rule matters: DL4J's {@code ModelSerializer}
 * deserialises Java objects from a {@code preprocessor.bin} or {@code normalizer.bin} entry, so a model file from
 * someone else could otherwise run code; such files never reach it.
 */
public final class ModelIO {
    /** The DL4J entries a suite model may hold. */
    private static final Set<String> DL4J_ENTRIES = Set.of(ModelSerializer.CONFIGURATION_JSON,
            ModelSerializer.COEFFICIENTS_BIN, ModelSerializer.UPDATER_BIN, ModelSerializer.NO_PARAMS_MARKER);

    private ModelIO() {
    }

    /**
     * A loaded model with its card.
     *
     * @param model   the network
     * @param card    its model card
     * @param entries the further entries named by the card, name → bytes
     * @param <M>     the network type
     */
    public record Loaded<M extends Model>(M model, ModelCard card, Map<String, byte[]> entries) {
        /**
         * @param name an entry named by the card
         * @return its bytes
         */
        public byte[] entry(String name) {
            byte[] b = entries.get(name);
            if (b == null) {
                throw new UserException("the model has no entry " + name);
            }
            return b;
        }
    }

    /**
     * Saves a network with its card and further entries.
     *
     * @param model       a {@link MultiLayerNetwork} or {@link ComputationGraph}
     * @param file        the model zip to create or replace
     * @param card        its card; {@code card.entries()} must name exactly the keys of {@code entries}
     * @param entries     further zip entries, name → bytes (e.g. vocabularies)
     * @param withUpdater also store the updater state (checkpoints, so that training can continue exactly)
     * @return the file
     */
    public static Path save(Model model, Path file, ModelCard card, Map<String, byte[]> entries, boolean withUpdater) {
        if (!new HashSet<>(card.entries()).equals(entries.keySet())) {
            throw new IllegalArgumentException("card names entries " + card.entries() + ", given " + entries.keySet());
        }
        return AtomicFiles.write(file, tmp -> {
            ModelSerializer.writeModel(model, tmp.toFile(), withUpdater);
            try (FileSystem zip = FileSystems.newFileSystem(tmp)) {
                Files.writeString(zip.getPath(ModelCard.ENTRY), Json.write(card));
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    Files.write(zip.getPath(e.getKey()), e.getValue());
                }
            }
        });
    }

    /**
     * @param fileOrRunDir a model zip, or a run directory (meaning the {@code model.zip} in it)
     * @return the model zip
     * @throws UserException for a directory without {@code model.zip}
     */
    public static Path modelFile(Path fileOrRunDir) {
        if (!Files.isDirectory(fileOrRunDir)) {
            return fileOrRunDir;
        }
        Path model = fileOrRunDir.resolve(TrainingRun.MODEL_FILE);
        if (!Files.isRegularFile(model)) {
            throw new UserException(fileOrRunDir + " is a directory without a " + TrainingRun.MODEL_FILE
                    + " (give a run directory or a model file)");
        }
        return model;
    }

    /**
     * Saves a state that is not a DL4J network (a {@link Snapshot}) with its card.
     *
     * @param state             the state
     * @param file              the model zip to create or replace
     * @param card              its card, naming exactly the entries the state writes
     * @param withTrainingState also what continuing the training needs (checkpoints)
     * @return the file
     */
    public static Path save(Snapshot state, Path file, ModelCard card, boolean withTrainingState) {
        return AtomicFiles.write(file, tmp -> {
            Files.delete(tmp);   // the zip file system creates it
            try (FileSystem zip = FileSystems.newFileSystem(tmp, Map.of("create", "true"))) {
                Files.writeString(zip.getPath(ModelCard.ENTRY), Json.write(card));
                state.write(zip, withTrainingState);
            }
        });
    }

    /**
     * Opens a model file's entries (after {@link #readCard}'s checks) as a read-only zip file system, for states
     * too large to read into byte arrays.
     *
     * @param file     the model zip, or a run directory holding {@code model.zip}
     * @param workflow the workflow expected to have written it
     * @return the zip; close it after use
     */
    public static FileSystem open(Path file, String workflow) {
        file = modelFile(file);
        readCard(file, workflow);
        try {
            return FileSystems.newFileSystem(file);
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + UserException.reason(e), e);
        }
    }

    /**
     * Reads and checks a model file's card, and checks its entries, without loading the network.
     *
     * @param file     a model zip, or a run directory holding {@code model.zip}
     * @param workflow the workflow expected to have written it
     * @return the card
     * @throws UserException for any of the refusals listed in the class documentation
     */
    public static ModelCard readCard(Path file, String workflow) {
        file = modelFile(file);
        if (!Files.isRegularFile(file)) {
            throw new UserException("no model file " + file);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry cardEntry = zip.getEntry(ModelCard.ENTRY);
            if (cardEntry == null) {
                throw new UserException(file + " is not a model of this suite (no " + ModelCard.ENTRY
                        + "): written by another program or an earlier version; train it again");
            }
            ModelCard card;
            try (InputStream in = zip.getInputStream(cardEntry)) {
                card = Json.MAPPER.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), ModelCard.class);
            } catch (JsonProcessingException e) {
                throw new UserException(file + " has a corrupt model card (" + e.getOriginalMessage() + ")", e);
            }
            if (card.format() > ModelCard.FORMAT) {
                throw new UserException(file + " was written by a newer version of the suite (model format "
                        + card.format() + "; this version reads up to " + ModelCard.FORMAT + ")");
            }
            if (!workflow.equals(card.workflow())) {
                throw new UserException(file + " is a " + card.workflow() + " model, expected a " + workflow
                        + " model");
            }
            Set<String> allowed = new HashSet<>(DL4J_ENTRIES);
            allowed.add(ModelCard.ENTRY);
            allowed.addAll(card.entries());
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                String name = en.nextElement().getName();
                if (!allowed.contains(name)) {
                    throw new UserException(file + " contains an entry this suite never writes (" + name
                            + "): refusing to load it");
                }
            }
            for (String name : card.entries()) {
                if (zip.getEntry(name) == null) {
                    throw new UserException(file + " is incomplete: its card names an entry " + name
                            + " that is missing");
                }
            }
            return card;
        } catch (ZipException e) {
            throw new UserException(file + " is not a model zip (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the further entries of a model file (after {@link #readCard}'s checks), without its network.
     *
     * @param file     the model zip
     * @param workflow the workflow expected to have written it
     * @return the entries named by its card, name → bytes
     */
    public static Map<String, byte[]> readEntries(Path file, String workflow) {
        file = modelFile(file);
        ModelCard card = readCard(file, workflow);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (String name : card.entries()) {
                try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
                    entries.put(name, in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /**
     * Loads a model file written by {@link #save}, after {@link #readCard}'s checks.
     *
     * @param file     the model zip
     * @param workflow the workflow expected to have written it
     * @param type     {@code MultiLayerNetwork.class} or {@code ComputationGraph.class}
     * @param <M>      the network type
     * @return the network (with its updater state if stored), card and further entries
     * @throws UserException if the file is refused or the network cannot be read
     */
    public static <M extends Model> Loaded<M> load(Path file, String workflow, Class<M> type) {
        file = modelFile(file);
        ModelCard card = readCard(file, workflow);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.getEntry(ModelSerializer.CONFIGURATION_JSON) == null
                    || zip.getEntry(ModelSerializer.COEFFICIENTS_BIN) == null) {
                throw new UserException(file + " is incomplete: no network configuration or parameters");
            }
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + UserException.reason(e), e);
        }
        Model model;
        try {
            if (type == MultiLayerNetwork.class) {
                model = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
            } else if (type == ComputationGraph.class) {
                model = ModelSerializer.restoreComputationGraph(file.toFile(), true);
            } else {
                throw new IllegalArgumentException("unsupported network type " + type);
            }
        } catch (IOException | RuntimeException e) {
            throw new UserException(file + " is not a readable " + type.getSimpleName() + " model: "
                    + Cli.message(e), e);
        }
        if (model.numParams() > 0 && !Double.isFinite(model.params().sumNumber().doubleValue())) {
            throw new UserException(file + " holds NaN or infinite weights: it is not a usable model (did its "
                    + "training diverge?)");
        }
        return new Loaded<>(type.cast(model), card, readEntries(file, workflow));
    }
}
