package org.rnnsuite.word2vec;

import java.nio.file.Path;
import org.rnnsuite.common.cli.DebugOption;
import org.rnnsuite.common.embeddings.VectorsIO;
import org.rnnsuite.common.embeddings.WordVectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of every command that reads a vectors file, as a picocli mixin: {@code --vectors FILE},
 * {@code --limit N} and {@code --debug}.
 */
public class VectorsOptions {
    /** Vectors file. */
    @Option(names = "--vectors", required = true, paramLabel = "FILE",
            description = "word2vec binary or text file (gensim, C tool or this module; .gz too)")
    public Path vectors;

    /** Load limit. */
    @Option(names = "--limit", paramLabel = "N",
            description = "load only the first N vectors of the file, 0 = all (default: ${DEFAULT-VALUE})")
    public int limit = 0;

    /** {@code --debug}. */
    @Mixin
    public DebugOption debug = new DebugOption();

    /** @return the vectors the options name */
    public WordVectors read() {
        Word2VecCommand.atLeast("--limit", limit, 0);
        return VectorsIO.read(vectors, limit);
    }
}
