package org.rnnsuite.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Starts the Spark context of a training command. On a {@code local[N]} master the driver binds to the loopback
 * address and Spark's web UI stays off, so local training opens no port beyond the machine; on a cluster the
 * settings come from {@code spark-submit}. Objects go to executors with Spark's Java serializer (ND4J arrays
 * serialise themselves; DL4J's Kryo registrator exists only for ND4J 1.0.0-M2).
 */
public final class SparkContexts {
    private SparkContexts() {
    }

    /**
     * @param settings the Spark settings (the master)
     * @param workflow the workflow, naming the application
     * @return a new context; close it when training ends
     */
    public static JavaSparkContext start(SparkSettings settings, String workflow) {
        SparkConf conf = new SparkConf().setAppName("rnn-suite " + workflow).setMaster(settings.resolvedMaster());
        if (settings.isLocal()) {
            conf.set("spark.ui.enabled", "false");
            conf.set("spark.driver.host", "127.0.0.1");
            conf.set("spark.driver.bindAddress", "127.0.0.1");
        }
        // a task's data and the broadcast network can exceed the default 128 MB message size on full MNIST
        conf.setIfMissing("spark.rpc.message.maxSize", "512");
        quietLogs();
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        quietLogs();
        return sc;
    }

    /** Spark's start-up lines at INFO are noise for a training command; warnings stay. */
    private static void quietLogs() {
        Configurator.setLevel("org.apache.spark", Level.WARN);
        Configurator.setLevel("org.sparkproject", Level.WARN);
        // each task carries its share of the mini-batches: Spark's warning about large tasks is expected
        Configurator.setLevel("org.apache.spark.scheduler.TaskSetManager", Level.ERROR);
    }

    /**
     * @param sc       the context
     * @param settings the settings
     * @return the number of data partitions trained in parallel: {@code --workers}, else Spark's default
     *         parallelism (N for {@code local[N]})
     */
    public static int workers(JavaSparkContext sc, SparkSettings settings) {
        return settings.workers() > 0 ? settings.workers() : sc.defaultParallelism();
    }
}
