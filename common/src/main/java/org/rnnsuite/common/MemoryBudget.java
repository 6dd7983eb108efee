package org.rnnsuite.common;

import java.util.Locale;
import org.bytedeco.javacpp.Pointer;

/**
 * Refuses, before any work starts, sizes this process cannot hold: a network of a hundred thousand layers would
 * otherwise spend minutes building and then fail (or swap) instead of saying so.
 */
public final class MemoryBudget {
    private MemoryBudget() {
    }

    /** @return bytes this process may allocate for ND4J's arrays (JavaCPP's limit; by default the JVM's -Xmx) */
    public static long availableBytes() {
        long max = Pointer.maxBytes();
        return max > 0 ? max : Runtime.getRuntime().maxMemory();
    }

    /**
     * @param what   the sizes asked for, as the user gave them (e.g. {@code --layers 100000 --units 150})
     * @param floats an estimate of the float32 values they need at once (parameters, gradients, optimiser state,
     *               activations kept for back-propagation)
     * @throws UserException if that is more than {@link #availableBytes()}
     */
    public static void check(String what, double floats) {
        double bytes = floats * Float.BYTES;
        long available = availableBytes();
        if (!(bytes <= available)) {
            throw new UserException(String.format(Locale.ROOT, "%s needs about %s of memory, more than the %s this "
                    + "process may use (JAVA_OPTS=-Xmx...): choose smaller sizes", what, human(bytes),
                    human(available)));
        }
    }

    /**
     * @param bytes a size
     * @return it in MB, GB or TB, e.g. {@code 37.2 GB}
     */
    static String human(double bytes) {
        if (bytes >= 1e12) {
            return String.format(Locale.ROOT, "%.1f TB", bytes / 1e12);
        }
        if (bytes >= 1e9) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
        }
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
