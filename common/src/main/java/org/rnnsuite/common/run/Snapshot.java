package org.rnnsuite.common.run;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.util.List;

/**
 * A trained state that is not a DL4J network (e.g. word vectors and their training state), so that a
 * {@link TrainingRun} can keep it as it keeps a network: the best one in {@code model.zip}, the last one in
 * {@code checkpoint.zip}, each with its {@link ModelCard}.
 */
public interface Snapshot {
    /** @return an independent copy, kept in memory as the best state so far */
    Snapshot copy();

    /**
     * @param withTrainingState also what continuing the training needs (for checkpoints)
     * @return the names of the zip entries {@link #write} creates
     */
    List<String> entries(boolean withTrainingState);

    /**
     * Writes the state into a model zip being made (the run adds the card).
     *
     * @param zip               the zip, open as a file system
     * @param withTrainingState also what continuing the training needs
     * @throws IOException on a write error (the previous file stays intact)
     */
    void write(FileSystem zip, boolean withTrainingState) throws IOException;
}
