package org.rnnsuite.nmt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.run.Checkpoint;
import org.rnnsuite.common.cli.Cli;
import org.rnnsuite.common.cli.CommonOptions;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.VectorsIO;
import org.rnnsuite.common.embeddings.WordVectors;
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

    /** The model hyper-parameters, one option per {@link NmtConfig} field. */
    public static class ModelOptions {
        /** {@link NmtConfig#embedding()}. */
        @Option(names = "--embedding", defaultValue = "128", description = "embedding size of both languages (default: ${DEFAULT-VALUE})")
        public int embedding;
        /** {@link NmtConfig#units()}. */
        @Option(names = "--units", defaultValue = "256", description = "recurrent units per layer (default: ${DEFAULT-VALUE})")
        public int units;
        /** {@link NmtConfig#layers()}. */
        @Option(names = "--layers", defaultValue = "1", description = "recurrent layers in the encoder and in the decoder (default: ${DEFAULT-VALUE})")
        public int layers;
        /** {@link NmtConfig#cell()}. */
        @Option(names = "--cell", defaultValue = "lstm", description = "recurrent cell: lstm or gru (default: ${DEFAULT-VALUE})")
        public String cell;
        /** {@link NmtConfig#dropout()}. */
        @Option(names = "--dropout", defaultValue = "0", description = "probability of dropping a unit between stacked layers (default: ${DEFAULT-VALUE})")
        public double dropout;
        /** {@link NmtConfig#vocab()}. */
        @Option(names = "--vocab", defaultValue = "20000", description = "most frequent words kept per language, besides <pad> <go> <eos> [UNK] (default: ${DEFAULT-VALUE})")
        public int vocab;
        /** {@link NmtConfig#minCount()}. */
        @Option(names = "--min-count", defaultValue = "2", description = "a word needs this many occurrences in the training split to be kept (default: ${DEFAULT-VALUE})")
        public int minCount;
        /** {@link NmtConfig#maxLength()}. */
        @Option(names = "--max-length", defaultValue = "10", description = "pairs with more tokens on either side are left out (default: ${DEFAULT-VALUE})")
        public int maxLength;
        /** {@link NmtConfig#batchSize()}. */
        @Option(names = "--batch", defaultValue = "64", description = "pairs per training step (default: ${DEFAULT-VALUE})")
        public int batch;
        /** {@link NmtConfig#learningRate()}. */
        @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
        public double lr;
        /** {@link NmtConfig#clipNorm()}. */
        @Option(names = "--clip", defaultValue = "0", description = "maximum L2 norm of each layer's gradient, 0 = none (default: ${DEFAULT-VALUE})")
        public double clip;
        /** {@link NmtConfig#maxOutput()}. */
        @Option(names = "--max-output", defaultValue = "20", description = "longest translation in words (default: ${DEFAULT-VALUE})")
        public int maxOutput;
        /** {@link NmtConfig#lengthPenalty()}. */
        @Option(names = "--length-penalty", defaultValue = "1.0", description = "beam search ranks by log-probability / length^this (default: ${DEFAULT-VALUE})")
        public double lengthPenalty;

        /**
         * @param seed the seed
         * @return the configuration these options describe
         */
        public NmtConfig config(long seed) {
            return new NmtConfig(embedding, units, layers, Cell.parse(cell), dropout, vocab, minCount, maxLength, batch,
                    lr, clip, maxOutput, lengthPenalty, seed);
        }
    }

    /** {@code split}: the length filter and the English-disjoint split, written as tokenised TSV files. */
    @Command(name = "split", mixinStandardHelpOptions = true,
            description = "Tokenise, keep pairs of at most --max-length tokens, hold out pairs whose English sentences "
                    + "never occur in the rest; write OUT/train.tsv and OUT/test.tsv.")
    public static class Split implements Callable<Integer> {
        /** Seed, output directory, quiet and debug options. */
        @Mixin
        CommonOptions common;
        /** {@code --pairs}: pairs english&lt;TAB&gt;french[&lt;TAB&gt;...]. */
        @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "pairs english<TAB>french[<TAB>...]")
        Path pairs;
        /** {@code --max-length}: longest sentence in tokens, both sides. */
        @Option(names = "--max-length", defaultValue = "10", description = "longest sentence in tokens, both sides (default: ${DEFAULT-VALUE})")
        int maxLength;
        /** {@code --test-count}: held-out pairs. */
        @Option(names = "--test-count", defaultValue = "2000", description = "held-out pairs (default: ${DEFAULT-VALUE})")
        int testCount;

        @Override
        public Integer call() {
            if (maxLength <= 0 || testCount <= 0) {
                throw new UserException("--max-length and --test-count must be positive");
            }
            NmtData.PairFile file = NmtData.readPairs(pairs);
            List<SentencePair> kept = NmtData.filterByLength(file.pairs(), maxLength);
            NmtData.Split s = NmtData.splitByCount(kept, testCount, common.seed);
            Path dir = common.outDir("nmt-split");
            NmtData.writePairs(dir.resolve("train.tsv"), s.train());
            NmtData.writePairs(dir.resolve("test.tsv"), s.test());
            System.out.printf(Locale.ROOT, "%d lines, %d malformed skipped, %d pairs of <= %d tokens: %d train, %d test -> %s%n",
                    file.lines(), file.malformed(), kept.size(), maxLength, s.train().size(), s.test().size(), dir);
            return 0;
        }
    }

    /** {@code train}. */
    @Command(name = "train", mixinStandardHelpOptions = true, description = "Train a translator.")
    public static class Train implements Callable<Integer> {
        /** Seed, output directory, quiet and debug options. */
        @Mixin
        CommonOptions common;
        /** The model hyper-parameters. */
        @Mixin
        ModelOptions model = new ModelOptions();
        /** {@code --pairs}: training pairs english&lt;TAB&gt;french[&lt;TAB&gt;...]. */
        @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "training pairs english<TAB>french[<TAB>...]")
        Path pairs;
        /** {@code --test-pairs}: held-out pairs. */
        @Option(names = "--test-pairs", paramLabel = "FILE", description = "held-out pairs (default: none, hold out --test-fraction of --pairs)")
        Path testPairs;
        /** {@code --test-fraction}: share of --pairs held out when no --test-pairs is given. */
        @Option(names = "--test-fraction", defaultValue = "0.05", description = "share of --pairs held out when no --test-pairs is given (default: ${DEFAULT-VALUE})")
        double testFraction;
        /** {@code --minutes}: training time budget, evaluation excluded; 0 = none; 30 if neither --minutes nor --epochs is given. */
        @Option(names = "--minutes", defaultValue = "0", description = "training time budget, evaluation excluded; 0 = none; 30 if neither --minutes nor --epochs is given (default: ${DEFAULT-VALUE})")
        double minutes;
        /** {@code --epochs}: stop after this many epochs in total, 0 = none. */
        @Option(names = "--epochs", defaultValue = "0", description = "stop after this many epochs in total, 0 = none (default: ${DEFAULT-VALUE})")
        int epochs;
        /** {@code --eval-minutes}: also evaluate the test BLEU every this many training minutes, 0 = at epoch ends only. */
        @Option(names = "--eval-minutes", defaultValue = "0", description = "also evaluate the test BLEU every this many training minutes, 0 = at epoch ends only (default: ${DEFAULT-VALUE})")
        double evalMinutes;
        /** {@code --resume}: continue the run in --out from its checkpoint. */
        @Option(names = "--resume", description = "continue the run in --out from its checkpoint (default: ${DEFAULT-VALUE})")
        boolean resume;
        /** {@code --src-vectors}: initialise the English embeddings from a word2vec text or binary file, .gz allowed. */
        @Option(names = "--src-vectors", paramLabel = "FILE", description = "initialise the English embeddings from a word2vec text or binary file, .gz allowed (default: none)")
        Path srcVectors;
        /** {@code --freeze}: keep the --src-vectors embeddings fixed. */
        @Option(names = "--freeze", description = "keep the --src-vectors embeddings fixed (default: ${DEFAULT-VALUE})")
        boolean freeze;
        /** {@code --samples}: test translations printed at the end. */
        @Option(names = "--samples", defaultValue = "5", description = "test translations printed at the end (default: ${DEFAULT-VALUE})")
        int samples;

        @Override
        public Integer call() {
            Seeds.init(common.seed);
            NmtConfig config = model.config(common.seed);
            if (freeze && srcVectors == null) {
                throw new UserException("--freeze needs --src-vectors FILE");
            }
            if (resume && common.out == null) {
                throw new UserException("--resume needs --out DIR (the run to continue)");
            }
            NmtTrainer.Budget budget = new NmtTrainer.Budget(epochs, minutes == 0 && epochs == 0 ? 30 : minutes);
            Path dir = common.outDir("nmt");
            NmtData.PairFile file = NmtData.readPairs(pairs);
            List<SentencePair> all = NmtData.filterByLength(file.pairs(), config.maxLength());
            NmtData.Split split;
            if (testPairs != null) {
                NmtData.PairFile test = NmtData.readPairs(testPairs);
                split = NmtData.withTestSet(all, NmtData.filterByLength(test.pairs(), config.maxLength()));
            } else {
                split = NmtData.splitByFraction(all, testFraction, config.seed());
            }
            System.err.printf(Locale.ROOT, "%s: %d lines, %d malformed skipped, %d pairs of <= %d tokens; %d train, %d test%n",
                    pairs, file.lines(), file.malformed(), all.size(), config.maxLength(), split.train().size(),
                    split.test().size());
            NmtModel m;
            Optional<Path> checkpoint = resume && Files.exists(Checkpoint.file(dir))
                    ? Optional.of(Checkpoint.file(dir)) : Optional.empty();
            if (resume && checkpoint.isEmpty()) {
                throw new UserException("--resume: no " + Checkpoint.FILE + " in " + dir);
            }
            if (checkpoint.isPresent()) {
                m = NmtModel.load(checkpoint.get());
                config = m.config();
                System.err.printf(Locale.ROOT, "resuming %s after epoch %d%n", dir, m.graph().getConfiguration().getEpochCount());
            } else {
                Vocabulary src = Vocabulary.build(split.train().stream().map(SentencePair::english).toList(),
                        config.vocab(), config.minCount());
                Vocabulary tgt = Vocabulary.build(split.train().stream().map(SentencePair::french).toList(),
                        config.vocab(), config.minCount());
                if (srcVectors != null) {
                    WordVectors vectors = VectorsIO.read(srcVectors, 0);
                    NmtModel.Pretrained p = NmtModel.createWithSourceVectors(config, src, tgt, vectors, freeze);
                    m = p.model();
                    System.err.printf(Locale.ROOT, "English embeddings from %s (%d-dimensional, %s): %d of %d words covered%n",
                            srcVectors, vectors.dim(), freeze ? "frozen" : "fine-tuned", p.found(),
                            src.size() - Vocabulary.SPECIALS.size());
                } else {
                    m = NmtModel.create(config, src, tgt);
                }
            }
            System.err.printf(Locale.ROOT, "vocabularies: %d English, %d French ids; %,d parameters%n",
                    m.source().size(), m.target().size(), m.graph().numParams());
            NmtTrainer.Result r = new NmtTrainer(config, common.quiet).evalEvery(evalMinutes).onEpoch(System.err::println)
                    .train(m, split, budget, dir);
            Evaluation ev = Evaluation.run(new Translator(m), split.test().subList(0, Math.min(samples, split.test().size())), 1);
            System.out.printf(Locale.ROOT, "trained %.1f min, %.0f target tokens/s (%.0f per CPU second); test BLEU %.2f (greedy), "
                    + "exact match %.1f %%%n", r.trainSeconds() / 60, r.targetTokensPerS(),
                    r.cpuSeconds() > 0 ? r.targetTokens() / r.cpuSeconds() : 0, r.last().testBleu(),
                    100 * r.last().testExactMatch());
            System.out.print(ev.samples(samples));
            System.out.println("model: " + dir.resolve(NmtModel.FILE));
            return 0;
        }
    }

    /** {@code translate}. */
    @Command(name = "translate", mixinStandardHelpOptions = true,
            description = "Translate the given sentences, the lines of --file, or stdin line by line.")
    public static class Translate implements Callable<Integer> {
        /** Seed, output directory, quiet and debug options. */
        @Mixin
        CommonOptions common;
        /** {@code --model}: run directory (or model.zip) of nmt train. */
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "run directory (or model.zip) of nmt train")
        Path modelDir;
        /** {@code --file}: translate each line of this file. */
        @Option(names = "--file", paramLabel = "IN", description = "translate each line of this file (default: none)")
        Path file;
        /** {@code --beam}: beam width, 1 = greedy. */
        @Option(names = "--beam", defaultValue = "1", description = "beam width, 1 = greedy (default: ${DEFAULT-VALUE})")
        int beam;
        /** The English sentences to translate. */
        @Parameters(paramLabel = "SENTENCE", arity = "0..*", description = "English sentences")
        List<String> sentences = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            if (beam < 1) {
                throw new UserException("--beam must be at least 1, got " + beam);
            }
            if (file != null && !sentences.isEmpty()) {
                throw new UserException("give sentences or --file, not both");
            }
            Seeds.init(common.seed);
            NmtModel m = NmtModel.load(NmtModel.resolve(modelDir));
            Translator t = new Translator(m);
            PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
            if (!sentences.isEmpty()) {
                for (String s : sentences) {
                    out.println(translateLine(t, s, beam));
                }
            } else if (file != null) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    throw new UserException("no such file: " + file);
                }
                for (String s : lines) {
                    out.println(translateLine(t, s, beam));
                }
            } else {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null) {
                    out.println(translateLine(t, line, beam));
                }
            }
            return 0;
        }
    }

    /**
     * Translates one line, telling on stderr when it is truncated or has unknown words.
     *
     * @param t    the translator
     * @param line an English sentence
     * @param beam beam width
     * @return the French translation ("" for a blank line)
     */
    static String translateLine(Translator t, String line, int beam) {
        List<String> tokens = Tokenizer.english(line);
        if (tokens.isEmpty()) {
            return "";
        }
        int max = t.model().config().maxLength();
        if (tokens.size() > max) {
            System.err.printf(Locale.ROOT, "note: %d tokens, more than the model's --max-length %d: translating the first %d%n",
                    tokens.size(), max, max);
            tokens = tokens.subList(0, max);
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (String w : tokens) {
            if (!t.model().source().contains(w)) {
                unknown.add(w);
            }
        }
        if (!unknown.isEmpty()) {
            System.err.println("note: unknown words read as " + Vocabulary.UNK + ": " + String.join(", ", unknown));
        }
        List<String> fr = beam <= 1 ? t.greedyOne(tokens) : t.beam(tokens, beam);
        return Tokenizer.detokenizeFrench(fr);
    }

    /** {@code evaluate}. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Corpus BLEU-4, exact-match rate and sample translations on held-out pairs.")
    public static class Evaluate implements Callable<Integer> {
        /** Seed, output directory, quiet and debug options. */
        @Mixin
        CommonOptions common;
        /** {@code --model}: run directory (or model.zip) of nmt train. */
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "run directory (or model.zip) of nmt train")
        Path modelDir;
        /** {@code --pairs}: held-out pairs english&lt;TAB&gt;french[&lt;TAB&gt;...]. */
        @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "held-out pairs english<TAB>french[<TAB>...]")
        Path pairs;
        /** {@code --beam}: beam width, 1 = greedy. */
        @Option(names = "--beam", defaultValue = "1", description = "beam width, 1 = greedy (default: ${DEFAULT-VALUE})")
        int beam;
        /** {@code --samples}: translations printed side by side. */
        @Option(names = "--samples", defaultValue = "10", description = "translations printed side by side (default: ${DEFAULT-VALUE})")
        int samples;
        /** {@code --latency}: also time greedy decoding one sentence at a time on the first N pairs, 0 = skip. */
        @Option(names = "--latency", defaultValue = "100", description = "also time greedy decoding one sentence at a time on the first N pairs, 0 = skip (default: ${DEFAULT-VALUE})")
        int latency;
        /** {@code --output}: write the tokenised translations here, one per line. */
        @Option(names = "--output", paramLabel = "FILE", description = "write the tokenised translations here, one per line (default: none)")
        Path output;

        @Override
        public Integer call() {
            if (beam < 1) {
                throw new UserException("--beam must be at least 1, got " + beam);
            }
            Seeds.init(common.seed);
            NmtModel m = NmtModel.load(NmtModel.resolve(modelDir));
            NmtData.PairFile file = NmtData.readPairs(pairs);
            int max = m.config().maxLength();
            List<SentencePair> ps = new ArrayList<>();
            int truncated = 0;
            for (SentencePair p : file.pairs()) {
                if (p.english().size() > max) {
                    truncated++;
                    ps.add(new SentencePair(p.english().subList(0, max), p.french()));
                } else {
                    ps.add(p);
                }
            }
            if (truncated > 0) {
                System.err.printf(Locale.ROOT, "note: %d English sentences longer than the model's --max-length %d were truncated%n",
                        truncated, max);
            }
            Translator t = new Translator(m);
            Evaluation ev = Evaluation.run(t, ps, beam);
            System.out.printf(Locale.ROOT, "%s: %d pairs (%d malformed lines skipped), %s decoding%n", pairs, ps.size(),
                    file.malformed(), beam <= 1 ? "greedy" : "beam " + beam);
            System.out.printf(Locale.ROOT, "BLEU %.2f  exact match %.1f %%  decoding %.1f s (%.2f ms/sentence)%n",
                    ev.bleu(), 100 * ev.exactMatch(), ev.seconds(), 1000 * ev.seconds() / Math.max(1, ps.size()));
            System.out.printf(Locale.ROOT, "copy-the-input baseline (English tokens as the translation): BLEU %.2f%n",
                    Bleu.corpus(ev.sources(), ev.references()));
            if (latency > 0 && !ps.isEmpty()) {
                int n = Math.min(latency, ps.size());
                t.greedyOne(ps.get(0).english());
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    t.greedyOne(ps.get(i).english());
                }
                System.out.printf(Locale.ROOT, "greedy latency %.2f ms/sentence (one at a time, %d sentences)%n",
                        (System.nanoTime() - t0) / 1e6 / n, n);
            }
            System.out.print(ev.samples(samples));
            if (output != null) {
                StringBuilder sb = new StringBuilder();
                for (List<String> h : ev.hypotheses()) {
                    sb.append(String.join(" ", h)).append('\n');
                }
                AtomicFiles.writeString(output, sb.toString());
            }
            return 0;
        }
    }
}
