package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rnnsuite.common.UserException;

class VocabularyTest {
    private static final List<List<String>> SENTENCES = List.of(
            List.of("b", "a", "c", "a"), List.of("c", "a", "d"), List.of("b", "e"));

    @Test
    void specialTokensFirstThenByFrequencyTiesAlphabetical() {
        Vocabulary v = Vocabulary.build(SENTENCES, 100, 1);
        assertEquals(List.of("<pad>", "<go>", "<eos>", "[UNK]", "a", "b", "c", "d", "e"), v.words());
        assertEquals(Vocabulary.UNK_ID, v.id("never-seen"));
        assertEquals(4, v.id("a"));
        assertEquals("e", v.word(8));
    }

    @Test
    void minCountAndMaxWords() {
        assertEquals(List.of("<pad>", "<go>", "<eos>", "[UNK]", "a", "b", "c"), Vocabulary.build(SENTENCES, 100, 2).words());
        assertEquals(List.of("<pad>", "<go>", "<eos>", "[UNK]", "a", "b"), Vocabulary.build(SENTENCES, 2, 1).words());
    }

    @Test
    void bytesRoundTrip() {
        Vocabulary v = Vocabulary.build(SENTENCES, 100, 1);
        assertEquals(v, Vocabulary.fromBytes(v.toBytes(), "test"));
    }

    @Test
    void rejectsSomethingThatIsNotAVocabulary() {
        UserException e = assertThrows(UserException.class,
                () -> Vocabulary.fromBytes("hello\nworld\n".getBytes(StandardCharsets.UTF_8), "x.txt"));
        assertTrue(e.getMessage().startsWith("x.txt is not a vocabulary"), e.getMessage());
    }
}
