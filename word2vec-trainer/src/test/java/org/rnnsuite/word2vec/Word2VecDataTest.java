package org.rnnsuite.word2vec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplearning4j.text.sentenceiterator.SentenceIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.Utf8LineReader;

class Word2VecDataTest {
    @TempDir
    Path tmp;

    private static Word2VecData.Pair p(String target, String context) {
        return new Word2VecData.Pair(target, context);
    }

    @Test
    void skipGramPairsOfAKnownSentence() {
        List<String> s = List.of("the", "quick", "brown", "fox", "jumps");
        assertEquals(List.of(
                p("the", "quick"), p("the", "brown"),
                p("quick", "the"), p("quick", "brown"), p("quick", "fox"),
                p("brown", "quick"), p("brown", "fox"), p("brown", "the"), p("brown", "jumps"),
                p("fox", "brown"), p("fox", "jumps"), p("fox", "quick"),
                p("jumps", "fox"), p("jumps", "brown")), Word2VecData.skipGramPairs(s, 2));
        assertEquals(8, Word2VecData.skipGramPairs(s, 1).size()); // 2 * (n - 1)
        assertEquals(List.of(), Word2VecData.skipGramPairs(List.of("alone"), 5));
        assertThrows(IllegalArgumentException.class, () -> Word2VecData.skipGramPairs(s, 0));
    }

    @Test
    void countsADirectoryOfTxtFilesAndReplacesInvalidBytes() throws IOException {
        Files.writeString(tmp.resolve("a.txt"), "The cat sat.\n\nThe dog, 42 times.\n");
        byte[] bad = "caf\u00e9 ".getBytes(StandardCharsets.UTF_8);
        byte[] withInvalid = new byte[bad.length + 3];
        System.arraycopy(bad, 0, withInvalid, 0, bad.length);
        withInvalid[bad.length] = (byte) 0xC3; // a lead byte without its continuation
        withInvalid[bad.length + 1] = '(';
        withInvalid[bad.length + 2] = '\n';
        Files.createDirectories(tmp.resolve("sub"));
        Files.write(tmp.resolve("sub/b.txt"), withInvalid);
        Files.writeString(tmp.resolve("ignored.md"), "not read");
        AtomicLong progress = new AtomicLong();
        Word2VecData.CorpusStats s = Word2VecData.count(tmp, progress::addAndGet);
        assertEquals(2, s.files());
        assertEquals(3, s.lines());
        assertEquals(8, s.tokens());
        assertEquals(8, progress.get());
        assertEquals(1, s.malformedBytes());
        assertEquals(Map.of("the", 2L, "cat", 1L, "sat", 1L, "dog", 1L, "[NUM]", 1L, "times", 1L, "café", 1L),
                Map.copyOf(s.counts()));
    }

    @Test
    void sentencesAreMappedLinesAndResetStartsAgain() throws IOException {
        Path f = tmp.resolve("c.txt");
        Files.writeString(f, "The cat sat.\n\nA dog saw 3 cats at www.cats.org\n");
        Vocabulary v = Vocabulary.topN(Map.of("the", 3L, "cat", 2L, "[NUM]", 2L, "[URL]", 1L, "dog", 1L), 4);
        AtomicLong words = new AtomicLong();
        SentenceIterator it = Word2VecData.sentences(List.of(f), v, words::addAndGet);
        List<String> first = drain(it);
        assertEquals(List.of("the cat [UNK]", "[UNK] [UNK] [UNK] [NUM] [UNK] [UNK] [URL]"), first);
        assertEquals(10, words.get());
        it.reset();
        assertEquals(first, drain(it));
    }

    @Test
    void longLinesAreCutIntoSentencesOfAtMost10000Tokens() throws IOException {
        Path f = tmp.resolve("long.txt");
        Files.writeString(f, "w ".repeat(Word2VecData.MAX_SENTENCE_TOKENS + 5) + "\n");
        List<String> s = drain(Word2VecData.sentences(List.of(f), Vocabulary.topN(Map.of("w", 1L), 1), n -> { }));
        assertEquals(2, s.size());
        assertEquals(Word2VecData.MAX_SENTENCE_TOKENS, s.get(0).split(" ").length);
        assertEquals(5, s.get(1).split(" ").length);
    }

    @Test
    void badCorporaAreRejectedWithOneLine() throws IOException {
        UserException missing = assertThrows(UserException.class,
                () -> Word2VecData.corpusFiles(tmp.resolve("nope")));
        assertTrue(missing.getMessage().endsWith("nope does not exist"), missing.getMessage());
        UserException noTxt = assertThrows(UserException.class, () -> Word2VecData.corpusFiles(tmp));
        assertTrue(noTxt.getMessage().contains("holds no .txt file"), noTxt.getMessage());

        Path binary = tmp.resolve("model.bin");
        byte[] bytes = new byte[5000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Files.write(binary, bytes);
        UserException bin = assertThrows(UserException.class, () -> Word2VecData.count(binary, n -> { }));
        assertTrue(bin.getMessage().contains("is not a text file"), bin.getMessage());

        Path latin1 = tmp.resolve("latin1.txt");
        byte[] l = new byte[8000];
        for (int i = 0; i < l.length; i++) {
            l[i] = (byte) (i % 2 == 0 ? 0xE9 : 'a'); // 'é' in ISO-8859-1: invalid in UTF-8 half of the time
        }
        Files.write(latin1, l);
        UserException notUtf8 = assertThrows(UserException.class, () -> Word2VecData.count(latin1, n -> { }));
        assertTrue(notUtf8.getMessage().contains("is not UTF-8 text"), notUtf8.getMessage());
    }

    @Test
    void utf8ReaderHandlesSequencesAcrossBufferBoundaries() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            sb.append("été ").append(i % 7 == 0 ? "\n" : "");
        }
        Path f = tmp.resolve("big.txt");
        Files.writeString(f, sb.toString());
        StringBuilder back = new StringBuilder();
        try (Utf8LineReader r = new Utf8LineReader(f)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                back.append(line).append('\n');
            }
            assertEquals(0, r.malformed());
        }
        assertEquals(sb.toString().replace("\n", "") , back.toString().replace("\n", ""));
        assertFalse(back.toString().contains("\uFFFD"));
    }

    private static List<String> drain(SentenceIterator it) {
        List<String> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.nextSentence());
        }
        return out;
    }
}
