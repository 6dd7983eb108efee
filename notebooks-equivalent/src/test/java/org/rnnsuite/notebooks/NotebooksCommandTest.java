package org.rnnsuite.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rnnsuite.common.testing.CommandConventions;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.cli.Cli;
import org.rnnsuite.common.Seeds;
import picocli.CommandLine;

class NotebooksCommandTest {
    @Test
    void noOptionsMeansListWithTheDefaultOptions() {
        NotebooksCommand cmd = new NotebooksCommand();
        new CommandLine(cmd).parseArgs();
        assertNull(cmd.name);
        assertEquals(Section.Options.defaults(), cmd.options());
        assertEquals(Seeds.DEFAULT_SEED, cmd.options().seed());
    }

    @Test
    void optionsMapOntoTheTourSettings(@TempDir Path dir) throws Exception {
        Path vectors = Files.writeString(dir.resolve("v.txt"), "1 2\nword 0.5 0.5\n");
        NotebooksCommand cmd = new NotebooksCommand();
        new CommandLine(cmd).parseArgs("all", "--seed", "7", "--quiet", "--vectors", vectors.toString());
        assertEquals("all", cmd.name);
        assertEquals(new Section.Options(7, true, vectors), cmd.options());
    }

    @Test
    void listsEverySectionWithItsTitle() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Cli.execute(new NotebooksCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertEquals(0, code);
        String listing = bytes.toString(StandardCharsets.UTF_8);
        for (Section s : Sections.all()) {
            assertTrue(listing.contains(s.name()) && listing.contains(s.title()), s.name());
        }
    }

    @Test
    void sectionsAreNumberedInOrderAndFoundByNameNumberOrClass() {
        int previous = 0;
        for (Section s : Sections.all()) {
            assertTrue(s.number() > previous);
            previous = s.number();
            assertEquals(s, Sections.find(s.name()).orElseThrow());
            assertEquals(s, Sections.find(Integer.toString(s.number())).orElseThrow());
            assertEquals(s, Sections.find(String.format("s%02d", s.number())).orElseThrow());
        }
        assertEquals("manual-rnn", Sections.find("S01ManualRnn").orElseThrow().name());
        assertEquals("training-bptt", Sections.find("S04TrainingBptt").orElseThrow().name());
        assertTrue(Sections.find("nope").isEmpty());
        assertTrue(Sections.find("10").isEmpty());
    }

    @Test
    void everySectionHasItsNumberedClass() throws Exception {
        for (Section s : Sections.all()) {
            String prefix = String.format("org.rnnsuite.notebooks.S%02d", s.number());
            boolean found = false;
            for (String cls : new String[] {"ManualRnn", "Unrolling", "SequenceLengths", "TrainingBptt",
                "SequenceClassifierAndTimeSeries", "DeepRnnDropout", "Cells", "WordEmbeddings", "MachineTranslation"}) {
                try {
                    Class.forName(prefix + cls).getMethod("main", String[].class);
                    found = true;
                } catch (ClassNotFoundException e) {
                    // try the next name
                }
            }
            assertTrue(found, "class for section " + s.number());
        }
    }

    @Test
    void runsOneSectionByName() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Cli.execute(new NotebooksCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)),
                "manual-rnn", "--seed", "42");
        assertEquals(0, code);
        assertEquals(S01ManualRnn.run(42, Transcript.silent()).text(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unknownSectionIsAOneLineErrorWithExitCode2() {
        assertOneLineError("error: unknown section 'no-such-section'", "no-such-section");
    }

    @Test
    void missingVectorsFileIsAOneLineErrorWithExitCode2(@TempDir Path dir) {
        assertOneLineError("error: --vectors " + dir.resolve("none.txt") + ": no such file", "word-embeddings",
                "--vectors", dir.resolve("none.txt").toString());
    }

    private static void assertOneLineError(String expectedStart, String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Cli.execute(new NotebooksCommand(new PrintStream(out, true, StandardCharsets.UTF_8)), args);
        } finally {
            System.setErr(saved);
        }
        assertEquals(2, code);
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.strip().lines().count(), text);
        assertTrue(text.startsWith(expectedStart), text);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void commandsFollowTheSuiteVocabularyOfOptions() throws Exception {
        CommandConventions.check(new NotebooksCommand(), CommandConventions.readme());
    }
}
