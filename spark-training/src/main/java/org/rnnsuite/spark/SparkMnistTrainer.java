package org.rnnsuite.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.mnist.MnistConfig;
import org.rnnsuite.mnist.MnistData;
import org.rnnsuite.mnist.MnistNetwork;
import org.rnnsuite.mnist.MnistTrainer;

/**
 * Trains the MNIST classifier on Spark: the network of {@link MnistNetwork}, each epoch's shuffled mini-batches of
 * {@link MnistData} (the single-machine order) as an RDD, DL4J's {@link SparkDl4jMultiLayer} with the training
 * master of the {@link SparkSettings}, and after every epoch the single-machine trainer's evaluation and the same
 * {@link TrainingRun} report, so the run directory (metrics, charts, checkpoint, {@code model.zip} with its card)
 * is the one {@code ./rnn mnist evaluate} reads. The reported training loss is the mean, over workers, of their
 * loss in the last averaging period of the epoch (with gradient sharing, which reports none, the loss of the epoch's
 * last mini-batch).
 */
public final class SparkMnistTrainer {
    private SparkMnistTrainer() {
    }

    /**
     * @param config   the hyper-parameters (as for the single-machine trainer)
     * @param data     training and test splits
     * @param run      the run, opened with {@link MnistTrainer#openRun}
     * @param sc       the Spark context
     * @param settings the Spark settings
     * @return the result: the best network by test accuracy, the last one, the metrics
     */
    public static TrainingResult<MultiLayerNetwork> train(MnistConfig config, MnistData.Splits data, TrainingRun run,
                                                          JavaSparkContext sc, SparkSettings settings) {
        MultiLayerNetwork net = run.resumeModel(MultiLayerNetwork.class)
                .orElseGet(() -> MnistNetwork.create(config, data.train().height(), data.train().width()));
        run.log(net.summary());
        int workers = SparkContexts.workers(sc, settings);
        SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, net,
                TrainingMasters.create(settings, config.batch(), workers, config.seed()));
        double trainSeconds = 0;
        long trainExamples = 0;
        for (int epoch = net.getEpochCount() + 1; epoch <= config.epochs(); epoch++) {
            Nd4j.getRandom().setSeed(config.seed() * 1_000_003L + epoch);
            List<DataSet> batches = batches(data.train(), config.batch(), config.seed(), epoch);
            long start = System.nanoTime();
            spark.fit(sc.parallelize(batches, workers));
            double seconds = (System.nanoTime() - start) / 1e9;
            trainSeconds += seconds;
            trainExamples += data.train().size();
            net = spark.getNetwork();
            net.getLayerWiseConfigurations().setEpochCount(epoch);
            double trainAccuracy = MnistTrainer.accuracy(net, batches.get(batches.size() - 1));
            double testAccuracy = MnistTrainer.evaluate(net, data.test()).accuracy();
            run.log(String.format(Locale.ROOT, "epoch %d train accuracy: %.4f test accuracy: %.4f (%d workers, "
                    + "%.0f samples/s)", epoch, trainAccuracy, testAccuracy, workers, data.train().size() / seconds));
            // DL4J's gradient sharing reports no score: then the loss of the epoch's last mini-batch
            double loss = settings.mode() == SparkSettings.Mode.AVERAGING ? spark.getScore()
                    : net.score(batches.get(batches.size() - 1));
            Map<String, Double> metrics = Map.of("train_loss", loss, "train_accuracy", trainAccuracy,
                    "test_accuracy", testAccuracy);
            if (!run.report(net, epoch, metrics)) {
                break;
            }
        }
        Map<String, Object> finals = new LinkedHashMap<>();
        finals.put("train_images", data.train().size());
        finals.put("test_images", data.test().size());
        finals.putAll(describe(settings, sc, workers, trainExamples, trainSeconds));
        return run.finish(net, finals);
    }

    /**
     * The epoch's mini-batches in the single-machine trainer's order.
     *
     * @param split the training split
     * @param batch mini-batch size
     * @param seed  the run's seed
     * @param epoch the epoch, from 1
     * @return the mini-batches (copies), the last one possibly smaller
     */
    public static List<DataSet> batches(MnistData.Split split, int batch, long seed, int epoch) {
        int[] order = MnistData.shuffledOrder(split.size(), seed, epoch);
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += batch) {
            out.add(split.batch(order, from, Math.min(order.length, from + batch)));
        }
        return out;
    }

    /**
     * @param settings the settings
     * @param sc       the context
     * @param workers  workers used
     * @param examples examples trained on
     * @param seconds  seconds spent in Spark's fit
     * @return what {@code run.json} records about the distributed training
     */
    static Map<String, Object> describe(SparkSettings settings, JavaSparkContext sc, int workers, long examples,
                                        double seconds) {
        Map<String, Object> m = describeCluster(sc, workers, examples, seconds);
        m.put("training_master", settings.mode().name().toLowerCase(Locale.ROOT));
        m.put("averaging_frequency", settings.averagingFrequency());
        return m;
    }

    /**
     * @param sc       the context
     * @param workers  workers used
     * @param examples examples trained on
     * @param seconds  seconds spent training
     * @return what {@code run.json} records about any training on Spark: master, version, workers, samples/s (the
     *         DL4J networks add their training master, {@link #describe})
     */
    static Map<String, Object> describeCluster(JavaSparkContext sc, int workers, long examples, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("spark_master", sc.master());
        m.put("spark_version", sc.version());
        m.put("workers", workers);
        m.put("samples_per_second", seconds > 0 ? examples / seconds : 0.0);
        return m;
    }
}
