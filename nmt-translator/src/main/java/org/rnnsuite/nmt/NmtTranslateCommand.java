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
import java.util.concurrent.Callable;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.cli.DebugOption;
import org.rnnsuite.common.cli.ModelOptions;
import org.rnnsuite.common.cli.SuiteVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nmt translate}: translates the sentences given, the lines of {@code --file}, or stdin line by line; at a
 * terminal it prompts {@value #PROMPT} before each line, piped it prints one translation per line and nothing else.
 */
@Command(name = "translate", mixinStandardHelpOptions = true, versionProvider = SuiteVersion.class,
        description = "Translate the given sentences, the lines of --file, or stdin line by line (with an "
                + "'en> ' prompt when stdin is a terminal) until end of input.")
public class NmtTranslateCommand implements Callable<Integer> {
    /** The prompt shown before each line read from a terminal. */
    public static final String PROMPT = "en> ";

    @Mixin
    ModelOptions model = new ModelOptions();
    @Mixin
    DebugOption debug = new DebugOption();
    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + Seeds.DEFAULT_SEED,
            description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--file", paramLabel = "IN", description = "translate each line of this file (default: none)")
    Path file;
    @Option(names = "--beam", paramLabel = "N", defaultValue = "1", description = "beam width, 1 = greedy (default: ${DEFAULT-VALUE})")
    int beam;
    @Option(names = "--n-best", paramLabel = "K", defaultValue = "1",
            description = "print the K best translations of the beam, one per line as score<TAB>translation, and "
                    + "an empty line after each sentence's; K <= --beam (default: ${DEFAULT-VALUE})")
    int nBest;
    @Option(names = "--attention-plot", paramLabel = "FILE.png",
            description = "draw where the model looked while translating the one SENTENCE given (greedy), a heat map "
                    + "with the English tokens across and the French words down (a model trained with --attention) "
                    + "(default: none)")
    Path attentionPlot;
    @Parameters(paramLabel = "SENTENCE", arity = "0..*", description = "English sentences")
    List<String> sentences = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (file != null && !sentences.isEmpty()) {
            throw new UserException("give sentences or --file, not both");
        }
        if (nBest < 1 || nBest > Math.max(1, beam)) {
            throw new UserException("--n-best must be between 1 and the --beam width " + beam + ", got " + nBest);
        }
        if (attentionPlot != null && sentences.size() != 1) {
            throw new UserException("--attention-plot draws one sentence: give exactly one SENTENCE, got "
                    + sentences.size());
        }
        List<String> given = !sentences.isEmpty() ? sentences : file != null ? readFile(file) : null;
        Translator t = NmtCommand.translator(model.model, beam, seed);
        if (attentionPlot != null) {
            return plot(t, out(), sentences.get(0));
        }
        PrintWriter out = out();
        if (given != null) {
            given.forEach(line -> print(t, line, out));
            return 0;
        }
        boolean terminal = System.console() != null;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (true) {
            if (terminal) {
                out.print(PROMPT);
                out.flush();
            }
            String line = in.readLine();
            if (line == null) {
                break;
            }
            print(t, line, out);
        }
        if (terminal) {
            out.println();
        }
        return 0;
    }

    private static PrintWriter out() {
        return new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    }

    private int plot(Translator t, PrintWriter out, String sentence) {
        if (t.model().config().attention() == Attention.NONE) {
            throw new UserException("--attention-plot needs a model trained with --attention dot, general or additive; "
                    + model.model + " has none");
        }
        List<String> tokens = Tokenizer.english(sentence);
        if (tokens.isEmpty()) {
            throw new UserException("--attention-plot: the sentence has no words");
        }
        tokens = tokens.subList(0, Math.min(tokens.size(), t.model().config().maxLength()));
        Translator.Attended a = t.attend(tokens);
        List<String> words = a.words().get(a.words().size() - 1).equals(Vocabulary.EOS)
                ? a.words().subList(0, a.words().size() - 1) : a.words();
        out.println(Tokenizer.detokenizeFrench(words));
        out.println("attention plot: " + AttentionPlot.draw(attentionPlot, a));
        return 0;
    }

    private void print(Translator t, String line, PrintWriter out) {
        if (nBest <= 1) {
            out.println(t.translateLine(line, beam, System.err::println));
            return;
        }
        for (Translator.Scored s : t.translateLineNBest(line, beam, nBest, System.err::println)) {
            out.printf(Locale.ROOT, "%.4f\t%s%n", s.score(), Tokenizer.detokenizeFrench(s.words()));
        }
        out.println();
    }

    private static List<String> readFile(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new UserException("--file " + file + " is a directory, not a text file");
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserException("no such file: " + file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UserException("--file " + file + " is not UTF-8 text");
        }
    }
}
