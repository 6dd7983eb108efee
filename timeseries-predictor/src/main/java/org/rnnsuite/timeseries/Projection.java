package org.rnnsuite.timeseries;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.rnnsuite.common.UserException;

/**
 * How the recurrent outputs (one vector of {@code units} per time step) are projected to the one predicted value
 * per time step. Both compute exactly the same function for the same weights.
 */
public enum Projection {
    /**
     * The tutorial's {@code OutputProjectionWrapper}: a dense layer applied at every time step
     * ({@code TimeDistributed(DenseLayer)}), followed by a separate MSE loss layer ({@code RnnLossLayer}).
     */
    WRAPPER,
    /**
     * The tutorial's "reshape, apply one dense layer to all steps at once, reshape back" trick, which is what
     * DL4J's {@code RnnOutputLayer} does internally: one layer holding both the projection and the MSE loss.
     */
    STACKED;

    /**
     * @param name {@code wrapper} or {@code stacked} (any case)
     * @return the projection
     * @throws UserException for any other name
     */
    public static Projection parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("unknown projection '" + name + "': expected one of " + names());
        }
    }

    /** @return the accepted names, lower case */
    public static List<String> names() {
        return Arrays.stream(values()).map(Projection::toString).toList();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
