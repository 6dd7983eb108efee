package org.rnnsuite.common;

import org.rnnsuite.common.cli.Cli;

/**
 * Settings of ND4J's native layer (JavaCPP) that take effect only if made before ND4J loads; every command of the
 * suite applies them first ({@link Cli#execute}), and library users can call {@link #apply()} at the start of
 * {@code main} (or pass the system property on the command line).
 *
 * <p>{@value #MAX_PHYSICAL_BYTES} = 0: JavaCPP otherwise reads the process's resident memory from {@code /proc}
 * on every native allocation ({@code Pointer.physicalBytesInaccurate}); ND4J allocates small native buffers for
 * every operation, so on this project's small recurrent layers that check took about a fifth of a training step
 * (time series, 1 layer: 5.2 ms → 3.4 ms per step). ND4J bounds its own memory (workspaces, {@code -Xmx}-derived
 * off-heap limit), which this does not change.
 */
public final class NativeSettings {
    /** JavaCPP's limit on the process's physical memory, checked on every allocation unless 0. */
    public static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    private NativeSettings() {
    }

    /** Turns JavaCPP's per-allocation memory check off, unless the property was set explicitly. */
    public static void apply() {
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
    }
}
