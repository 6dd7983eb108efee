package org.rnnsuite.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.run.RunOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class TrainingOptionsTest {
    @Command(name = "train")
    static class Train implements Runnable {
        @Mixin
        TrainingOptions training = new TrainingOptions();

        @Override
        public void run() {
        }
    }

    @TempDir
    Path dir;

    private static TrainingOptions parse(String... args) {
        Train t = new Train();
        new CommandLine(t).parseArgs(args);
        return t.training;
    }

    @Test
    void theLifecycleOptionsMapOntoRunOptions() {
        TrainingOptions o = parse("--out", "runs/x", "--resume", "--patience", "3", "--checkpoint-minutes", "5",
                "--quiet");
        assertEquals(new RunOptions(Path.of("runs/x"), true, 3, 5, true), o.runOptions("mnist"));
        TrainingOptions d = parse();
        RunOptions r = d.runOptions("mnist");
        assertEquals(0, r.patience());
        assertTrue(r.dir().toString().startsWith("runs/mnist-"), r.dir().toString());
        assertNull(d.uiPort);
    }

    @Test
    void uiTakesAnOptionalPortDefaulting9000() {
        assertEquals(9000, parse("--ui").uiPort);
        assertEquals(9123, parse("--ui", "9123").uiPort);
    }

    private static String[] run(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Cli.execute(new UiCommand(), args);
        } finally {
            System.setErr(oldErr);
        }
        return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8).strip()};
    }

    @Test
    void uiCommandRefusesAMissingOrForeignFileInOneLine() throws Exception {
        String[] out = run(dir.resolve("none.bin").toString());
        assertEquals("2", out[0]);
        assertEquals("error: no statistics file " + dir.resolve("none.bin"), out[1]);
        Path text = Files.writeString(dir.resolve("notes.txt"), "not statistics");
        out = run(text.toString());
        assertEquals("2", out[0]);
        assertTrue(out[1].startsWith("error: " + text + " is not a statistics file written with --ui-stats")
                || out[1].equals("error: " + text + " holds no training statistics"), out[1]);
        assertEquals(1, out[1].lines().count(), out[1]);
        assertEquals("not statistics", Files.readString(text), "the file is left as it was");
    }
}
