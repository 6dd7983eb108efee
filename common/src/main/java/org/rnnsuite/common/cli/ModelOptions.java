package org.rnnsuite.common.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of every command that uses a trained model, as a picocli mixin ({@code @Mixin ModelOptions model;}):
 * {@code --model FILE|DIR} (a {@code model.zip} or the run directory holding it). Commands without
 * {@link CommonOptions} add {@link DebugOption}.
 */
public class ModelOptions {
    /** The model file, or a run directory meaning its {@code model.zip}. */
    @Option(names = "--model", required = true, paramLabel = "FILE|DIR",
            description = "a model.zip written by train, or its run directory")
    public Path model;
}
