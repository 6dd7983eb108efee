package org.rnnsuite.common.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rnnsuite.common.UserException;

/**
 * The record of what a model is, stored as {@value #ENTRY} inside every model zip the suite writes (the model's
 * provenance travels with it) and read back before anything else in the zip is trusted.
 *
 * @param workflow the workflow that wrote the model, e.g. {@code mnist}
 * @param format   the model-file format version ({@link #FORMAT} when written by this version)
 * @param config   the configuration record the model was trained with, as JSON
 * @param data     what it was trained on
 * @param versions the suite's, DL4J's and Java's versions and the ND4J backend
 * @param commit   the suite's git commit when known, else {@code null}
 * @param unit     what {@code position} counts: {@code epoch} or {@code iteration}
 * @param position the epoch (or iteration) the model comes from
 * @param metrics  the metrics at that position, name → value
 * @param info     workflow facts needed to use the model (e.g. the image size), name → value
 * @param entries  names of the further zip entries the workflow stored (e.g. vocabularies)
 * @param training the state of the run when the model was saved
 * @param savedAt  when the file was written (ISO-8601)
 */
public record ModelCard(String workflow, int format, JsonNode config, DataFingerprint data,
                        Map<String, String> versions, String commit, String unit, double position,
                        Map<String, Double> metrics, Map<String, Object> info, List<String> entries,
                        TrainingState training, String savedAt) {
    /** Name of the card inside a model zip. */
    public static final String ENTRY = "model-card.json";
    /** The model-file format this version writes and the newest it reads. */
    public static final int FORMAT = 1;
    /** JSON values compare equal when equal, numbers by value (42 read back as a long equals the int 42). */
    private static final java.util.Comparator<JsonNode> SAME_VALUE = (x, y) -> x.equals(y)
            || (x.isNumber() && y.isNumber() && x.decimalValue().compareTo(y.decimalValue()) == 0) ? 0 : 1;

    /**
     * The state of a training run at a save: what {@code --resume} needs besides the network.
     *
     * @param startedAt    when the run first started (ISO-8601)
     * @param seconds      training seconds so far, over all resumed parts of the run
     * @param bestPosition the position of the best model so far (0: none yet)
     * @param bestValue    its value of the selection metric (NaN: none yet)
     * @param sinceBest    reports since the best one (for early stopping)
     */
    public record TrainingState(String startedAt, double seconds, double bestPosition, double bestValue,
                                int sinceBest) {
    }

    /** Checks the fields and copies the collections. */
    public ModelCard {
        metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
        info = info == null ? Map.of() : new LinkedHashMap<>(info);
        entries = entries == null ? List.of() : List.copyOf(entries);
        versions = versions == null ? Map.of() : new TreeMap<>(versions);
    }

    /**
     * @param type the workflow's configuration record
     * @param <C>  its type
     * @return the configuration stored in this card
     * @throws UserException if it does not fit the record (a model of another version)
     */
    public <C> C config(Class<C> type) {
        try {
            return Json.MAPPER.treeToValue(config, type);
        } catch (JsonProcessingException e) {
            throw new UserException("the model's configuration does not fit this version's "
                    + type.getSimpleName() + " (" + e.getOriginalMessage() + "): train it again", e);
        } catch (IllegalArgumentException e) {
            throw new UserException("the model's configuration does not fit this version's "
                    + type.getSimpleName() + " (" + e.getMessage() + "): train it again", e);
        } catch (UserException e) {
            throw new UserException("the model's configuration is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * @param other   the card of a run that would continue this one
     * @param ignored configuration fields that may change (e.g. the number of epochs)
     * @return {@code field old -> new} for each other configuration field that differs (numbers compared by value)
     */
    public List<String> configChanges(ModelCard other, java.util.Set<String> ignored) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        config.fieldNames().forEachRemaining(names::add);
        other.config.fieldNames().forEachRemaining(names::add);
        List<String> out = new java.util.ArrayList<>();
        for (String n : names) {
            JsonNode a = config.get(n);
            JsonNode b = other.config.get(n);
            if (ignored.contains(n) || (a != null && b != null && a.equals(SAME_VALUE, b))) {
                continue;
            }
            out.add(n + " " + text(a) + " -> " + text(b));
        }
        return out;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "(none)" : n.isTextual() ? n.asText() : n.toString();
    }

    /** @return the card for a person: what, from which epoch, metrics, configuration, data, versions */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(java.util.Locale.ROOT, "%s model from %s %s (format %d, saved %s)%n", workflow, unit,
                position == Math.rint(position) ? Long.toString((long) position) : Double.toString(position), format,
                savedAt));
        metrics.forEach((k, v) -> sb.append(String.format(java.util.Locale.ROOT, "  %-24s %.6g%n", k, v)));
        sb.append("configuration: ").append(config).append(System.lineSeparator());
        sb.append("data: ").append(data.description()).append(System.lineSeparator());
        for (DataFingerprint.FileEntry f : data.files()) {
            sb.append(String.format(java.util.Locale.ROOT, "  %s  %,d bytes  sha256 %s%n", f.name(), f.size(),
                    f.sha256()));
        }
        sb.append("versions: ").append(versions).append(commit == null ? "" : ", commit " + commit);
        return sb.toString();
    }

    /**
     * @param name a key of {@link #info}
     * @return its value as a number
     * @throws UserException if absent or not a number
     */
    public Number number(String name) {
        Object v = info.get(name);
        if (!(v instanceof Number n)) {
            throw new UserException("the model card has no number '" + name + "'");
        }
        return n;
    }

    /**
     * @param position the new position
     * @param metrics  the metrics at it
     * @param training the run's state
     * @return a copy saved now, at another position
     */
    public ModelCard at(double position, Map<String, Double> metrics, TrainingState training) {
        return new ModelCard(workflow, format, config, data, versions, commit, unit, position, metrics, info, entries,
                training, Instant.now().toString());
    }

    /**
     * @param names the further zip entries of a model
     * @return a copy naming those entries
     */
    public ModelCard withEntries(List<String> names) {
        return new ModelCard(workflow, format, config, data, versions, commit, unit, position, metrics, info, names,
                training, savedAt);
    }

    /**
     * A card for a new model.
     *
     * @param workflow the workflow
     * @param config   the configuration record
     * @param data     the data fingerprint
     * @param unit     {@code epoch} or {@code iteration}
     * @param info     facts needed to use the model
     * @param entries  names of further zip entries
     * @return the card, at position 0
     */
    public static ModelCard create(String workflow, Object config, DataFingerprint data, String unit,
                                   Map<String, Object> info, List<String> entries) {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("suite", Provenance.suiteVersion());
        versions.put("dl4j", Provenance.dl4jVersion());
        versions.put("java", System.getProperty("java.version"));
        versions.put("backend", Provenance.backend());
        return new ModelCard(workflow, FORMAT, Json.tree(config), data, versions, Provenance.gitCommit(), unit, 0,
                Map.of(), info, entries, null, Instant.now().toString());
    }
}
