package org.rnnsuite.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.testing.Commands;

/** Bad input to {@code notebooks}: one line {@code error: ...}, exit code 2, and nothing written. */
class NotebooksBadInputTest {
    @TempDir
    Path dir;

    private static String refused(String... args) {
        return Commands.refused(NotebooksCommand::new, args);
    }

    @Test
    void unknownSectionsAndBadOptionValues() {
        assertEquals("error: unknown section 'nosuch': run './rnn notebooks' for the list", refused("nosuch"));
        assertEquals("error: Invalid value for option '--seed': 'x' is not a long (see notebooks --help)",
                refused("--seed", "x"));
        assertEquals("error: Unknown options: '--epochs', '3' (see notebooks --help)", refused("1", "--epochs", "3"));
    }

    @Test
    void vectorFilesThatAreNotVectors() throws Exception {
        Path text = Files.writeString(dir.resolve("words.txt"), "the cat sat on the mat\n");
        assertEquals("error: " + text + ": not a word2vec vectors file (the first line must be 'count dimension', "
                + "found 'the cat sat on the mat')", refused("8", "--vectors", text.toString()));
        assertEquals("error: --vectors " + dir + " is a directory, not a vectors file",
                refused("8", "--vectors", dir.toString()));
        assertEquals("error: --vectors " + dir.resolve("none.bin") + ": no such file",
                refused("8", "--vectors", dir.resolve("none.bin").toString()));
        assertEquals(2, Commands.filesUnder(dir), "nothing written");
    }
}
