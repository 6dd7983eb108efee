package org.rnnsuite.common.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.rnnsuite.common.UserException;

/**
 * One training run and its directory, the same for every workflow. A trainer asks the run for the network to
 * continue ({@link #resumeModel}), attaches the run's {@link #listeners}, and after every epoch (or every report
 * of an iteration-based workflow) hands the metrics to {@link #report}; the run does the rest:
 *
 * <ul>
 *   <li>{@value #METRICS_FILE} and the workflow's PNG charts, rewritten after every report;</li>
 *   <li>{@value #CHECKPOINT_FILE}: the network with its updater state after every report (and every
 *   {@code --checkpoint-minutes} within long epochs), so that {@code --resume} continues exactly;</li>
 *   <li>keep-best: {@value #MODEL_FILE} is the best network by the workflow's selection metric, with its
 *   {@link ModelCard} (which epoch, which metrics);</li>
 *   <li>early stopping after {@code --patience} reports without improvement (off by default);</li>
 *   <li>resume, refusing a changed configuration or changed data with one line that names what differs;</li>
 *   <li>{@value #RUN_FILE}: configuration, data, versions, times, best and last metrics, why it stopped;</li>
 *   <li>one process per directory (a lock), leftovers of killed runs removed, a finished run never overwritten
 *   by a new one.</li>
 * </ul>
 *
 * A run without a directory ({@link RunOptions#inMemory()}) keeps the best network and the metrics in memory only.
 */
public final class TrainingRun implements AutoCloseable {
    /** The best model of a run. */
    public static final String MODEL_FILE = "model.zip";
    /** The last state of a run, with the updater, for {@code --resume}. */
    public static final String CHECKPOINT_FILE = "checkpoint.zip";
    /** One row per report. */
    public static final String METRICS_FILE = "metrics.csv";
    /** The run's provenance and final figures. */
    public static final String RUN_FILE = "run.json";

    private final RunSpec spec;
    private final RunOptions options;
    private final ModelCard baseCard;
    private final Map<String, byte[]> entries;
    private final List<TrainingListener> extraListeners = new ArrayList<>();
    private final List<Map<String, Double>> history = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private double secondsBefore;
    private RunDirectory directory;
    private MetricsCsv metrics;
    private ModelCard checkpointCard;
    private ModelCard.TrainingState state;
    private double position;
    private Map<String, Double> lastMetrics = Map.of();
    private Object best;
    private ModelCard bestCard;
    private long lastCheckpointNanos = System.nanoTime();
    private TrainingResult.Stop stop = TrainingResult.Stop.COMPLETED;
    private Consumer<String> log = line -> { };

    private TrainingRun(RunSpec spec, RunOptions options, ModelCard baseCard, Map<String, byte[]> entries) {
        this.spec = spec;
        this.options = options;
        this.baseCard = baseCard;
        this.entries = Map.copyOf(entries);
    }

    /**
     * Opens a run: a new one, or with {@code options.resume()} the one in {@code options.dir()}.
     *
     * @param spec    what the workflow reports
     * @param options where and how the run is kept
     * @param config  the configuration record (stored in every card; compared on resume)
     * @param data    what the run trains on (compared on resume)
     * @param info    workflow facts needed to use the model (stored in every card)
     * @param entries further files stored in every model zip (e.g. vocabularies), name → bytes
     * @return the open run; close it when training ends
     * @throws UserException if the directory cannot be used, is in use, already holds a run (without
     *                       {@code --resume}), or the configuration or data differ from the checkpoint's
     */
    public static TrainingRun open(RunSpec spec, RunOptions options, Object config, DataFingerprint data,
                                   Map<String, Object> info, Map<String, byte[]> entries) {
        if (options.patience() > 0 && !spec.selects()) {
            throw new UserException("--patience needs a validation metric to watch, and " + spec.workflow()
                    + " training has none");
        }
        ModelCard card = ModelCard.create(spec.workflow(), config, data, spec.unit(), info,
                List.copyOf(entries.keySet()));
        TrainingRun run = new TrainingRun(spec, options, card, entries);
        if (options.dir() == null) {
            run.state = new ModelCard.TrainingState(Instant.now().toString(), 0, 0, Double.NaN, 0);
            return run;
        }
        run.directory = RunDirectory.lock(options.dir());
        try {
            run.start();
            return run;
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    private void start() {
        Path dir = options.dir();
        Path checkpoint = dir.resolve(CHECKPOINT_FILE);
        if (!options.resume()) {
            for (String f : List.of(MODEL_FILE, CHECKPOINT_FILE, RUN_FILE, METRICS_FILE)) {
                if (Files.exists(dir.resolve(f))) {
                    throw new UserException(dir + " already holds a training run (" + f + "): continue it with "
                            + "--resume or choose another --out");
                }
            }
        }
        if (options.resume() && Files.exists(checkpoint)) {
            checkpointCard = ModelIO.readCard(checkpoint, spec.workflow());
            List<String> diffs = checkpointCard.configChanges(baseCard, spec.resumableFields());
            if (!diffs.isEmpty()) {
                throw new UserException("--resume: " + dir + " was trained with other options: "
                        + String.join(", ", diffs) + (spec.resumableFields().isEmpty() ? ""
                        : " (only " + String.join(", ", spec.resumableFields()) + " may change)"));
            }
            List<String> data = checkpointCard.data().differences(baseCard.data());
            if (!data.isEmpty()) {
                throw new UserException("--resume: " + dir + " was trained on other data: " + String.join(", ", data));
            }
            state = checkpointCard.training();
            secondsBefore = state.seconds();
            position = checkpointCard.position();
            lastMetrics = checkpointCard.metrics();
            metrics = MetricsCsv.resume(dir.resolve(METRICS_FILE), position, spec.csvColumns());
            for (int i = 0; i < metrics.size(); i++) {
                history.add(metrics.row(i));
            }
            Path model = dir.resolve(MODEL_FILE);
            if (Files.exists(model)) {
                bestCard = ModelIO.readCard(model, spec.workflow());
            }
        } else {
            state = new ModelCard.TrainingState(Instant.now().toString(), 0, 0, Double.NaN, 0);
            // metrics.csv comes with the first report: a run that fails before it leaves nothing behind
        }
    }

    /** @return true if this run continues a checkpoint */
    public boolean isResumed() {
        return checkpointCard != null;
    }

    /**
     * @param type {@code MultiLayerNetwork.class} or {@code ComputationGraph.class}
     * @param <M>  the network type
     * @return the checkpoint's network (with its updater state) when resuming, else empty
     */
    public <M extends Model> Optional<M> resumeModel(Class<M> type) {
        if (checkpointCard == null) {
            return Optional.empty();
        }
        return Optional.of(ModelIO.load(options.dir().resolve(CHECKPOINT_FILE), spec.workflow(), type).model());
    }

    /**
     * @return the further entries of the checkpoint when resuming (e.g. its vocabularies), else this run's
     */
    public Map<String, byte[]> resumedEntries() {
        return checkpointCard == null ? entries
                : ModelIO.readEntries(options.dir().resolve(CHECKPOINT_FILE), spec.workflow());
    }

    /** @return the epoch (or iteration) the run has reached: 0 for a new run, the checkpoint's when resuming */
    public double position() {
        return position;
    }

    /** @return the metrics of the last report (the checkpoint's when resuming; empty before any report) */
    public Map<String, Double> lastMetrics() {
        return lastMetrics;
    }

    /** @return every report so far, resumed ones included: unit, metrics and seconds, by column name */
    public List<Map<String, Double>> history() {
        return Collections.unmodifiableList(history);
    }

    /** @return training seconds over the whole run so far, resumed parts included */
    public double seconds() {
        return secondsBefore + (System.nanoTime() - startNanos) / 1e9;
    }

    /** @return the options this run was opened with */
    public RunOptions options() {
        return options;
    }

    /** @return the workflow's declaration */
    public RunSpec spec() {
        return spec;
    }

    /** @return the run directory, or {@code null} for a run without files */
    public Path dir() {
        return options.dir();
    }

    /**
     * @param sink receives the trainer's report lines (e.g. {@code System.out::println}); none by default
     * @return this run
     */
    public TrainingRun onLog(Consumer<String> sink) {
        this.log = sink;
        return this;
    }

    /** @param line a report line for the person watching (the tutorial's {@code epoch N ... accuracy: X}) */
    public void log(String line) {
        log.accept(line);
    }

    /**
     * Adds a DL4J listener to every network trained in this run (e.g. the training UI's stats listener).
     *
     * @param listener the listener
     * @return this run
     */
    public TrainingRun addListener(TrainingListener listener) {
        extraListeners.add(listener);
        return this;
    }

    /**
     * @param own the trainer's own listeners (e.g. its loss recorder)
     * @return those and the run's added listeners, for {@code net.setListeners(...)}
     */
    public List<TrainingListener> listeners(TrainingListener... own) {
        List<TrainingListener> all = new ArrayList<>(List.of(own));
        all.addAll(extraListeners);
        return all;
    }

    /**
     * Records one report: appends it to the metrics, redraws the charts, keeps the network if it is the best so
     * far, checkpoints, and decides on early stopping.
     *
     * @param model    the network after the epoch (or iterations)
     * @param position the epoch (or iteration) reached
     * @param values   one value per {@link RunSpec#columns()} column
     * @return true to go on training, false to stop early
     * @throws UserException if a value is NaN or infinite (training diverged); the last good files stay
     */
    public boolean report(Model model, double position, Map<String, Double> values) {
        return record(model, position, values);
    }

    /**
     * Records one report of a workflow whose trained state is not a DL4J network (see {@link #report(Model,
     * double, Map)}).
     *
     * @param state    the state after the epoch
     * @param position the epoch reached
     * @param values   one value per {@link RunSpec#columns()} column
     * @return true to go on training, false to stop early
     */
    public boolean report(Snapshot state, double position, Map<String, Double> values) {
        return record(state, position, values);
    }

    private boolean record(Object model, double position, Map<String, Double> values) {
        for (String c : spec.columns()) {
            Double v = values.get(c);
            if (v == null) {
                throw new IllegalArgumentException("report lacks " + c + ": " + values.keySet());
            }
            if (!Double.isFinite(v)) {
                throw diverged(c + " is " + v, position);
            }
        }
        Map<String, Double> ordered = new LinkedHashMap<>();
        spec.columns().forEach(c -> ordered.put(c, values.get(c)));
        this.position = position;
        this.lastMetrics = Collections.unmodifiableMap(ordered);
        double seconds = seconds();
        double[] row = new double[spec.columns().size() + 2];
        row[0] = position;
        for (int i = 0; i < spec.columns().size(); i++) {
            row[i + 1] = ordered.get(spec.columns().get(i));
        }
        row[row.length - 1] = seconds;
        Map<String, Double> named = new LinkedHashMap<>();
        String[] header = spec.csvColumns();
        for (int i = 0; i < header.length; i++) {
            named.put(header[i], row[i]);
        }
        history.add(Collections.unmodifiableMap(named));

        double value = spec.selects() ? ordered.get(spec.bestMetric()) : position;
        boolean improved = !spec.selects() || Double.isNaN(state.bestValue())
                || (spec.higherIsBetter() ? value > state.bestValue() : value < state.bestValue());
        state = improved
                ? new ModelCard.TrainingState(state.startedAt(), seconds, position, value, 0)
                : new ModelCard.TrainingState(state.startedAt(), seconds, state.bestPosition(), state.bestValue(),
                state.sinceBest() + 1);
        ModelCard card = baseCard.at(position, ordered, state);
        if (improved) {
            best = spec.selects() ? copy(model) : null;   // without selection the last state is the model
            bestCard = card;
        }
        if (options.dir() != null) {
            if (metrics == null) {
                metrics = MetricsCsv.create(options.dir().resolve(METRICS_FILE), spec.csvColumns());
            }
            metrics.append(row);
            drawCharts();
            if (improved) {
                save(model, options.dir().resolve(MODEL_FILE), card, false);
            }
            save(model, options.dir().resolve(CHECKPOINT_FILE), card, true);
            lastCheckpointNanos = System.nanoTime();
        }
        if (options.patience() > 0 && state.sinceBest() >= options.patience()) {
            stop = TrainingResult.Stop.EARLY_STOPPED;
            return false;
        }
        return true;
    }

    /**
     * Checkpoints within a long epoch when {@code --checkpoint-minutes} have passed since the last checkpoint. Call
     * it between two training steps (e.g. from the epoch's iterator), not from a listener's {@code iterationDone}:
     * DL4J counts the iteration only after its listeners ran, so such a checkpoint would resume one step off.
     *
     * @param model    the network
     * @param position the fractional epoch reached (e.g. 3.25)
     * @return true if a checkpoint was written
     */
    public boolean checkpointIfDue(Object model, double position) {
        if (options.dir() == null || options.checkpointMinutes() <= 0
                || System.nanoTime() - lastCheckpointNanos < options.checkpointMinutes() * 60e9) {
            return false;
        }
        ModelCard.TrainingState now = new ModelCard.TrainingState(state.startedAt(), seconds(), state.bestPosition(),
                state.bestValue(), state.sinceBest());
        save(model, options.dir().resolve(CHECKPOINT_FILE), baseCard.at(position, lastMetrics, now), true);
        lastCheckpointNanos = System.nanoTime();
        return true;
    }

    /**
     * @param what     what was not finite, e.g. {@code loss is NaN}
     * @param position where
     * @return the one-line error for a diverged run
     */
    public UserException diverged(String what, double position) {
        return new UserException(String.format(Locale.ROOT, "training diverged: %s at %s %s; the learning rate is "
                + "probably too high (try a smaller --learning-rate)%s", what, spec.unit(), fmt(position),
                options.dir() == null ? ""
                        : Files.isRegularFile(options.dir().resolve(MODEL_FILE))
                        ? "; the last good model stays in " + options.dir().resolve(MODEL_FILE)
                        : "; no model was kept: it diverged before its first evaluation"));
    }

    /**
     * Ends the run: writes {@value #RUN_FILE} and returns the result.
     *
     * @param last   the network as training left it
     * @param finals further figures for {@value #RUN_FILE} (e.g. throughput), name → value
     * @param <M>    the network type
     * @return the result, whose model is the best one
     */
    @SuppressWarnings("unchecked")
    public <M extends Model> TrainingResult<M> finish(M last, Map<String, Object> finals) {
        return finish(last, finals, file -> (M) ModelIO.load(file, spec.workflow(), last.getClass()).model());
    }

    /**
     * Ends the run: writes {@value #RUN_FILE} and returns the result.
     *
     * @param last     the state as training left it
     * @param finals   further figures for {@value #RUN_FILE}, name → value
     * @param loadBest reads the best state from {@value #MODEL_FILE} (when it was saved by an earlier part of a
     *                 resumed run)
     * @param <M>      the state's type
     * @return the result, whose model is the best state
     */
    @SuppressWarnings("unchecked")
    public <M> TrainingResult<M> finish(M last, Map<String, Object> finals, Function<Path, M> loadBest) {
        M bestModel = spec.selects() ? (M) best : last;
        ModelCard card = bestCard;
        if (bestModel == null && card != null && options.dir() != null) {
            bestModel = loadBest.apply(options.dir().resolve(MODEL_FILE));
        }
        if (bestModel == null) {   // nothing reported: the network as it is
            bestModel = last;
            card = baseCard.at(position, lastMetrics, state);
        }
        double seconds = seconds();
        if (options.dir() != null) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("workflow", spec.workflow());
            run.put("config", baseCard.config());
            run.put("data", baseCard.data());
            run.put("versions", baseCard.versions());
            run.put("commit", baseCard.commit());
            run.put("startedAt", state.startedAt());
            run.put("endedAt", Instant.now().toString());
            run.put("seconds", seconds);
            run.put(spec.unit(), position);
            run.put("stop", stop.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            Map<String, Object> bestInfo = new LinkedHashMap<>();
            bestInfo.put(spec.unit(), card.position());
            bestInfo.put("metrics", card.metrics());
            run.put("best", bestInfo);
            run.put("last", lastMetrics);
            run.put("finals", finals);
            org.rnnsuite.common.AtomicFiles.writeString(options.dir().resolve(RUN_FILE), Json.write(run));
        }
        return new TrainingResult<>(bestModel, last, card, lastMetrics, position, seconds, stop, options.dir(),
                List.copyOf(history));
    }

    /** Releases the directory's lock. */
    @Override
    public void close() {
        if (directory != null) {
            directory.close(metrics == null && checkpointCard == null);   // nothing written: no directory left
            directory = null;
        }
    }

    private static Object copy(Object model) {
        if (model instanceof MultiLayerNetwork n) {
            return n.clone();
        }
        if (model instanceof ComputationGraph g) {
            return g.clone();
        }
        if (model instanceof Snapshot s) {
            return s.copy();
        }
        throw new IllegalArgumentException("unsupported model type " + model.getClass());
    }

    private void save(Object model, Path file, ModelCard card, boolean withTrainingState) {
        if (model instanceof Snapshot s) {
            ModelIO.save(s, file, card.withEntries(s.entries(withTrainingState)), withTrainingState);
        } else {
            ModelIO.save((Model) model, file, card, entries, withTrainingState);
        }
    }

    /** Redraws the charts; one that cannot be drawn is a note, never the end of training. */
    private void drawCharts() {
        for (RunSpec.Chart c : spec.charts()) {
            try {
                Charts.fromCsv(metrics.file(), options.dir().resolve(c.file()), c.title(), c.yTitle(), c.columns());
            } catch (RuntimeException e) {
                log("note: " + org.rnnsuite.common.cli.Cli.message(e));
            }
        }
    }

    private static String fmt(double position) {
        return position == Math.rint(position) ? Long.toString((long) position)
                : String.format(Locale.ROOT, "%.2f", position);
    }

}
