package org.rnnsuite.common.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Per-epoch checkpoints: {@code checkpoint.zip} in the run directory holds the parameters, the updater state and
 * the epoch and iteration counts, so that a killed run continues with {@code --resume} exactly where it stopped.
 */
public final class Checkpoint {
    /** File name of the checkpoint inside a run directory. */
    public static final String FILE = "checkpoint.zip";

    private Checkpoint() {
    }

    /**
     * @param dir the run directory
     * @return the checkpoint path in it
     */
    public static Path file(Path dir) {
        return dir.resolve(FILE);
    }

    /**
     * Saves a checkpoint atomically (the previous one stays intact if this fails).
     *
     * @param model    the network being trained
     * @param dir      the run directory
     * @param workflow the workflow name
     */
    public static void save(Model model, Path dir, String workflow) {
        ModelIO.save(model, file(dir), workflow);
    }

    /**
     * @param dir      the run directory
     * @param workflow the workflow name
     * @return the network of the last checkpoint, if any
     */
    public static Optional<MultiLayerNetwork> resumeNetwork(Path dir, String workflow) {
        Path f = file(dir);
        return Files.exists(f) ? Optional.of(ModelIO.loadNetwork(f, workflow)) : Optional.empty();
    }

    /**
     * @param dir      the run directory
     * @param workflow the workflow name
     * @return the graph of the last checkpoint, if any
     */
    public static Optional<ComputationGraph> resumeGraph(Path dir, String workflow) {
        Path f = file(dir);
        return Files.exists(f) ? Optional.of(ModelIO.loadGraph(f, workflow)) : Optional.empty();
    }
}
