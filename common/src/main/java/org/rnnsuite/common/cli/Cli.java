package org.rnnsuite.common.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import org.rnnsuite.common.MemoryBudget;
import org.rnnsuite.common.NativeSettings;
import org.rnnsuite.common.UserException;

/**
 * Runs a picocli command with the project's error conventions: a {@link UserException} or a bad option prints
 * {@code error: <message>} on stderr and gives exit code 2; any other failure prints {@code error: <message>} and
 * gives exit code 1. A stack trace is printed only with {@code --debug}.
 */
public final class Cli {
    /** Exit code for bad usage or bad input. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for a failure that is not the user's. */
    public static final int EXIT_FAILURE = 1;

    private Cli() {
    }

    /**
     * @param command a picocli command object
     * @param args    the command-line arguments
     * @return the exit code (0 on success)
     */
    public static int execute(Object command, String... args) {
        NativeSettings.apply();
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(command);
        useSuiteVersion(cl);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + oneLine(ex.getMessage()) + " (see "
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            err.flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            PrintWriter err = c.getErr();
            if (debug) {
                ex.printStackTrace(err);
            }
            err.println("error: " + message(ex));
            err.flush();
            return isUserError(ex) ? EXIT_USAGE : EXIT_FAILURE;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            if (debug) {
                e.printStackTrace(cl.getErr());
            }
            cl.getErr().println("error: out of memory: the sizes asked for need more than the "
                    + MemoryBudget.human(MemoryBudget.availableBytes()) + " this process may use (JAVA_OPTS=-Xmx...): "
                    + "choose smaller sizes");
            cl.getErr().flush();
            return EXIT_USAGE;
        }
    }

    /**
     * Gives every command and subcommand the suite's {@code --version} ({@link SuiteVersion}), so that no command
     * prints its own or nothing.
     *
     * @param cl a command line, changed in place
     * @return {@code cl}
     */
    public static CommandLine useSuiteVersion(CommandLine cl) {
        cl.getCommandSpec().versionProvider(new SuiteVersion());
        for (CommandLine sub : cl.getSubcommands().values()) {
            useSuiteVersion(sub);
        }
        return cl;
    }

    private static boolean isUserError(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof UserException) {
                return true;
            }
        }
        return false;
    }

    /** The user-facing one-line message of an exception: the first {@link UserException} in the chain wins. */
    public static String message(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof UserException) {
                return oneLine(t.getMessage());
            }
        }
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof java.io.UncheckedIOException && t.getMessage() != null) {
                return oneLine(t.getMessage());     // the project's "cannot write X: why", not the bare path below
            }
        }
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return oneLine(msg == null || msg.isBlank() ? root.getClass().getSimpleName() : msg);
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String first = s.strip().lines().findFirst().orElse("");
        return first;
    }
}
