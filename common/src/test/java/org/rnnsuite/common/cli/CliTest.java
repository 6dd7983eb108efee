package org.rnnsuite.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.rnnsuite.common.testing.CommandConventions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.rnnsuite.common.UserException;

class CliTest {
    @Command(name = "demo", mixinStandardHelpOptions = true)
    static class Demo implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--fail", description = "user, bug or none (default: ${DEFAULT-VALUE})", defaultValue = "none")
        String fail;

        @Override
        public Integer call() {
            switch (fail) {
                case "user" -> throw new UserException("no file data/x.idx");
                case "bug" -> throw new IllegalStateException("broken\nsecond line");
                default -> {
                    return 0;
                }
            }
        }
    }

    private record Result(int code, String err) {
    }

    private static Result run(Supplier<Object> command, String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Cli.execute(command.get(), args);
            return new Result(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void userErrorsAreOneLineWithExitCode2() {
        Result r = run(Demo::new, "--fail", "user");
        assertEquals(Cli.EXIT_USAGE, r.code());
        assertEquals("error: no file data/x.idx\n", r.err());
    }

    @Test
    void badOptionsAreUsageErrors() {
        Result r = run(Demo::new, "--seed", "abc");
        assertEquals(Cli.EXIT_USAGE, r.code());
        assertTrue(r.err().startsWith("error: Invalid value for option '--seed'"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void failuresAreOneLineWithExitCode1AndTracesOnlyWithDebug() {
        Result r = run(Demo::new, "--fail", "bug");
        assertEquals(Cli.EXIT_FAILURE, r.code());
        assertEquals("error: broken\n", r.err());

        Result debug = run(Demo::new, "--fail", "bug", "--debug");
        assertEquals(Cli.EXIT_FAILURE, debug.code());
        assertTrue(debug.err().contains("\tat "), "stack trace with --debug");
    }

    @Test
    void commonOptionsDefaults() {
        Demo d = new Demo();
        assertEquals(0, Cli.execute(d));
        assertEquals(42, d.common.seed);
        assertFalse(d.common.quiet);
        assertTrue(d.common.outDir("mnist").toString().matches("runs/mnist-\\d{8}-\\d{6}"));
        Demo given = new Demo();
        Cli.execute(given, "--out", "x/y", "--seed", "7");
        assertEquals(Path.of("x/y"), given.common.outDir("mnist"));
        assertEquals(7, given.common.seed);
    }

    @Test
    void commandsFollowTheSuiteVocabularyOfOptions() throws Exception {
        CommandConventions.check(new UiCommand(), CommandConventions.readme());
    }
}
