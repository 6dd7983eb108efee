package org.rnnsuite.notebooks;

import java.io.PrintStream;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a notebook section prints: every line is kept (so that {@code run(...)} can return the text) and, when an
 * echo stream is given, also printed as it happens, like a notebook cell's output.
 */
public final class Transcript {
    private final StringBuilder text = new StringBuilder();
    private final PrintStream echo;

    private Transcript(PrintStream echo) {
        this.echo = echo;
    }

    /** @return a transcript that only records (for tests and for callers that print the text themselves) */
    public static Transcript silent() {
        return new Transcript(null);
    }

    /**
     * @param out where every line is also printed as it is written
     * @return a transcript that records and prints
     */
    public static Transcript echoing(PrintStream out) {
        return new Transcript(out);
    }

    /**
     * Prints one line.
     *
     * @param line the line (no trailing newline)
     * @return this transcript
     */
    public Transcript println(String line) {
        text.append(line).append('\n');
        if (echo != null) {
            echo.println(line);
            echo.flush();
        }
        return this;
    }

    /** @return this transcript, after printing an empty line */
    public Transcript println() {
        return println("");
    }

    /**
     * Prints a formatted line ({@link String#format}, root locale so that decimals always use a dot).
     *
     * @param format the format
     * @param args   its arguments
     * @return this transcript
     */
    public Transcript printf(String format, Object... args) {
        return println(String.format(Locale.ROOT, format, args));
    }

    /**
     * Prints a heading, underlined, preceded by an empty line unless it is the first line.
     *
     * @param heading the heading
     * @return this transcript
     */
    public Transcript heading(String heading) {
        if (!text.isEmpty()) {
            println();
        }
        println(heading);
        return println("-".repeat(heading.length()));
    }

    /**
     * Prints {@code name = } followed by the array in NumPy's nested-bracket style, 5 decimals.
     *
     * @param name  the variable name, as in the notebook (e.g. {@code Y0_val})
     * @param array a 1-, 2- or 3-dimensional array
     * @return this transcript
     */
    public Transcript array(String name, INDArray array) {
        String body = Tensors.format(array, 5);
        String indent = " ".repeat(name.length() + 3);
        String[] lines = body.split("\n", -1);
        println(name + " = " + lines[0]);
        for (int i = 1; i < lines.length; i++) {
            println(lines[i].isEmpty() ? "" : indent + lines[i]);
        }
        return this;
    }

    /** @return everything printed so far */
    public String text() {
        return text.toString();
    }
}
