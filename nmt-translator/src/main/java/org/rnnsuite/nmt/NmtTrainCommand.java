package org.rnnsuite.nmt;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.cli.SuiteVersion;
import org.rnnsuite.common.cli.TrainingOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nmt train}: trains a translator into a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = SuiteVersion.class,
        description = "Train a translator; writes metrics.csv, loss.png, bleu.png, model.zip (the best test BLEU), "
                + "checkpoint.zip and run.json into --out.")
public class NmtTrainCommand implements Callable<Integer> {
    @Mixin
    TrainingOptions training = new TrainingOptions();
    @Mixin
    NmtOptions options = new NmtOptions();
    @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "training pairs english<TAB>french[<TAB>...]")
    Path pairs;
    @Option(names = "--test-pairs", paramLabel = "FILE", description = "held-out pairs (default: none, hold out --test-fraction of --pairs)")
    Path testPairs;
    @Option(names = "--src-vectors", paramLabel = "FILE", description = "initialise the English embeddings from a word2vec text or binary file, .gz allowed (default: none)")
    Path srcVectors;
    @Option(names = "--samples", paramLabel = "N", defaultValue = "5", description = "test translations printed at the end (default: ${DEFAULT-VALUE})")
    int samples;

    @Override
    public Integer call() {
        NmtConfig config = options.config(training.common.seed);
        if (config.freezeSource() && srcVectors == null) {
            throw new UserException("--freeze needs --src-vectors FILE");
        }
        if (samples < 0) {
            throw new UserException("--samples must be 0 or positive, got " + samples);
        }
        NmtNetwork.checkSize(config, config.vocab() + Vocabulary.SPECIALS.size());   // before any work
        Seeds.init(config.seed());
        NmtCorpus data = NmtCorpus.load(config, pairs, testPairs, srcVectors);
        options.checkEmbedding(data.sourceVectors());
        try (TrainingRun run = NmtTrainer.openRun(config, data, training.runOptions(NmtTrainer.WORKFLOW))) {
            System.err.println(data.summary());
            run.onLog(System.err::println);
            training.attachUi(run);
            if (run.isResumed()) {
                System.err.printf(Locale.ROOT, "resuming %s after epoch %s%n", run.dir(),
                        NmtCommand.epoch(run.position()));
            }
            TrainingResult<ComputationGraph> r = NmtTrainer.train(config, data, run);
            printSummary(r, NmtTrainer.model(r, config, data), data);
        }
        return 0;
    }

    private void printSummary(TrainingResult<ComputationGraph> r, NmtModel best, NmtCorpus data) {
        List<SentencePair> test = data.split().test();
        Evaluation ev = Evaluation.run(new Translator(best), test.subList(0, Math.min(samples, test.size())), 1);
        Map<String, Double> last = r.lastMetrics();
        System.out.printf(Locale.ROOT, "trained %.1f min, %.0f target tokens/s (%.0f per CPU second); test BLEU "
                        + "%.2f (greedy), exact match %.1f %% at epoch %s; best test BLEU %.2f at epoch %s%s%n",
                get(last, "train_minutes"), get(last, "target_tokens_per_s"), get(last, "target_tokens_per_cpu_s"),
                get(last, "test_bleu"), 100 * get(last, "test_exact_match"), NmtCommand.epoch(r.position()),
                r.best("test_bleu"), NmtCommand.epoch(r.card().position()),
                r.stop() == TrainingResult.Stop.EARLY_STOPPED ? " (stopped early)" : "");
        System.out.print(ev.samples(samples));
        System.out.println("model: " + r.modelFile());
    }

    private static double get(Map<String, Double> metrics, String name) {
        return metrics.getOrDefault(name, Double.NaN);
    }
}
