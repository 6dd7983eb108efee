package org.rnnsuite.nmt;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.run.Progress;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.RunSpec;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;

/**
 * Trains a translator on an {@link NmtCorpus}: each epoch goes through the training pairs in shuffled batches
 * (seeded per epoch; a DL4J iterator, {@link NmtBatches}, driven by {@code graph.fit}) until the epoch count or
 * the time budget of the configuration is reached. After each epoch, every {@link NmtConfig#evalMinutes()} of
 * training and when the time budget stops an epoch midway, it decodes the test pairs greedily and reports the BLEU
 * to the {@link TrainingRun}, which keeps the metrics, the charts, the best model (by test BLEU) and the
 * checkpoints, stops early and resumes (midway through an epoch too, at the right batch). Evaluation time is not
 * training time. Never prints, never exits.
 */
public final class NmtTrainer {
    /** Workflow name recorded in model cards. */
    public static final String WORKFLOW = NmtModel.WORKFLOW;
    /**
     * What a translator run reports, per (possibly fractional) epoch: training minutes over the whole run, mean
     * loss per target token over the epoch, greedy test BLEU (0-100) and exact-match share, target tokens trained
     * per second of training and per second of process CPU time; the best model by test BLEU. The budget may
     * change on resume.
     */
    public static final RunSpec SPEC = new RunSpec(WORKFLOW, "epoch",
            List.of("train_minutes", "loss", "test_bleu", "test_exact_match", "target_tokens_per_s",
                    "target_tokens_per_cpu_s"), "test_bleu", true,
            List.of(new RunSpec.Chart("bleu.png", "Test BLEU (greedy)", "BLEU", List.of("test_bleu"))),
            Set.of("epochs", "minutes", "evalMinutes"));

    private NmtTrainer() {
    }

    /**
     * Opens a run for this workflow: every model zip holds the vocabularies and the card their sizes.
     *
     * @param config  the configuration
     * @param data    the corpus
     * @param options where and how the run is kept
     * @return the open run
     */
    public static TrainingRun openRun(NmtConfig config, NmtCorpus data, RunOptions options) {
        int srcEmbedding = data.sourceVectors() == null ? config.embedding() : data.sourceVectors().dim();
        return TrainingRun.open(SPEC, options, config, data.fingerprint(),
                NmtModel.info(data.source(), data.target(), srcEmbedding),
                NmtModel.entries(data.source(), data.target()));
    }

    /**
     * Trains a new model, or continues the run's checkpoint, until the configuration's budget is spent or the run
     * stops early.
     *
     * @param config the hyper-parameters and the budget
     * @param data   the corpus
     * @param run    the run (from {@link #openRun}); it receives one report per evaluation
     * @return the result: the best graph by test BLEU, the last one, the metrics ({@link #model} makes the best
     *         one a translator)
     */
    public static TrainingResult<ComputationGraph> train(NmtConfig config, NmtCorpus data, TrainingRun run) {
        Seeds.init(config.seed());
        ComputationGraph graph = run.resumeModel(ComputationGraph.class)
                .orElseGet(() -> newModel(config, data, run).graph());
        NmtModel model = new NmtModel(graph, config, data.source(), data.target());
        run.log(String.format(Locale.ROOT, "vocabularies: %d English, %d French ids; %,d parameters",
                data.source().size(), data.target().size(), graph.numParams()));
        run.log(graph.summary());
        NmtMeter meter = new NmtMeter(run, NmtMeter.trainedNanos(run));
        graph.setListeners(run.listeners(meter));
        new Session(config, data, run, model, meter).run();
        Map<String, Object> finals = new LinkedHashMap<>();
        finals.put("trainSeconds", meter.trainNanos() / 1e9);
        finals.put("trainPairs", data.split().train().size());
        finals.put("testPairs", data.split().test().size());
        finals.put("sourceVocabulary", data.source().size());
        finals.put("targetVocabulary", data.target().size());
        boolean trained = meter.partTokens() > 0;
        finals.put("targetTokensPerSecond", trained ? meter.partTokens() / meter.partSeconds()
                : run.lastMetrics().getOrDefault("target_tokens_per_s", 0.0));
        finals.put("targetTokensPerCpuSecond", trained && meter.partCpuSeconds() > 0
                ? meter.partTokens() / meter.partCpuSeconds()
                : run.lastMetrics().getOrDefault("target_tokens_per_cpu_s", 0.0));
        return run.finish(graph, finals);
    }

    /**
     * @param result a training result
     * @param config its configuration
     * @param data   its corpus
     * @return the best model of the result as a translator
     */
    public static NmtModel model(TrainingResult<ComputationGraph> result, NmtConfig config, NmtCorpus data) {
        return new NmtModel(result.model(), config, data.source(), data.target());
    }

    /**
     * @param config the configuration
     * @param data   the corpus (its English vectors, if any, initialise the English embeddings)
     * @param run    receives a line on the pretrained vectors' coverage
     * @return a new model
     */
    static NmtModel newModel(NmtConfig config, NmtCorpus data, TrainingRun run) {
        if (data.sourceVectors() == null) {
            return NmtModel.create(config, data.source(), data.target());
        }
        NmtModel.Pretrained p = NmtModel.createWithSourceVectors(config, data.source(), data.target(),
                data.sourceVectors());
        run.log(String.format(Locale.ROOT, "English embeddings from pretrained vectors (%d-dimensional, %s): %d of %d "
                        + "words covered", data.sourceVectors().dim(), config.freezeSource() ? "frozen" : "fine-tuned",
                p.found(), data.source().size() - Vocabulary.SPECIALS.size()));
        return p.model();
    }

    /**
     * @param epoch   the epoch, from 0
     * @param done    batches of it trained
     * @param batches batches in it
     * @return the fractional epoch reached, to 6 significant digits (as {@code metrics.csv} keeps it, so that the
     *         row of a report and its checkpoint name the same position)
     */
    static double position(int epoch, int done, int batches) {
        if (done >= batches) {
            return epoch + 1;
        }
        return new BigDecimal(epoch + (double) done / batches).round(new MathContext(6)).doubleValue();
    }

    /** One call of {@link #train}: the loop over epochs, the pauses for evaluation, the reports. */
    private static final class Session {
        private final NmtConfig config;
        private final NmtCorpus data;
        private final TrainingRun run;
        private final NmtModel model;
        private final NmtMeter meter;
        private final Translator translator;
        private final long budgetNanos;
        private final long evalNanos;
        private long nextEval;
        private NmtBatches current;

        Session(NmtConfig config, NmtCorpus data, TrainingRun run, NmtModel model, NmtMeter meter) {
            this.config = config;
            this.data = data;
            this.run = run;
            this.model = model;
            this.meter = meter;
            this.translator = new Translator(model);
            this.budgetNanos = (long) (config.minutes() * 60e9);
            this.evalNanos = (long) (config.evalMinutes() * 60e9);
            this.nextEval = evalNanos > 0 ? evalNanos : Long.MAX_VALUE;
            skipDueEvaluations();
        }

        void run() {
            int batches = (data.split().train().size() + config.batchSize() - 1) / config.batchSize();
            int epoch = (int) Math.floor(run.position() + 1e-9);
            int from = (int) Math.round((run.position() - epoch) * batches);
            if (from >= batches) {
                epoch++;
                from = 0;
            }
            for (; !outOfTime() && (config.epochs() == 0 || epoch < config.epochs()); epoch++, from = 0) {
                if (!trainEpoch(epoch, from)) {
                    break;
                }
            }
        }

        /** @return false to stop training (out of time, or the run stopped early) */
        private boolean trainEpoch(int epoch, int from) {
            NmtBatches batches = new NmtBatches(data.split().train(), model, config.batchSize(), config.seed(), epoch,
                    from, this::pause);
            current = batches;
            ComputationGraph graph = model.graph();
            try (Progress bar = Progress.start("epoch " + (epoch + 1), batches.batches(), "batches",
                    run.options().quiet())) {
                bar.stepBy(from);
                meter.startEpoch(batches, bar);
                while (true) {
                    graph.fit(batches);   // until the epoch ends, the time is up or an evaluation is due
                    graph.getConfiguration().setEpochCount(epoch + (batches.epochComplete() ? 1 : 0));
                    if (batches.epochComplete() || outOfTime()) {
                        break;
                    }
                    skipDueEvaluations();
                    if (!report(position(epoch, batches.done(), batches.batches()))) {
                        return false;
                    }
                }
            }
            skipDueEvaluations();
            return report(position(epoch, batches.done(), batches.batches())) && !outOfTime();
        }

        private boolean report(double position) {
            translator.sync();
            Evaluation ev = Evaluation.run(translator, data.split().test(), 1);
            NmtMeter.EpochStats e = meter.epoch();
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("train_minutes", meter.trainNanos() / 60e9);
            m.put("loss", e.loss());
            m.put("test_bleu", ev.bleu());
            m.put("test_exact_match", ev.exactMatch());
            m.put("target_tokens_per_s", e.tokensPerS());
            m.put("target_tokens_per_cpu_s", e.tokensPerCpuS());
            run.log(String.format(Locale.ROOT, "epoch %.2f  train %.1f min  loss %.4f  test BLEU %.2f  exact %.1f %%  "
                            + "%.0f target tokens/s  %.0f per CPU s", position, m.get("train_minutes"), e.loss(),
                    ev.bleu(), 100 * ev.exactMatch(), e.tokensPerS(), e.tokensPerCpuS()));
            meter.drawLossChart();
            return run.report(model.graph(), position, m);
        }

        private boolean outOfTime() {
            return budgetNanos > 0 && meter.trainNanos() >= budgetNanos;
        }

        /**
         * Called by the iterator before each batch, when the previous training step is complete (DL4J counts an
         * iteration after its listeners ran, so a checkpoint written from a listener would resume one Adam step
         * off): checkpoints if {@code --checkpoint-minutes} are due, then tells whether to stop this {@code fit}.
         */
        private boolean pause() {
            if (current.done() > 0) {
                run.checkpointIfDue(model.graph(), position(current.epoch(), current.done(), current.batches()));
            }
            return outOfTime() || meter.trainNanos() >= nextEval;
        }

        private void skipDueEvaluations() {
            while (evalNanos > 0 && nextEval <= meter.trainNanos()) {
                nextEval += evalNanos;
            }
        }
    }
}
