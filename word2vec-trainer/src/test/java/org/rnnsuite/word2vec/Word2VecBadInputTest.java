package org.rnnsuite.word2vec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.testing.Commands;

/** Bad input to every word2vec command: one line {@code error: ...}, exit code 2, and nothing written. */
class Word2VecBadInputTest {
    @TempDir
    Path dir;

    private static String refused(String... args) {
        return Commands.refused(Word2VecCommand::new, args);
    }

    private Path vectors() throws Exception {
        return Files.writeString(dir.resolve("v.txt"), "3 2\nthe 0.1 0.2\ncat 0.3 -0.1\nmat -0.2 0.4\n");
    }

    @Test
    void corporaThatAreNotText() throws Exception {
        Path binary = Files.write(dir.resolve("corpus.txt"), new byte[] {'a', 'b', 0, 1, (byte) 0xff});
        String out = dir.resolve("run").toString();
        assertEquals("error: " + binary + " is not a text file (NUL byte before byte 5): the corpus must be UTF-8 text",
                refused("train", "--corpus", binary.toString(), "--out", out));
        assertEquals("error: corpus " + dir.resolve("none") + " does not exist",
                refused("train", "--corpus", dir.resolve("none").toString(), "--out", out));
        assertTrue(refused("preprocess", "--corpus", binary.toString(), "--out", dir.resolve("p.txt").toString())
                .startsWith("error: " + binary + " is not a text file"));
        assertEquals(2, Commands.filesUnder(dir), "nothing written");
    }

    @Test
    void sizesThisMachineCannotHoldAreRefusedBeforeTraining() throws Exception {
        Path run = dir.resolve("run");
        assertTrue(refused("train", "--corpus", Word2VecTrainerTest.GENESIS.toString(), "--size", "500000",
                "--min-count", "1", "--quiet", "--out", run.toString()).matches("error: a vocabulary of [0-9,]+ "
                + "words × --size 500000 needs about [0-9.]+ [GT]B of memory, more than the [0-9.]+ [MGT]B this "
                + "process may use \\(JAVA_OPTS=-Xmx\\.\\.\\.\\): choose smaller sizes"));
        assertTrue(Files.notExists(run.resolve("model.zip")));
    }

    @Test
    void outputsThatCannotBeWritten() throws Exception {
        Path v = vectors();
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals("error: cannot write " + file.resolve("v.bin") + ": " + file + " is a file, not a directory",
                refused("convert", "--vectors", v.toString(), "--out", file.resolve("v.bin").toString()));
        assertEquals("error: cannot write " + dir + ": " + dir + " is a directory",
                refused("convert", "--vectors", v.toString(), "--out", dir.toString()));
        assertEquals("error: cannot write " + file.resolve("p.txt") + ": " + file + " is a file, not a directory",
                refused("preprocess", "--corpus", Word2VecTrainerTest.GENESIS.toString(), "--quiet", "--out",
                        file.resolve("p.txt").toString()));
        assertEquals("error: cannot create the run directory " + file.resolve("run") + ": " + file
                + " is a file, not a directory", refused("train", "--corpus", Word2VecTrainerTest.GENESIS.toString(),
                "--quiet", "--out", file.resolve("run").toString()));
        assertEquals(3, Commands.filesUnder(dir), "nothing written");
    }

    @Test
    void vectorFilesAndQueriesThatDoNotFit() throws Exception {
        Path v = vectors();
        Path notVectors = Files.writeString(dir.resolve("words.txt"), "the cat sat on the mat\n");
        for (String[] query : new String[][] {{"nearest", "cat"}, {"analogy", "the", "cat", "mat"}}) {
            String[] bad = {query[0], "--vectors", notVectors.toString()};
            String[] none = {query[0], "--vectors", dir.resolve("none.bin").toString()};
            assertEquals("error: " + notVectors + ": not a word2vec vectors file (the first line must be 'count "
                    + "dimension', found 'the cat sat on the mat')", refused(concat(bad, query)));
            assertEquals("error: vectors file " + dir.resolve("none.bin") + " does not exist",
                    refused(concat(none, query)));
        }
        assertEquals("error: 'zebra' is not in the vocabulary (3 words)",
                refused("nearest", "--vectors", v.toString(), "zebra"));
        assertEquals("error: -k must be at least 1 (got 0)", refused("nearest", "--vectors", v.toString(), "-k", "0",
                "cat"));
        assertEquals("error: --limit must be at least 0 (got -1)",
                refused("nearest", "--vectors", v.toString(), "--limit", "-1", "cat"));
        assertEquals("error: " + notVectors + " holds no analogy questions (': section' lines, then 'a b c d' lines, "
                + "as questions-words.txt)", refused("evaluate", "--vectors", v.toString(), "--analogies",
                notVectors.toString()));
        Path questions = Files.writeString(dir.resolve("q.txt"), ": capitals\nathens greece paris france\n");
        assertEquals("error: no analogy question of " + questions + " could be answered: all 1 have a word outside "
                + "the 3 most frequent of " + v, refused("evaluate", "--vectors", v.toString(), "--analogies",
                questions.toString()));
        assertEquals("error: give --analogies FILE, --similarity FILE or both",
                refused("evaluate", "--vectors", v.toString()));
    }

    /** @return the command and options, then the query's words */
    private static String[] concat(String[] command, String[] query) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(command),
                java.util.Arrays.stream(query).skip(1)).toArray(String[]::new);
    }

    @Test
    void modelsThatAreMissingOrAnotherWorkflows() throws Exception {
        assertEquals("error: no model file " + dir.resolve("none.zip"),
                refused("summary", "--model", dir.resolve("none.zip").toString()));
        Path notZip = Files.writeString(dir.resolve("model.zip"), "not a zip");
        assertTrue(refused("summary", "--model", notZip.toString()).startsWith("error: " + notZip));
    }

    @Test
    void optionValuesOutsideTheirRange() {
        String corpus = Word2VecTrainerTest.GENESIS.toString();
        String out = dir.resolve("run").toString();
        assertEquals("error: --size must be at least 1 (got -1)",
                refused("train", "--corpus", corpus, "--size", "-1", "--out", out));
        assertEquals("error: --learning-rate must be in (0, 1] (got 1.0E30)",
                refused("train", "--corpus", corpus, "--learning-rate", "1e30", "--out", out));
        assertEquals("error: --engine must be fast or dl4j (got gpu)",
                refused("train", "--corpus", corpus, "--engine", "gpu", "--out", out));
        assertEquals("error: --resume needs --out DIR: the run directory to continue",
                refused("train", "--corpus", corpus, "--resume"));
        assertTrue(Files.notExists(dir.resolve("run")));
    }
}
