package org.rnnsuite.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.rnnsuite.common.NativeSettings;

/** One {@code local[2]} Spark context shared by the module's tests (starting one takes seconds). */
final class LocalSpark {
    /** The tests' master. */
    static final String MASTER = "local[2]";
    private static JavaSparkContext sc;

    private LocalSpark() {
    }

    /** @return the shared context, started on first use and stopped when the JVM exits */
    static synchronized JavaSparkContext context() {
        if (sc == null) {
            NativeSettings.apply();
            sc = SparkContexts.start(SparkSettings.defaults().withMaster(MASTER), "test");
            Runtime.getRuntime().addShutdownHook(new Thread(sc::stop));
        }
        return sc;
    }
}
