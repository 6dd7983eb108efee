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
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.timeseries.BatchIterator;
import org.rnnsuite.timeseries.TimeSeriesConfig;
import org.rnnsuite.timeseries.TimeSeriesNetwork;
import org.rnnsuite.timeseries.TimeSeriesPredictor;
import org.rnnsuite.timeseries.TimeSeriesSource;
import org.rnnsuite.timeseries.TimeSeriesTrainer;

/**
 * Trains the time-series predictor on Spark: the single-machine trainer's report periods (iteration 1, every
 * {@value TimeSeriesTrainer#REPORT_EVERY} iterations, the last), each period's mini-batches drawn as on one
 * machine ({@link BatchIterator}: a function of the seed and the iteration) and trained as an RDD by DL4J's
 * {@link SparkDl4jMultiLayer}; the same reports (MSE of the period's last batch, validation MSE), so the run
 * directory is the one {@code ./rnn timeseries predict} and {@code generate} read. An iteration is one mini-batch,
 * whichever worker fits it: {@code N} workers fit {@code N} of them at once.
 */
public final class SparkTimeSeriesTrainer {
    private SparkTimeSeriesTrainer() {
    }

    /**
     * @param config   the hyper-parameters (as for the single-machine trainer)
     * @param source   the data
     * @param run      the run, opened with {@link TimeSeriesTrainer#openRun}
     * @param sc       the Spark context
     * @param settings the Spark settings
     * @return the result: the best network by validation MSE, the last one, the metrics
     */
    public static TrainingResult<MultiLayerNetwork> train(TimeSeriesConfig config, TimeSeriesSource source,
                                                          TrainingRun run, JavaSparkContext sc,
                                                          SparkSettings settings) {
        MultiLayerNetwork net = run.resumeModel(MultiLayerNetwork.class).orElseGet(() -> TimeSeriesNetwork.build(config));
        run.log(net.summary());
        int workers = SparkContexts.workers(sc, settings);
        SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, net,
                TrainingMasters.create(settings, config.batchSize(), workers, config.seed()));
        DataSet validation = source.validation(config.steps());
        long done = (long) run.position();
        double seconds = 0;
        long trained = 0;
        while (done < config.iterations()) {
            long to = nextReport(done, config.iterations());
            List<DataSet> batches = new ArrayList<>();
            BatchIterator it = new BatchIterator(source, config, done, to, i -> { });
            while (it.hasNext()) {
                batches.add(it.next());
            }
            long start = System.nanoTime();
            spark.fit(sc.parallelize(batches, Math.min(workers, batches.size())));
            seconds += (System.nanoTime() - start) / 1e9;
            trained += (to - done) * config.batchSize();
            net = spark.getNetwork();
            done = to;
            DataSet last = batches.get(batches.size() - 1);
            double mse = TimeSeriesPredictor.mse(net, last.getFeatures(), last.getLabels());
            double validationMse = TimeSeriesPredictor.mse(net, validation.getFeatures(), validation.getLabels());
            run.log(String.format(Locale.ROOT, "iteration %d MSE: %.6f", done, mse));
            if (!run.report(net, done, Map.of("mse", mse, "validation_mse", validationMse))) {
                break;
            }
        }
        Map<String, Object> finals = new LinkedHashMap<>();
        finals.put("windows_per_batch", config.batchSize());
        finals.put("validation_windows", validation.numExamples());
        finals.putAll(SparkMnistTrainer.describe(settings, sc, workers, trained, seconds));
        return run.finish(net, finals);
    }

    /**
     * @param done       iterations done
     * @param iterations iterations in all
     * @return the iteration of the next report, as on one machine: 1, then every
     *         {@value TimeSeriesTrainer#REPORT_EVERY}, and the last
     */
    static long nextReport(long done, long iterations) {
        int every = TimeSeriesTrainer.REPORT_EVERY;
        return done == 0 ? 1 : Math.min(iterations, (done / every + 1) * every);
    }
}
