package org.rnnsuite.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rnnsuite.common.cli.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Checks that a workflow's commands follow the suite's one vocabulary of options: the table of shared options in
 * the README ("every command" and "every `train`" rows), {@code --version} printing the suite's version, no
 * synonym of a shared option, {@code --model FILE|DIR} for trained models, and no subcommand named like its
 * workflow.
 */
public final class CommandConventions {
    /** Spellings the suite does not use; the shared name is given in {@link #check}'s message. */
    static final Set<String> SYNONYMS = Set.of("--lr", "--batch", "--learning_rate", "--batch_size", "--batchsize",
            "--output", "--output-dir", "--outdir", "--model-dir", "--iters", "--n-layers", "--num-layers", "--hidden",
            "--verbose", "--silent");

    private CommandConventions() {
    }

    /**
     * @param root   the workflow's root command object
     * @param readme the repository's README.md
     */
    public static void check(Object root, Path readme) throws IOException {
        CommandLine cl = Cli.useSuiteVersion(new CommandLine(root));
        List<String[]> rows = sharedOptions(readme);
        String workflow = cl.getCommandName();
        for (CommandLine sub : all(cl)) {
            CommandSpec spec = sub.getCommandSpec();
            String name = spec.qualifiedName();
            if (sub != cl) {
                assertFalse(spec.name().equals(workflow), name + " repeats its workflow's name");
            }
            for (OptionSpec o : spec.options()) {
                for (String n : o.names()) {
                    assertFalse(SYNONYMS.contains(n), name + " spells an option " + n
                            + ": the suite's shared names are in the README's table of shared options");
                }
                if (o.longestName().equals("--model")) {
                    assertEquals("FILE|DIR", o.paramLabel(), name + " --model");
                }
            }
            StringWriter version = new StringWriter();
            sub.printVersionHelp(new PrintWriter(version, true));
            assertTrue(version.toString().startsWith("rnn-suite "), name + " --version printed: " + version);
            for (String[] row : rows) {
                boolean applies = row[1].equals("every command")
                        || row[1].equals("every `train`") && spec.name().equals("train");
                if (applies) {
                    for (String option : row[0].split(",")) {
                        assertNotNull(spec.findOption(option.strip()), name + " lacks " + option.strip()
                                + " (README: " + row[1] + ")");
                    }
                }
            }
        }
    }

    private static List<CommandLine> all(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>();
        out.add(cl);
        for (CommandLine sub : cl.getSubcommands().values()) {
            out.addAll(all(sub));
        }
        return out;
    }

    /**
     * @param readme the README
     * @return the rows of its table of shared options: {options (comma-separated, as {@code --name}), scope}
     */
    static List<String[]> sharedOptions(Path readme) throws IOException {
        String text = Files.readString(readme);
        int start = text.indexOf("| option | taken by |");
        if (start < 0) {
            fail(readme + " has no table of shared options ('| option | taken by |')");
        }
        List<String[]> rows = new ArrayList<>();
        Pattern name = Pattern.compile("`(-[-\\w]+)");
        for (String line : text.substring(start).lines().skip(2).toList()) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("(?<!\\\\)\\|");
            List<String> names = new ArrayList<>();
            Matcher m = name.matcher(cells[1]);
            while (m.find()) {
                names.add(m.group(1));
            }
            rows.add(new String[] {String.join(",", names), cells[2].strip()});
        }
        assertFalse(rows.isEmpty(), "empty table of shared options");
        return rows;
    }

    /** @return the repository's README.md, found from a module's working directory */
    public static Path readme() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isRegularFile(p.resolve("rnn"))) {
                return p.resolve("README.md");
            }
        }
        throw new AssertionError("no README.md above " + Path.of("").toAbsolutePath());
    }
}
