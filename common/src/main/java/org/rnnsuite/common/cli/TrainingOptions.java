package org.rnnsuite.common.cli;

import java.nio.file.Path;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.common.run.TrainingUi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of every training command, as a picocli mixin ({@code @Mixin TrainingOptions run;}): the shared
 * options ({@code --seed}, {@code --out}, {@code --quiet}, {@code --debug}) and the run's lifecycle
 * ({@code --resume}, {@code --patience}, {@code --checkpoint-minutes}) and DL4J's training UI ({@code --ui},
 * {@code --ui-stats}).
 */
public class TrainingOptions {
    /** The options every command shares. */
    @Mixin
    public CommonOptions common = new CommonOptions();

    /** Continue the run in {@code --out} from its checkpoint. */
    @Option(names = "--resume",
            description = "continue the run in --out from its last checkpoint (default: ${DEFAULT-VALUE})")
    public boolean resume;

    /** Early stopping: reports without improvement before training stops; 0 = off. */
    @Option(names = "--patience", paramLabel = "N", defaultValue = "0",
            description = "stop when the selection metric has not improved for N evaluations, 0 = off "
                    + "(default: ${DEFAULT-VALUE})")
    public int patience;

    /** Also checkpoint every this many minutes within long epochs; 0 = only after evaluations. */
    @Option(names = "--checkpoint-minutes", paramLabel = "M", defaultValue = "0",
            description = "also checkpoint every M minutes within long epochs, 0 = only after each evaluation "
                    + "(default: ${DEFAULT-VALUE})")
    public double checkpointMinutes;

    /** Serve DL4J's training UI on this port while training; {@code null} = off. */
    @Option(names = "--ui", arity = "0..1", paramLabel = "PORT", fallbackValue = "" + TrainingUi.DEFAULT_PORT,
            description = "serve DL4J's training UI (score, update:parameter ratios, activations, memory) on "
                    + "http://localhost:PORT while training; PORT " + TrainingUi.DEFAULT_PORT
                    + " if not given (default: off)")
    public Integer uiPort;

    /** Keep the training UI's statistics in this file; {@code null} = in memory only. */
    @Option(names = "--ui-stats", paramLabel = "FILE",
            description = "keep the training UI's statistics in FILE, to browse later with ./rnn ui FILE "
                    + "(default: none)")
    public Path uiStats;

    /**
     * Attaches DL4J's training UI to a run if {@code --ui} or {@code --ui-stats} was given, and prints its address.
     *
     * @param run the open run
     * @return the UI, or {@code null} if neither option was given
     */
    public TrainingUi attachUi(TrainingRun run) {
        if (uiPort == null && uiStats == null) {
            return null;
        }
        TrainingUi ui = uiPort != null ? TrainingUi.start(uiPort, uiStats) : TrainingUi.record(uiStats);
        run.addListener(ui.listener());
        if (ui.isServing()) {
            System.out.println("training UI: " + ui.url());
        }
        if (uiStats != null) {
            System.out.println("training statistics: " + uiStats + " (./rnn ui " + uiStats + " shows them)");
        }
        System.out.flush();
        return ui;
    }

    /**
     * @param workflow the workflow, naming the default run directory
     * @return the run options these flags give
     */
    public RunOptions runOptions(String workflow) {
        if (resume && common.out == null) {
            throw new org.rnnsuite.common.UserException("--resume needs --out DIR: the run directory to continue");
        }
        return new RunOptions(common.outDir(workflow),
                resume, patience, checkpointMinutes, common.quiet);
    }
}
