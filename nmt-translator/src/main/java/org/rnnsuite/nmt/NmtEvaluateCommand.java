package org.rnnsuite.nmt;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.cli.DebugOption;
import org.rnnsuite.common.cli.ModelOptions;
import org.rnnsuite.common.cli.SuiteVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nmt evaluate}: corpus BLEU, exact matches, latency and samples of a model on held-out pairs. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = SuiteVersion.class,
        description = "Corpus BLEU-4 (overall and by English length), exact-match rate and sample translations on "
                + "held-out pairs.")
public class NmtEvaluateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model = new ModelOptions();
    @Mixin
    DebugOption debug = new DebugOption();
    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + Seeds.DEFAULT_SEED,
            description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--pairs", required = true, paramLabel = "FILE", description = "held-out pairs english<TAB>french[<TAB>...]")
    Path pairs;
    @Option(names = "--beam", paramLabel = "N", defaultValue = "1", description = "beam width, 1 = greedy (default: ${DEFAULT-VALUE})")
    int beam;
    @Option(names = "--samples", paramLabel = "N", defaultValue = "10", description = "translations printed side by side (default: ${DEFAULT-VALUE})")
    int samples;
    @Option(names = "--latency", paramLabel = "N", defaultValue = "100", description = "also time greedy decoding one sentence at a time on the first N pairs, 0 = skip (default: ${DEFAULT-VALUE})")
    int latency;
    @Option(names = "--out", paramLabel = "FILE", description = "write the tokenised translations here, one per line (default: none)")
    Path output;
    @Option(names = "--plots", paramLabel = "DIR", description = "draw the attention of the first --plot-count pairs "
            + "as heat maps DIR/attention-N.png (a model trained with --attention) (default: none)")
    Path plots;
    @Option(names = "--plot-count", paramLabel = "N", defaultValue = "5",
            description = "pairs drawn with --plots (default: ${DEFAULT-VALUE})")
    int plotCount;

    @Override
    public Integer call() {
        if (samples < 0 || latency < 0) {
            throw new UserException("--samples and --latency must be 0 or positive, got " + samples + " and " + latency);
        }
        if (plotCount < 1) {
            throw new UserException("--plot-count must be positive, got " + plotCount);
        }
        NmtData.PairFile file = NmtData.readPairs(pairs);
        Translator t = NmtCommand.translator(model.model, beam, seed);
        if (plots != null && t.model().config().attention() == Attention.NONE) {
            throw new UserException("--plots needs a model trained with --attention dot, general or additive; " + model.model
                    + " has none");
        }
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
        System.out.println(ev.byLengthLine(file.pairs().stream().mapToInt(p -> p.english().size()).toArray()));
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
        if (plots != null) {
            List<SentencePair> ps2 = ps.pairs();
            for (int i = 0; i < Math.min(plotCount, ps2.size()); i++) {
                Path png = plots.resolve("attention-" + (i + 1) + ".png");
                AttentionPlot.draw(png, t.attend(ps2.get(i).english()));
                System.out.println("attention plot: " + png);
            }
        }
        return 0;
    }
}
