package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.embeddings.VectorsIO;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.layers.CellTest;
import org.rnnsuite.common.run.DataFingerprint;
import org.rnnsuite.common.run.ModelCard;
import org.rnnsuite.common.run.ModelIO;

/**
 * Bad input to every translator command ({@code split}, {@code train}, {@code translate}, {@code evaluate},
 * {@code summary}): exit code 2, one line {@code error: ...} naming the problem, no stack trace, and nothing
 * written.
 */
class NmtBadInputTest {
    @TempDir
    static Path dir;
    private static Path run;
    private static Path pairs;

    @BeforeAll
    static void trainTiny() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (SentencePair p : ToyCorpus.all()) {
            sb.append(String.join(" ", p.english())).append('\t').append(Tokenizer.detokenizeFrench(p.french()))
                    .append('\n');
        }
        pairs = Files.writeString(dir.resolve("toy.tsv"), sb.toString());
        run = dir.resolve("run");
        NmtCommandTest.Outcome o = NmtCommandTest.train(pairs, run, "--epochs", "1");
        assertEquals(0, o.code(), o.err());
    }

    private static List<Path> files() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.sorted().toList();
        }
    }

    /** Runs the command; asserts exit 2, exactly one {@code error:} line, no trace, no new file; returns the line. */
    private static String refused(String... args) throws Exception {
        List<Path> before = files();
        NmtCommandTest.Outcome o = NmtCommandTest.run("", args);
        String what = String.join(" ", args) + "\n" + o.err();
        assertEquals(2, o.code(), what);
        List<String> lines = o.err().lines().filter(l -> !l.startsWith("note: ")).toList();
        assertEquals(1, lines.size(), what);
        assertTrue(lines.get(0).startsWith("error: "), what);
        assertTrue(!o.err().contains("Exception") && !o.err().contains("\tat "), what);
        assertEquals("", o.out(), what);
        assertEquals(before, files(), "nothing written: " + what);
        return lines.get(0);
    }

    private static String out() {
        return dir.resolve("x").toString();
    }

    @Test
    void badPairFiles() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.tsv"), "");
        Path noTab = Files.writeString(dir.resolve("notab.tsv"), "hello world\nbonjour\n");
        Path binary = Files.write(dir.resolve("binary.tsv"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 9, 10});
        String p = pairs.toString();
        assertEquals("error: " + empty + " is empty: expected lines english<TAB>french",
                refused("train", "--pairs", empty.toString(), "--epochs", "1", "--out", out()));
        assertEquals("error: " + noTab + " has no tab-separated pairs: expected lines english<TAB>french",
                refused("train", "--pairs", noTab.toString(), "--epochs", "1", "--out", out()));
        assertTrue(refused("train", "--pairs", binary.toString(), "--epochs", "1", "--out", out())
                .startsWith("error: " + binary), "binary input named");
        assertTrue(refused("train", "--pairs", dir.resolve("missing.tsv").toString(), "--epochs", "1", "--out", out())
                .contains(dir.resolve("missing.tsv").toString()));
        assertTrue(refused("train", "--pairs", dir.toString(), "--epochs", "1", "--out", out())
                .startsWith("error: " + dir));
        assertEquals("error: " + empty + " is empty: expected lines english<TAB>french",
                refused("evaluate", "--model", run.toString(), "--pairs", empty.toString()));
        assertEquals("error: " + empty + " is empty: expected lines english<TAB>french",
                refused("split", "--pairs", empty.toString(), "--out", out()));
        assertEquals("error: the English vocabulary holds only the special tokens: no word occurs --min-count times "
                + "in the 228 training pairs", refused("train", "--pairs", p, "--epochs", "1", "--min-count", "1000",
                "--out", out()));
        assertEquals("error: no test pairs: the test split is empty (check --test-pairs, --test-fraction and "
                + "--max-length)", refused("train", "--pairs", p, "--epochs", "1", "--test-fraction", "0.001",
                "--out", out()));
        assertEquals("error: " + empty + " is empty: expected lines english<TAB>french",
                refused("train", "--pairs", p, "--test-pairs", empty.toString(), "--epochs", "1", "--out", out()));
    }

    @Test
    void badModelFiles() throws Exception {
        Path text = Files.writeString(dir.resolve("text.zip"), "not a zip");
        NmtModel trained = NmtModel.load(run.resolve("model.zip"));
        Path noVocab = ModelIO.save(trained.graph(), dir.resolve("novocab.zip"), ModelCard.create(NmtModel.WORKFLOW,
                trained.config(), DataFingerprint.of("toy"), "epoch", Map.of(), List.of()), Map.of(), false);
        // a model of the earlier network, whose decoder did not read the encoder's state
        String json = trained.graph().getConfiguration().toJson();
        assertTrue(json.contains("\"stateInput\" : true"), "the configuration names the state input");
        ComputationGraph old = new ComputationGraph(ComputationGraphConfiguration.fromJson(
                json.replace("\"stateInput\" : true", "\"stateInput\" : false")));
        old.init(trained.graph().params(), true);
        Path oldModel = new NmtModel(old, trained.config(), trained.source(), trained.target())
                .save(dir.resolve("old.zip"));
        Path other = ModelIO.save(CellTest.sequenceNet(Cell.BASIC, 1, 0), dir.resolve("other.zip"),
                ModelCard.create("timeseries", Map.of("units", 4), DataFingerprint.of("synthetic"), "iteration",
                        Map.of(), List.of()), Map.of(), false);
        Path emptyDir = Files.createDirectories(dir.resolve("empty-run"));
        for (String command : List.of("translate", "evaluate", "summary")) {
            List<String> more = command.equals("evaluate") ? List.of("--pairs", pairs.toString())
                    : command.equals("translate") ? List.of("hello") : List.of();
            assertEquals("error: no model directory or file " + dir.resolve("missing"),
                    refused(args(command, "--model", dir.resolve("missing").toString(), more)));
            assertTrue(refused(args(command, "--model", text.toString(), more))
                    .startsWith("error: " + text + " is not a model zip"), command);
            assertEquals("error: " + noVocab + " has no English vocabulary (zip entry nmt-source-vocab.txt): not a "
                    + "model saved by nmt train", refused(args(command, "--model", noVocab.toString(), more)));
            assertEquals("error: " + oldModel + " was saved by an earlier version of the translator, whose decoder "
                    + "did not start from the encoder's state: train it again",
                    refused(args(command, "--model", oldModel.toString(), more)));
            assertEquals("error: " + other + " is a timeseries model, expected a nmt model",
                    refused(args(command, "--model", other.toString(), more)));
            assertTrue(refused(args(command, "--model", emptyDir.toString(), more)).startsWith("error: " + emptyDir),
                    command);
        }
    }

    private static String[] args(String command, String flag, String value, List<String> more) {
        List<String> a = new java.util.ArrayList<>(List.of(command, flag, value));
        a.addAll(more);
        return a.toArray(String[]::new);
    }

    @Test
    void badOptionValues() throws Exception {
        String p = pairs.toString();
        String m = run.toString();
        Path vec = VectorsIO.write(NmtModelTest.vectors(), dir.resolve("vectors4.txt"), VectorsIO.Format.TEXT);
        String[][] cases = {
            {"train", "--pairs", p, "--units", "0", "--out", out()},
            {"train", "--pairs", p, "--batch-size", "0", "--epochs", "1", "--out", out()},
            {"train", "--pairs", p, "--learning-rate", "-1", "--epochs", "1", "--out", out()},
            {"train", "--pairs", p, "--freeze", "--out", out()},
            {"train", "--pairs", p, "--epochs", "-1", "--out", out()},
            {"train", "--pairs", p, "--epochs", "1", "--samples", "-1", "--out", out()},
            {"train", "--pairs", p, "--epochs", "1", "--vocab", "-5", "--out", out()},
            {"train", "--pairs", p, "--epochs", "1", "--src-vectors", vec.toString(), "--embedding", "8", "--out", out()},
            {"train", "--pairs", p, "--epochs", "1", "--resume"},
            {"translate", "--model", m, "--beam", "0", "hello"},
            {"translate", "--model", m, "--beam", "2", "--n-best", "3", "hello"},
            {"translate", "--model", m, "--n-best", "-1", "hello"},
            {"translate", "--model", m, "--file", p, "hello"},
            {"translate", "--model", m, "--file", dir.resolve("missing.txt").toString()},
            {"translate", "--model", m, "--file", dir.toString()},
            {"evaluate", "--model", m, "--pairs", p, "--latency", "-5"},
            {"split", "--pairs", p, "--test-count", "-3", "--out", out()},
            {"split", "--pairs", p, "--max-length", "0", "--out", out()},
            {"train", "--pairs", p, "--epochs", "abc"},
        };
        String[] expected = {
            "error: --units must be positive, got 0",
            "error: --batch-size must be positive, got 0",
            "error: --learning-rate must be positive, got -1.0",
            "error: --freeze needs --src-vectors FILE",
            "error: give --epochs N or --minutes N (positive), got epochs -1, minutes 0.0",
            "error: --samples must be 0 or positive, got -1",
            "error: --vocab must be positive, got -5",
            "error: --embedding 8 conflicts with the 4-dimensional --src-vectors: leave --embedding out or give 4",
            "error: --resume needs --out DIR: the run directory to continue",
            "error: --beam must be at least 1, got 0",
            "error: --n-best must be between 1 and the --beam width 2, got 3",
            "error: --n-best must be between 1 and the --beam width 1, got -1",
            "error: give sentences or --file, not both",
            "error: no such file: " + dir.resolve("missing.txt"),
            "error: --file " + dir + " is a directory, not a text file",
            "error: --samples and --latency must be 0 or positive, got 10 and -5",
            "error: --max-length and --test-count must be positive, got 10 and -3",
            "error: --max-length and --test-count must be positive, got 0 and 2000",
            "error: Invalid value for option '--epochs': 'abc' is not an int (see nmt train --help)",
        };
        for (int i = 0; i < cases.length; i++) {
            assertEquals(expected[i], refused(cases[i]), String.join(" ", cases[i]));
        }
    }

    @Test
    void sizesNoMachineCanHoldAreRefusedBeforeAnyWork() throws Exception {
        String p = pairs.toString();
        for (String[] size : new String[][] {{"--layers", "100000"}, {"--units", "10000000"},
            {"--max-length", "100000000"}, {"--embedding", "100000000"}}) {
            long t0 = System.nanoTime();
            String e = refused("train", "--pairs", p, "--epochs", "1", "--out", out(), size[0], size[1]);
            assertTrue(e.contains(size[0] + " " + size[1]) && e.contains("more than the ")
                    && e.contains("this process may use"), e);
            assertTrue(System.nanoTime() - t0 < 5e9, "refused at once: " + e);
        }
    }

    @Test
    void badOutputDirectories() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals("error: --out " + file + " is a file, not a directory",
                refused("train", "--pairs", pairs.toString(), "--epochs", "1", "--out", file.toString()));
        assertTrue(refused("train", "--pairs", pairs.toString(), "--epochs", "1", "--out", "/proc/nmt-run")
                .startsWith("error: cannot create the run directory /proc/nmt-run: "));
        assertTrue(refused("split", "--pairs", pairs.toString(), "--out", file.resolve("split").toString())
                .startsWith("error: "));
    }

    @Test
    void noSubcommandIsOneLine() throws Exception {
        assertEquals("error: missing subcommand: split, train, translate, evaluate or summary (see nmt --help)",
                refused());
    }
}
