package org.rnnsuite.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.rnnsuite.common.cli.Cli;

/** Runs a workflow's command in this JVM, as {@code ./rnn} would, and checks the suite's rules for bad input. */
public final class Commands {
    private Commands() {
    }

    /**
     * What a command did.
     *
     * @param code its exit code
     * @param out  its standard output
     * @param err  its standard error
     */
    public record Result(int code, String out, String err) {
    }

    /**
     * @param command makes the root command object
     * @param args    the arguments
     * @return exit code, stdout and stderr
     */
    public static Result run(Supplier<Object> command, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Cli.execute(command.get(), args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * Runs a command that must be refused: exit code 2, one {@code error: } line on stderr (besides {@code note: }
     * lines), no stack trace.
     *
     * @return that line
     */
    public static String refused(Supplier<Object> command, String... args) {
        Result r = run(command, args);
        String what = String.join(" ", args) + "\n" + r.out() + r.err();
        assertEquals(2, r.code(), what);
        List<String> lines = r.err().lines().filter(l -> !l.startsWith("note: ")).toList();
        assertEquals(1, lines.size(), what);
        assertTrue(lines.get(0).startsWith("error: "), what);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), what);
        return lines.get(0);
    }

    /** @return the files and directories under {@code dir}, itself included */
    public static long filesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.count();
        }
    }
}
