package org.rnnsuite.common;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The project's single default seed and the ND4J set-up every workflow starts with. */
public final class Seeds {
    /** The one default seed of the project (the tutorial's {@code reset_graph(42)}). */
    public static final long DEFAULT_SEED = 42;

    private Seeds() {
    }

    /**
     * Seeds ND4J's random generator and makes float32 the default data type (double costs 10-50 % on CPU and
     * buys nothing here).
     *
     * @param seed the seed
     */
    public static void init(long seed) {
        NativeSettings.apply(); // effective only if ND4J is not loaded yet
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getRandom().setSeed(seed);
    }
}
