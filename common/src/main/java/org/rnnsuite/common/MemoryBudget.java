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
     * Checks a stack of recurrent layers with an output layer, trained by back-propagation through time with Adam:
     * the parameters, their gradients and Adam's two moments, and per layer the gates and outputs of every step
     * kept for back-propagation, with their gradients.
     *
     * @param what    the sizes asked for, as the user gave them
     * @param gates   gate blocks per cell (basic 1, GRU 3, LSTM 4)
     * @param inputs  inputs per time step of the first layer
     * @param units   units per layer
     * @param layers  stacked layers
     * @param batch   sequences per mini-batch
     * @param steps   time steps per sequence
     * @param outputs outputs of the output layer
     * @throws UserException if that is more than {@link #availableBytes()}
     */
    public static void checkRecurrentStack(String what, int gates, long inputs, long units, long layers, long batch,
            long steps, long outputs) {
        double u = units;
        double parameters = gates * u * (inputs + u + 1) + (layers - 1.0) * gates * u * (2 * u + 1)
                + (u + 1) * outputs;
        double activations = 2.0 * layers * batch * steps * u * (gates + 1);
        check(String.format(Locale.ROOT, "%s (%,.0f parameters)", what, parameters), 4 * parameters + activations);
    }

    /**
     * @param bytes a size
     * @return it in MB, GB or TB, e.g. {@code 37.2 GB}
     */
    public static String human(double bytes) {
        if (bytes >= 1e12) {
            return String.format(Locale.ROOT, "%.1f TB", bytes / 1e12);
        }
        if (bytes >= 1e9) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
        }
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
