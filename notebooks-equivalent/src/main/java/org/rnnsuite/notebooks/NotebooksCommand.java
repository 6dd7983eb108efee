package org.rnnsuite.notebooks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rnnsuite.common.cli.Cli;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./rnn notebooks}: lists the notebook sections; {@code ./rnn notebooks NAME} runs one;
 * {@code ./rnn notebooks all} runs the whole tour in order. The options are those of the project's
 * {@code CommonOptions} that apply here ({@code --seed}, {@code --quiet}, {@code --debug}; the sections write no
 * files, so there is no {@code --out}) plus {@code --vectors} for section 8.
 */
@Command(name = "notebooks", mixinStandardHelpOptions = true,
        description = {"The chapter's notebook, one runnable section at a time.",
            "Without NAME: list the sections. With NAME: run that section. 'all': run the tour."})
public final class NotebooksCommand implements Callable<Integer> {
    /** The section to run, {@code all}, or {@code null} to list them. */
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME",
            description = "a section's name or number from the list, or 'all' (default: list the sections)")
    String name;

    /** Random seed of every section. */
    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + Seeds.DEFAULT_SEED,
            description = "random seed of every section (default: ${DEFAULT-VALUE})")
    long seed = Seeds.DEFAULT_SEED;

    /** No progress bars. */
    @Option(names = "--quiet",
            description = "no progress bars (default: ${DEFAULT-VALUE}; also off when output is not a terminal)")
    boolean quiet;

    /** Stack traces of errors (read by {@link Cli#execute}). */
    @Option(names = "--debug", description = "print stack traces of errors (default: ${DEFAULT-VALUE})")
    boolean debug;

    /** Word vectors for section 8. */
    @Option(names = "--vectors", paramLabel = "FILE",
            description = "word vectors for section 8 (word2vec text or binary format, e.g. from ./rnn word2vec "
                    + "train) (default: train a tiny model on the bundled book of Genesis)")
    Path vectors;

    /** The stream the sections print to (standard output). */
    private final PrintStream out;

    /** A command printing to standard output. */
    public NotebooksCommand() {
        this(System.out);
    }

    /** @param out where the listing and the sections print */
    NotebooksCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        if (name == null) {
            out.print(listing());
            return 0;
        }
        if (name.strip().equalsIgnoreCase("all")) {
            tour();
            return 0;
        }
        Section section = Sections.find(name).orElseThrow(() -> new UserException(
                "unknown section '" + name + "': run './rnn notebooks' for the list"));
        section.run(options(), Transcript.echoing(out));
        return 0;
    }

    /** @return the settings given on the command line */
    Section.Options options() {
        if (vectors != null && Files.isDirectory(vectors)) {
            throw new UserException("--vectors " + vectors + " is a directory, not a vectors file");
        }
        if (vectors != null && !Files.isRegularFile(vectors)) {
            throw new UserException("--vectors " + vectors + ": no such file");
        }
        return new Section.Options(seed, quiet, vectors);
    }

    /** @return the list of sections: number, name and title, one per line */
    static String listing() {
        StringBuilder sb = new StringBuilder("Sections of the notebook (./rnn notebooks NAME, or 'all'):\n");
        for (Section s : Sections.all()) {
            sb.append(String.format(Locale.ROOT, "  %d  %-22s %s%n", s.number(), s.name(), s.title()));
        }
        return sb.toString();
    }

    private void tour() {
        long start = System.nanoTime();
        for (Section s : Sections.all()) {
            String banner = String.format(Locale.ROOT, "Section %d: %s (%s)", s.number(), s.title(), s.name());
            out.println("=".repeat(banner.length()));
            out.println(banner);
            out.println("=".repeat(banner.length()));
            long t0 = System.nanoTime();
            s.run(options(), Transcript.echoing(out));
            out.printf(Locale.ROOT, "%n[section %d: %.1f s]%n%n", s.number(), (System.nanoTime() - t0) / 1e9);
        }
        out.printf(Locale.ROOT, "tour: %d sections in %.1f s%n", Sections.all().size(),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * @param args {@code [NAME] [--seed N]}
     */
    public static void main(String[] args) {
        System.exit(Cli.execute(new NotebooksCommand(), args));
    }
}
