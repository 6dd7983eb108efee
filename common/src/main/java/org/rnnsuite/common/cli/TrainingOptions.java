package org.rnnsuite.common.cli;

import org.rnnsuite.common.run.RunOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of every training command, as a picocli mixin ({@code @Mixin TrainingOptions run;}): the shared
 * options ({@code --seed}, {@code --out}, {@code --quiet}, {@code --debug}) and the run's lifecycle
 * ({@code --resume}, {@code --patience}, {@code --checkpoint-minutes}).
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
