package org.rnnsuite.spark;

import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

/**
 * Builds DL4J's training master from the {@link SparkSettings}. The training data is an RDD of whole
 * mini-batches (each {@code DataSet} holds one mini-batch of the workflow's batch size), trained directly from
 * memory ({@link RDDTrainingApproach#Direct}: no export of the batches to files between epochs).
 */
public final class TrainingMasters {
    /** UDP port of the gradient-sharing transport (Aeron) on the driver and the executors. */
    public static final int SHARING_PORT = 40123;
    /**
     * Aeron's publication unblock timeout (system property): DL4J's transport sets a client liveness timeout of 30 s,
     * and Aeron refuses to start unless this one is longer than that (its default is 15 s).
     */
    public static final String AERON_UNBLOCK_PROPERTY = "aeron.publication.unblock.timeout";
    /** 60 s, in nanoseconds. */
    public static final String AERON_UNBLOCK_NANOS = "60000000000";

    private TrainingMasters() {
    }

    /**
     * @param settings the Spark settings
     * @param batch    examples per mini-batch (each RDD element is one mini-batch)
     * @param workers  data partitions trained in parallel
     * @param seed     seed of the data splits between averagings
     * @return the training master
     */
    public static TrainingMaster<?, ?> create(SparkSettings settings, int batch, int workers, long seed) {
        return switch (settings.mode()) {
            case AVERAGING -> new ParameterAveragingTrainingMaster.Builder(workers, batch)
                    .batchSizePerWorker(batch)
                    .averagingFrequency(settings.averagingFrequency())
                    .workerPrefetchNumBatches(0)
                    .saveUpdater(true)
                    .rddTrainingApproach(RDDTrainingApproach.Direct)
                    .storageLevel(StorageLevel.MEMORY_ONLY())
                    .rngSeed(seed)
                    .build();
            case SHARING -> {
                if (System.getProperty(AERON_UNBLOCK_PROPERTY) == null) {
                    System.setProperty(AERON_UNBLOCK_PROPERTY, AERON_UNBLOCK_NANOS);
                }
                VoidConfiguration transport = VoidConfiguration.builder()
                        .unicastPort(SHARING_PORT)
                        .controllerAddress(settings.isLocal() ? "127.0.0.1" : System.getenv("SPARK_PUBLIC_DNS"))
                        .networkMask(settings.isLocal() ? "127.0.0.0/8" : null)
                        .build();
                yield new SharedTrainingMaster.Builder(transport, batch)
                        .batchSizePerWorker(batch)
                        .workersPerNode(workers)
                        .workerPrefetchNumBatches(0)
                        .rddTrainingApproach(RDDTrainingApproach.Direct)
                        .rngSeed(seed)
                        .build();
            }
        };
    }
}
