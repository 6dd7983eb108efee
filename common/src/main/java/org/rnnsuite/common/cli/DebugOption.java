package org.rnnsuite.common.cli;

import picocli.CommandLine.Option;

/**
 * {@code --debug}, which every command takes, as a picocli mixin ({@code @Mixin DebugOption debug;}); {@link Cli}
 * reads it from the arguments to print stack traces of errors. Part of {@link CommonOptions}.
 */
public class DebugOption {
    /** Prints stack traces of errors. */
    @Option(names = "--debug", description = "print stack traces of errors (default: ${DEFAULT-VALUE})")
    public boolean debug;
}
