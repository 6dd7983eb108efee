package org.rnnsuite.word2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


import java.io.IOException;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnsuite.common.testing.Commands;
import org.rnnsuite.common.testing.CommandConventions;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.cli.Cli;
import org.rnnsuite.common.embeddings.VectorsIO;
import org.rnnsuite.common.embeddings.WordVectors;

/** The command line through the project's {@link Cli} conventions: exit codes, one-line errors, output files. */
class Word2VecCommandTest {
    @TempDir
    Path tmp;

    /** Exit code, stdout and stderr of one run. */
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        Commands.Result r = Commands.run(Word2VecCommand::new, args);
        return new Run(r.code(), r.out(), r.err());
    }

    @Test
    void trainWritesEveryFileAndTheVectorsReadBack() throws IOException {
        Path out = tmp.resolve("run");
        Run r = run("train", "--corpus", Word2VecTrainerTest.GENESIS.toString(), "--size", "16", "--min-count", "3",
                "--threads", "1", "--quiet", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("words/s"), r.out());
        for (String f : List.of("vectors.bin", "vectors.txt", "vocab.tsv", "embeddings.png", "run.json")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        WordVectors bin = VectorsIO.read(out.resolve("vectors.bin"), 0);
        WordVectors txt = VectorsIO.read(out.resolve("vectors.txt"), 0);
        assertEquals(bin.words(), txt.words());
        for (int i = 0; i < bin.size(); i++) {
            assertArrayEquals(bin.vector(i), txt.vector(i), "row " + i);
        }
        assertEquals(bin.size(), Files.readAllLines(out.resolve("vocab.tsv")).size());
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"trainWordsPerSecond\""));
        assertTrue(Files.size(out.resolve(org.rnnsuite.common.run.TrainingRun.CHECKPOINT_FILE)) > 0);
        assertTrue(r.err().contains("EPOCH 1/1: 36,778 words in"), r.err());   // words of the vocabulary

        // a finished run resumed: nothing left to train, the same vectors written again
        Run again = run("train", "--corpus", Word2VecTrainerTest.GENESIS.toString(), "--size", "16", "--min-count",
                "3", "--threads", "1", "--quiet", "--out", out.toString(), "--resume");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("after epoch 1 of 1"), again.err());
        WordVectors resumed = VectorsIO.read(out.resolve("vectors.bin"), 0);
        for (int i = 0; i < bin.size(); i++) {
            assertArrayEquals(bin.vector(i), resumed.vector(i), "row " + i);
        }

        Run nearest = run("nearest", "--vectors", out.resolve("vectors.bin").toString(), "lord", "-k", "3");
        assertEquals(0, nearest.code(), nearest.err());
        assertEquals(3, nearest.out().lines().count());
    }

    @Test
    void badInputGivesOneLineAndExitCode2AndWritesNothing() throws IOException {
        Path out = tmp.resolve("never");
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "");
        assertError(run("train", "--corpus", empty.toString(), "--out", out.toString()),
                "error: corpus " + empty + " contains no words");
        assertError(run("train", "--corpus", empty.toString(), "--window", "0", "--out", out.toString()),
                "error: --window must be at least 1 (got 0)");
        Path binary = Files.write(tmp.resolve("x.txt"), new byte[] {'a', ' ', 0, 1, 2, '\n'});
        assertError(run("train", "--corpus", binary.toString(), "--out", out.toString()),
                "error: " + binary + " is not a text file (NUL byte before byte 6): the corpus must be UTF-8 text");
        Path rare = Files.writeString(tmp.resolve("rare.txt"), "one two three\n");
        assertError(run("train", "--corpus", rare.toString(), "--out", out.toString()),
                "error: no word of " + rare + " occurs 5 times (--min-count): the most frequent, 'one', occurs 1 times"
                        + " in 3 words");
        assertError(run("train", "--corpus", rare.toString(), "--resume"),
                "error: --resume needs --out DIR: the run directory to continue");
        assertError(run("train", "--corpus", rare.toString(), "--engine", "gpu", "--out", out.toString()),
                "error: --engine must be fast or dl4j (got gpu)");
        assertError(run("train", "--corpus", rare.toString(), "--negative", "0", "--out", out.toString()),
                "error: --negative must be at least 1 (got 0)");
        assertFalse(Files.exists(out));

        Path vectors = EvaluationTest.resource("vectors-tiny.txt");
        assertError(run("nearest", "--vectors", vectors.toString(), "zebra"),
                "error: 'zebra' is not in the vocabulary (11 words)");
        Path cut = Files.writeString(tmp.resolve("cut.txt"), "3 2\na 1 2\n");
        assertError(run("analogy", "--vectors", cut.toString(), "a", "b", "c"),
                "error: " + cut + ": truncated: the header announces 3 vectors of dimension 2 but the file ends after 1 vectors");
        assertError(run("evaluate", "--vectors", vectors.toString()),
                "error: give --analogies FILE, --similarity FILE or both");
        assertEquals(2, run().code());
    }

    @Test
    void analogyAndEvaluatePrintTheirResults() {
        String vectors = EvaluationTest.resource("vectors-tiny.txt").toString();
        Run a = run("analogy", "--vectors", vectors, "man", "king", "woman", "-k", "1");
        assertEquals(0, a.code(), a.err());
        assertEquals(List.of("king - man + woman:", "queen                0.9586"), a.out().lines().toList());

        Run e = run("evaluate", "--vectors", vectors, "--analogies",
                EvaluationTest.resource("analogies-tiny.txt").toString(), "--similarity",
                EvaluationTest.resource("similarity-tiny.txt").toString(), "--restrict", "10");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("royal                         66.67 %  (2 / 3)"), e.out());
        assertTrue(e.out().contains("analogies: 80.00 % correct (4 of 5 answered); 1 of 6 questions skipped"), e.out());
        assertTrue(e.out().contains("similarity: Spearman rho 0.1118, Pearson r 0.4032 on 5 pairs (1 skipped"), e.out());
    }

    @Test
    void convertRewritesTextAsBinaryAndBack() {
        Path text = EvaluationTest.resource("vectors-tiny.txt");
        Path bin = tmp.resolve("tiny.bin");
        Run r = run("convert", "--vectors", text.toString(), "--out", bin.toString(), "--limit", "4");
        assertEquals(0, r.code(), r.err());
        assertEquals("wrote " + bin + ": 4 vectors of dimension 9 (binary)", r.out().strip());
        Path back = tmp.resolve("back.txt");
        assertEquals(0, run("convert", "--vectors", bin.toString(), "--out", back.toString()).code());
        WordVectors all = EvaluationTest.tiny();
        WordVectors four = VectorsIO.read(back, 0);
        assertEquals(all.words().subList(0, 4), four.words());
        for (int i = 0; i < 4; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(all.vector(i), four.vector(i));
        }
    }

    private static void assertError(Run r, String line) {
        assertEquals(2, r.code(), r.err());
        // SLF4J's "no binding" notice may come first, once per JVM
        assertEquals(line, r.err().lines().filter(l -> !l.startsWith("SLF4J:")).collect(
                java.util.stream.Collectors.joining("\n")).strip());
    }

    @Test
    void commandsFollowTheSuiteVocabularyOfOptions() throws Exception {
        CommandConventions.check(new Word2VecCommand(), CommandConventions.readme());
    }
}
