package org.rnnsuite.spark;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.rnnsuite.nmt.Evaluation;
import org.rnnsuite.nmt.NmtBatches;
import org.rnnsuite.nmt.NmtConfig;
import org.rnnsuite.nmt.NmtCorpus;
import org.rnnsuite.nmt.NmtModel;
import org.rnnsuite.nmt.NmtTrainer;
import org.rnnsuite.nmt.Translator;

/**
 * Trains the translator on Spark: its {@link ComputationGraph} through DL4J's {@link SparkComputationGraph}, each
 * epoch's shuffled batches of {@link NmtBatches} (the single-machine order and encoding: reversed source,
 * {@code <go>}/{@code <eos>}, masks) as an RDD of {@link MultiDataSet}s, and after each epoch the single-machine
 * evaluation (greedy test BLEU, exact matches) reported to the same {@link TrainingRun}, so the run directory is
 * the one {@code ./rnn nmt translate} and {@code evaluate} read.
 *
 * <p>What differs from one machine, because Spark's {@code fit} trains a whole RDD in one call: evaluations come
 * after whole epochs only ({@code --eval-minutes} is refused), the {@code --minutes} budget is checked between
 * epochs, a resumed run continues from the last whole epoch, and the reported loss is DL4J's score (the workers'
 * mean loss per pair in the last averaging period) divided by the epoch's mean target tokens per pair.
 */
public final class SparkNmtTrainer {
    private SparkNmtTrainer() {
    }

    /**
     * @param config   the hyper-parameters and budget (as for the single-machine trainer)
     * @param data     the corpus
     * @param run      the run, opened with {@link NmtTrainer#openRun}
     * @param sc       the Spark context
     * @param settings the Spark settings
     * @return the result: the best graph by test BLEU, the last one, the metrics
     */
    public static TrainingResult<ComputationGraph> train(NmtConfig config, NmtCorpus data, TrainingRun run,
                                                         JavaSparkContext sc, SparkSettings settings) {
        if (config.evalMinutes() > 0) {
            throw new UserException("--eval-minutes is not available on Spark: it evaluates after every epoch");
        }
        if (run.position() != Math.rint(run.position())) {
            throw new UserException("--resume on Spark continues from a whole epoch, and " + run.dir()
                    + " stopped at epoch " + run.position());
        }
        ComputationGraph graph = run.resumeModel(ComputationGraph.class).orElseGet(() -> newModel(config, data, run));
        run.log(String.format(Locale.ROOT, "vocabularies: %d English, %d French ids; %,d parameters",
                data.source().size(), data.target().size(), graph.numParams()));
        int workers = SparkContexts.workers(sc, settings);
        SparkComputationGraph spark = new SparkComputationGraph(sc, graph,
                TrainingMasters.create(settings, config.batchSize(), workers, config.seed()));
        double trainSeconds = 60 * run.lastMetrics().getOrDefault("train_minutes", 0.0);
        long tokensTrained = 0;
        double sessionSeconds = 0;
        for (int epoch = (int) run.position(); config.epochs() == 0 || epoch < config.epochs(); epoch++) {
            if (config.minutes() > 0 && trainSeconds >= 60 * config.minutes()) {
                break;
            }
            NmtBatches batches = new NmtBatches(data.split().train(), new NmtModel(graph, config, data.source(),
                    data.target()), config.batchSize(), config.seed(), epoch, 0, () -> false);
            List<MultiDataSet> list = new ArrayList<>();
            long tokens = 0;
            long pairs = 0;
            while (batches.hasNext()) {
                list.add(batches.next());
                tokens += batches.lastTokens();
                pairs += batches.lastPairs();
            }
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            spark.fitMultiDataSet(sc.parallelize(list, workers));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (cpuNanos() - cpu0) / 1e9;
            trainSeconds += seconds;
            sessionSeconds += seconds;
            tokensTrained += tokens;
            graph = spark.getNetwork();
            graph.getConfiguration().setEpochCount(epoch + 1);
            Evaluation ev = Evaluation.run(new Translator(new NmtModel(graph, config, data.source(), data.target())),
                    data.split().test(), 1);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("train_minutes", trainSeconds / 60);
            double score = settings.mode() == SparkSettings.Mode.AVERAGING ? spark.getScore()
                    : graph.score(list.get(list.size() - 1));   // gradient sharing reports no score
            m.put("loss", score * pairs / Math.max(1, tokens));
            m.put("test_bleu", ev.bleu());
            m.put("test_exact_match", ev.exactMatch());
            m.put("target_tokens_per_s", tokens / seconds);
            m.put("target_tokens_per_cpu_s", cpuSeconds > 0 ? tokens / cpuSeconds : 0.0);
            run.log(String.format(Locale.ROOT, "epoch %d  train %.1f min  loss %.4f  test BLEU %.2f  exact %.1f %%  "
                            + "%.0f target tokens/s on %d workers", epoch + 1, m.get("train_minutes"), m.get("loss"),
                    ev.bleu(), 100 * ev.exactMatch(), tokens / seconds, workers));
            if (!run.report(graph, epoch + 1, m)) {
                break;
            }
        }
        Map<String, Object> finals = new LinkedHashMap<>();
        finals.put("trainSeconds", trainSeconds);
        finals.put("trainPairs", data.split().train().size());
        finals.put("testPairs", data.split().test().size());
        finals.put("sourceVocabulary", data.source().size());
        finals.put("targetVocabulary", data.target().size());
        finals.putAll(SparkMnistTrainer.describe(settings, sc, workers, tokensTrained, sessionSeconds));
        return run.finish(graph, finals);
    }

    private static ComputationGraph newModel(NmtConfig config, NmtCorpus data, TrainingRun run) {
        if (data.sourceVectors() == null) {
            return NmtModel.create(config, data.source(), data.target()).graph();
        }
        NmtModel.Pretrained p = NmtModel.createWithSourceVectors(config, data.source(), data.target(),
                data.sourceVectors());
        run.log(String.format(Locale.ROOT, "English embeddings from pretrained vectors: %d words covered", p.found()));
        return p.model().graph();
    }

    private static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
