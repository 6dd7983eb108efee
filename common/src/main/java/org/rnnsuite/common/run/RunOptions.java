package org.rnnsuite.common.run;

import java.nio.file.Path;
import org.rnnsuite.common.UserException;

/**
 * How a training run is kept, as the user chose it.
 *
 * @param dir               the run directory, or {@code null} for a run that writes no files (library use, tests)
 * @param resume            continue the run in {@code dir} from its checkpoint
 * @param patience          stop when the best metric has not improved for this many reports (0 = never)
 * @param checkpointMinutes also checkpoint every this many minutes within long epochs (0 = only at reports)
 * @param quiet             draw no progress bars
 */
public record RunOptions(Path dir, boolean resume, int patience, double checkpointMinutes, boolean quiet) {
    /** Validates. */
    public RunOptions {
        if (patience < 0) {
            throw new UserException("--patience must be 0 (off) or positive, got " + patience);
        }
        if (!(checkpointMinutes >= 0) || Double.isInfinite(checkpointMinutes)) {
            throw new UserException("--checkpoint-minutes must be 0 (off) or positive, got " + checkpointMinutes);
        }
        if (resume && dir == null) {
            throw new UserException("--resume needs --out DIR: the run directory to continue");
        }
    }

    /** @return a run without files, early stopping or progress bars (library use and tests) */
    public static RunOptions inMemory() {
        return new RunOptions(null, false, 0, 0, true);
    }

    /**
     * @param dir the run directory
     * @return a new run in {@code dir}, no early stopping, no progress bars
     */
    public static RunOptions in(Path dir) {
        return new RunOptions(dir, false, 0, 0, true);
    }

    /** @return the same options, resuming */
    public RunOptions resuming() {
        return new RunOptions(dir, true, patience, checkpointMinutes, quiet);
    }

    /**
     * @param n the patience
     * @return the same options with early stopping after {@code n} reports without improvement
     */
    public RunOptions withPatience(int n) {
        return new RunOptions(dir, resume, n, checkpointMinutes, quiet);
    }
}
