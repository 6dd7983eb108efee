package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.cli.Cli;
import org.rnnsuite.common.embeddings.VectorsIO;
import org.rnnsuite.common.run.DataFingerprint;
import org.rnnsuite.common.run.MetricsCsv;
import org.rnnsuite.common.run.ModelCard;
import org.rnnsuite.common.run.ModelIO;

/** The command line on a tiny run: files written, resume, translate modes (bad inputs: {@link NmtBadInputTest}). */
class NmtCommandTest {
    @TempDir
    static Path dir;
    private static Path run;
    private static Path pairs;

    /** Output of one command run. */
    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int code = Cli.execute(new NmtCommand(), args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    @BeforeAll
    static void trainTiny() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (SentencePair p : ToyCorpus.all()) {
            sb.append(String.join(" ", p.english())).append('\t').append(Tokenizer.detokenizeFrench(p.french()))
                    .append("\tCC-BY 2.0\n");
        }
        pairs = Files.writeString(dir.resolve("toy.tsv"), sb.toString());
        run = dir.resolve("run");
        Outcome o = train(pairs, run, "--epochs", "1");
        assertEquals(0, o.code(), o.err());
    }

    /** The options of the tiny run, after --pairs FILE --out DIR. */
    static final String[] TINY = {"--embedding", "16", "--units", "32", "--batch-size", "32", "--learning-rate", "0.01",
        "--min-count", "1", "--quiet"};

    static Outcome train(Path pairsFile, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--pairs", pairsFile.toString(), "--out", out.toString()));
        args.addAll(List.of(TINY));
        args.addAll(List.of(more));
        return run("", args.toArray(String[]::new));
    }

    @Test
    void trainWritesTheRunFilesAndResumes() throws Exception {
        for (String f : List.of("model.zip", "checkpoint.zip", "metrics.csv", "loss.png", "bleu.png", "run.json")) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        assertTrue(ModelIO.readEntries(run.resolve("model.zip"), NmtModel.WORKFLOW).containsKey(NmtModel.SRC_VOCAB_ENTRY));
        assertEquals(List.of("epoch", "train_minutes", "loss", "test_bleu", "test_exact_match", "target_tokens_per_s",
                "target_tokens_per_cpu_s", "seconds"), List.of(Files.readAllLines(run.resolve("metrics.csv")).get(0).split(",")));
        Path copy = dir.resolve("resumed");
        Outcome first = train(pairs, copy, "--epochs", "1");
        assertEquals(0, first.code(), first.err());
        Outcome o = train(pairs, copy, "--epochs", "2", "--resume");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("resuming " + copy + " after epoch 1"), o.err());
        assertEquals(List.of(1.0, 2.0), java.util.Arrays.stream(MetricsCsv.read(copy.resolve("metrics.csv")).get("epoch"))
                .boxed().toList());
        String runJson = Files.readString(copy.resolve("run.json"));
        Outcome again = train(pairs, copy, "--epochs", "2", "--resume");
        assertEquals(0, again.code(), again.err());
        JsonNode before = new ObjectMapper().readTree(runJson);
        JsonNode after = new ObjectMapper().readTree(copy.resolve("run.json").toFile());
        assertEquals(2.0, after.get("epoch").asDouble(), "a finished run resumed stays at its epoch");
        assertEquals(before.get("last"), after.get("last"));
    }

    @Test
    void uiStatsKeepDl4jsTrainingStatistics() throws Exception {
        Path stats = dir.resolve("ui-stats.bin");
        Outcome o = train(pairs, dir.resolve("ui"), "--epochs", "1", "--ui-stats", stats.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue((o.out() + o.err()).contains("training statistics: " + stats), o.out() + o.err());
        assertTrue(Files.size(stats) > 0);
    }

    @Test
    void resumeRefusesOtherOptionsAndOtherDataWithOneLine() throws Exception {
        Path other = Files.writeString(dir.resolve("other.tsv"), Files.readString(pairs).replace("cat", "cow"));
        Path target = dir.resolve("refusals");
        assertEquals(0, train(pairs, target, "--epochs", "1").code());
        Outcome options = run("", "train", "--pairs", pairs.toString(), "--out", target.toString(), "--embedding", "16",
                "--units", "16", "--batch-size", "32", "--learning-rate", "0.02", "--min-count", "1", "--epochs", "2", "--resume");
        assertEquals(2, options.code(), options.err());
        assertEquals("error: --resume: " + target + " was trained with other options: units 32 -> 16, learningRate "
                + "0.01 -> 0.02 (only " + String.join(", ", NmtTrainer.SPEC.resumableFields()) + " may change)",
                options.err().strip());
        Outcome data = train(other, target, "--epochs", "2", "--resume");
        assertEquals(2, data.code(), data.err());
        assertEquals("error: --resume: " + target + " was trained on other data: toy.tsv missing, other.tsv added",
                data.err().strip());
    }

    @Test
    void trainsWithFrozenPretrainedVectorsReadFromAWord2VecFile() {
        Path vec = VectorsIO.write(NmtModelTest.vectors(), dir.resolve("vectors.txt"), VectorsIO.Format.TEXT);
        Outcome o = run("", "train", "--pairs", pairs.toString(), "--epochs", "1", "--out", dir.resolve("vec").toString(),
                "--units", "16", "--batch-size", "64", "--min-count", "1", "--src-vectors", vec.toString(), "--freeze", "--quiet");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("English embeddings from pretrained vectors (4-dimensional, frozen): 2 of "), o.err());
        assertEquals(4, NmtModel.load(dir.resolve("vec").resolve("model.zip")).sourceEmbedding());
    }

    @Test
    void translatesArgumentsFileAndStdinOneLinePerInput() throws Exception {
        Outcome args = run("", "translate", "--model", run.toString(), "I see the red cat.", "you want the big car .");
        assertEquals(0, args.code(), args.err());
        assertEquals(2, args.out().lines().count());
        Path in = Files.writeString(dir.resolve("in.txt"), "he takes the dog .\n\nshe sees the book .\n");
        Outcome file = run("", "translate", "--model", run.toString(), "--file", in.toString(), "--beam", "3");
        assertEquals(0, file.code(), file.err());
        assertEquals(3, file.out().lines().count());
        assertEquals("", file.out().lines().toList().get(1));
        Outcome stdin = run("i want the cat .\nyou see the house .\n", "translate", "--model", run.toString());
        assertEquals(0, stdin.code(), stdin.err());
        assertEquals(2, stdin.out().lines().count());
    }

    @Test
    void overLongSentencesAreTruncatedAndUnknownWordsReported() {
        Outcome o = run("", "translate", "--model", run.toString(),
                "i see the red cat and the big green dog with the small book .");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("note: 15 tokens, more than the model's --max-length 10: translating the first 10"), o.err());
        assertTrue(o.err().contains("note: unknown words read as [UNK]: and"), o.err());
        assertEquals(1, o.out().lines().count());
    }

    @Test
    void evaluatePrintsBleuAndSamples() {
        Outcome o = run("", "evaluate", "--model", run.toString(), "--pairs", pairs.toString(), "--samples", "2",
                "--latency", "3");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("BLEU "), o.out());
        assertTrue(o.out().contains("greedy latency "), o.out());
        assertEquals(2, o.out().lines().filter(l -> l.startsWith("  en:")).count());
    }

    @Test
    void commandsFollowTheSuiteVocabularyOfOptions() throws Exception {
        org.rnnsuite.common.testing.CommandConventions.check(new NmtCommand(), org.rnnsuite.common.testing.CommandConventions.readme());
    }
}
