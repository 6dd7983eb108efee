package org.rnnsuite.nmt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.cli.Cli;
import org.rnnsuite.common.cli.CommonOptions;
import org.rnnsuite.common.cli.TrainingOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The translator's command line ({@code ./rnn translate ...}): {@code split} writes a length-filtered train/test
 * split, {@code train} trains, {@code translate} translates sentences, a file or stdin, {@code evaluate} scores a
 * model on held-out pairs.
 */
@Command(name = "translate", mixinStandardHelpOptions = true, version = "nmt-translator 0.1.0",
        description = "English to French translation with a reversed-input encoder-decoder (DL4J).",
        subcommands = {TranslateCommand.Split.class, TranslateCommand.Train.class, TranslateCommand.Translate.class,
            TranslateCommand.Evaluate.class})
public class TranslateCommand implements Callable<Integer> {
    /** Injected by picocli. */
    @Spec
    CommandSpec spec;

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(Cli.execute(new TranslateCommand(), args));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Cli.EXIT_USAGE;
    }

    /** {@code split}: the length filter and the English-disjoint split, written as tokenised TSV files. */
    @Command(name = "split", mixinStandardHelpOptions = true,
            description = "Tokenise, keep pairs of at most --max-length tokens, hold out pairs whose English sentences "
                    + "never occur in the rest; write OUT/train.tsv and OUT/test.tsv.")
    public static class Split implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "pairs english<TAB>french[<TAB>...]")
        Path pairs;
        @Option(names = "--max-length", defaultValue = "10", description = "longest sentence in tokens, both sides (default: ${DEFAULT-VALUE})")
        int maxLength;
        @Option(names = "--test-count", defaultValue = "2000", description = "held-out pairs (default: ${DEFAULT-VALUE})")
        int testCount;

        @Override
        public Integer call() {
            if (maxLength <= 0 || testCount <= 0) {
                throw new UserException("--max-length and --test-count must be positive");
            }
            Path dir = common.outDir("nmt-split");
            System.out.println(NmtData.writeSplit(pairs, maxLength, testCount, common.seed, dir));
            return 0;
        }
    }

    /** {@code train}. */
    @Command(name = "train", mixinStandardHelpOptions = true, description = "Train a translator.")
    public static class Train implements Callable<Integer> {
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
        @Option(names = "--samples", defaultValue = "5", description = "test translations printed at the end (default: ${DEFAULT-VALUE})")
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
            Seeds.init(config.seed());
            NmtCorpus data = NmtCorpus.load(config, pairs, testPairs, srcVectors);
            options.checkEmbedding(data.sourceVectors());
            try (TrainingRun run = NmtTrainer.openRun(config, data, training.runOptions(NmtTrainer.WORKFLOW))) {
                System.err.println(data.summary());
                run.onLog(System.err::println);
                if (run.isResumed()) {
                    System.err.printf(Locale.ROOT, "resuming %s after epoch %s%n", run.dir(), epoch(run.position()));
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
                    get(last, "test_bleu"), 100 * get(last, "test_exact_match"), epoch(r.position()),
                    r.best("test_bleu"), epoch(r.card().position()),
                    r.stop() == TrainingResult.Stop.EARLY_STOPPED ? " (stopped early)" : "");
            System.out.print(ev.samples(samples));
            System.out.println("model: " + r.modelFile());
        }
    }

    private static double get(Map<String, Double> metrics, String name) {
        return metrics.getOrDefault(name, Double.NaN);
    }

    private static String epoch(double position) {
        return position == Math.rint(position) ? Long.toString((long) position)
                : String.format(Locale.ROOT, "%.2f", position);
    }

    /** The model of a run directory or zip, for decoding with beam width {@code beam} (at least 1). */
    private static Translator translator(Path modelDir, int beam, long seed) {
        if (beam < 1) {
            throw new UserException("--beam must be at least 1, got " + beam);
        }
        Seeds.init(seed);
        return new Translator(NmtModel.load(NmtModel.resolve(modelDir)));
    }

    /** {@code translate}. */
    @Command(name = "translate", mixinStandardHelpOptions = true,
            description = "Translate the given sentences, the lines of --file, or stdin line by line.")
    public static class Translate implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "run directory (or model.zip) of nmt train")
        Path modelDir;
        @Option(names = "--file", paramLabel = "IN", description = "translate each line of this file (default: none)")
        Path file;
        @Option(names = "--beam", defaultValue = "1", description = "beam width, 1 = greedy (default: ${DEFAULT-VALUE})")
        int beam;
        @Parameters(paramLabel = "SENTENCE", arity = "0..*", description = "English sentences")
        List<String> sentences = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            if (file != null && !sentences.isEmpty()) {
                throw new UserException("give sentences or --file, not both");
            }
            Translator t = translator(modelDir, beam, common.seed);
            PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
            try (Stream<String> lines = inputLines()) {
                lines.forEach(line -> out.println(t.translateLine(line, beam, System.err::println)));
            }
            return 0;
        }

        /** @return the sentences, the lines of --file, or the lines of stdin as they come */
        private Stream<String> inputLines() throws IOException {
            if (!sentences.isEmpty()) {
                return sentences.stream();
            }
            if (file != null) {
                try {
                    return Files.readAllLines(file, StandardCharsets.UTF_8).stream();
                } catch (NoSuchFileException e) {
                    throw new UserException("no such file: " + file);
                }
            }
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines();
        }
    }

    /** {@code evaluate}. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Corpus BLEU-4, exact-match rate and sample translations on held-out pairs.")
    public static class Evaluate implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "run directory (or model.zip) of nmt train")
        Path modelDir;
        @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "held-out pairs english<TAB>french[<TAB>...]")
        Path pairs;
        @Option(names = "--beam", defaultValue = "1", description = "beam width, 1 = greedy (default: ${DEFAULT-VALUE})")
        int beam;
        @Option(names = "--samples", defaultValue = "10", description = "translations printed side by side (default: ${DEFAULT-VALUE})")
        int samples;
        @Option(names = "--latency", defaultValue = "100", description = "also time greedy decoding one sentence at a time on the first N pairs, 0 = skip (default: ${DEFAULT-VALUE})")
        int latency;
        @Option(names = "--output", paramLabel = "FILE", description = "write the tokenised translations here, one per line (default: none)")
        Path output;

        @Override
        public Integer call() {
            if (samples < 0 || latency < 0) {
                throw new UserException("--samples and --latency must be 0 or positive, got " + samples + " and " + latency);
            }
            Translator t = translator(modelDir, beam, common.seed);
            NmtData.PairFile file = NmtData.readPairs(pairs);
            int max = t.model().config().maxLength();
            NmtData.Truncated ps = NmtData.truncateSources(file.pairs(), max);
            if (ps.truncated() > 0) {
                System.err.printf(Locale.ROOT, "note: %d English sentences longer than the model's --max-length %d were truncated%n",
                        ps.truncated(), max);
            }
            Evaluation ev = Evaluation.run(t, ps.pairs(), beam);
            int n = ps.pairs().size();
            System.out.printf(Locale.ROOT, "%s: %d pairs (%d malformed lines skipped), %s decoding%n", pairs, n,
                    file.malformed(), beam <= 1 ? "greedy" : "beam " + beam);
            System.out.printf(Locale.ROOT, "BLEU %.2f  exact match %.1f %%  decoding %.1f s (%.2f ms/sentence)%n",
                    ev.bleu(), 100 * ev.exactMatch(), ev.seconds(), 1000 * ev.seconds() / Math.max(1, n));
            System.out.printf(Locale.ROOT, "copy-the-input baseline (English tokens as the translation): BLEU %.2f%n",
                    Bleu.corpus(ev.sources(), ev.references()));
            if (latency > 0 && n > 0) {
                System.out.printf(Locale.ROOT, "greedy latency %.2f ms/sentence (one at a time, %d sentences)%n",
                        Evaluation.latencyMs(t, ps.pairs(), latency), Math.min(latency, n));
            }
            System.out.print(ev.samples(samples));
            if (output != null) {
                ev.writeHypotheses(output);
            }
            return 0;
        }
    }
}
