package org.rnnsuite.word2vec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rnnsuite.common.embeddings.VectorsIO;
import org.rnnsuite.common.embeddings.WordVectors;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.run.Snapshot;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.word2vec.engine.EngineState;

/**
 * Word vectors as a {@link TrainingRun} keeps them: {@value #VECTORS} (the C tool's binary format, which gensim
 * reads) in {@code model.zip}, and in {@code checkpoint.zip} also the engine's whole state ({@value #STATE}: both
 * weight matrices, epochs and words done) so that {@code --resume} continues exactly.
 */
public final class EngineSnapshot implements Snapshot {
    /** Zip entry of the vectors. */
    static final String VECTORS = "vectors.bin";
    /** Zip entry of the engine's state (checkpoints only). */
    static final String STATE = "engine-state.bin";

    private final WordVectors vectors;
    private final EngineState state;

    /**
     * @param vectors the vectors (a view of {@code state}'s input weights, or DL4J's result)
     * @param state   the engine's state, or {@code null} when training cannot be continued (DL4J's engine)
     */
    public EngineSnapshot(WordVectors vectors, EngineState state) {
        this.vectors = vectors;
        this.state = state;
    }

    /** Word2vec has no validation metric: the run keeps the last state and never asks for a copy. */
    @Override
    public Snapshot copy() {
        throw new UnsupportedOperationException("word2vec runs keep the last state");
    }

    @Override
    public List<String> entries(boolean withTrainingState) {
        return withTrainingState && state != null ? List.of(VECTORS, STATE) : List.of(VECTORS);
    }

    @Override
    public void write(FileSystem zip, boolean withTrainingState) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip.getPath(VECTORS))) {
            VectorsIO.writeBinary(vectors, out);
        }
        if (withTrainingState && state != null) {
            try (java.nio.channels.SeekableByteChannel c = Files.newByteChannel(zip.getPath(STATE),
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
                state.write(c);
            }
        }
    }

    /**
     * @param checkpoint a run's {@code checkpoint.zip}
     * @return the engine state it holds
     * @throws org.rnnsuite.common.UserException if it holds none (a run of DL4J's engine) or is damaged
     */
    public static EngineState readState(Path checkpoint) {
        try (FileSystem zip = ModelIO.open(checkpoint, Word2VecTrainer.WORKFLOW)) {
            Path entry = zip.getPath(STATE);
            if (!Files.exists(entry)) {
                throw new org.rnnsuite.common.UserException(checkpoint + " holds no engine state (trained with "
                        + "--engine dl4j, which cannot be resumed)");
            }
            try (java.nio.channels.SeekableByteChannel c = Files.newByteChannel(entry)) {
                return EngineState.read(c, checkpoint + "!" + STATE);
            }
        } catch (IOException e) {
            throw new org.rnnsuite.common.UserException("cannot read " + checkpoint + ": "
                    + org.rnnsuite.common.UserException.reason(e), e);
        }
    }
}
