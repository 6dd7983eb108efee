package org.rnnsuite.word2vec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    @Test
    void lowercasesWordsAndDropsPunctuation() {
        assertEquals(List.of("call", "me", "ishmael", "some", "years", "ago"),
                Tokenizer.tokenize("Call me Ishmael. Some years ago—"));
        assertEquals(List.of("école", "café", "naïve"), Tokenizer.tokenize("ÉCOLE «Café» naïve!"));
        assertEquals(List.of("don", "t", "god", "s", "well", "known"), Tokenizer.tokenize("Don't God’s well-known"));
    }

    @Test
    void numbersBecomeNum() {
        assertEquals(List.of("in", "[NUM]", "it", "cost", "[NUM]", "[NUM]", "men"),
                Tokenizer.tokenize("In 1999 it cost $3.50, 1,000 men"));
        assertEquals(List.of("the", "[NUM]", "and", "the", "[NUM]", "[NUM]"), Tokenizer.tokenize("the 1990s and the 3rd 1:1"));
        assertEquals(List.of("b12"), Tokenizer.tokenize("B12"));
    }

    @Test
    void urlsBecomeUrl() {
        assertEquals(List.of("see", "[URL]", "or", "[URL]", "now"),
                Tokenizer.tokenize("see https://example.com/a?b=1 or WWW.Example.org/x, now"));
        assertEquals(List.of("[URL]", "http"), Tokenizer.tokenize("ftp://host/file http"));
    }

    @Test
    void specialTokensReadBackUnchanged() {
        List<String> once = Tokenizer.tokenize("At 10 see www.x.org, Zebra");
        assertEquals(List.of("at", "[NUM]", "see", "[URL]", "zebra"), once);
        assertEquals(once, Tokenizer.tokenize(String.join(" ", once)));
        assertEquals(List.of("[UNK]", "unk", "number"), Tokenizer.tokenize("[UNK] [unk] [NUMBER]"));
    }

    @Test
    void vocabularyKeepsTheMostFrequentAndMapsTheRestToUnk() {
        Map<String, Long> counts = Map.of("the", 10L, "cat", 3L, "dog", 3L, "emu", 1L, "[NUM]", 5L);
        Vocabulary v = Vocabulary.topN(counts, 3);
        // ties broken alphabetically: cat before dog
        assertEquals(List.of("the", "[NUM]", "cat", "[UNK]"), v.words());
        assertEquals("cat", v.map("cat"));
        assertEquals("[UNK]", v.map("dog"));
        assertEquals("[UNK]", v.map("never-seen"));
        assertEquals(4, v.count("[UNK]"));
        assertEquals(10, v.count("the"));
        assertEquals(List.of("the", "[NUM]", "cat", "dog", "emu"), Vocabulary.topN(counts, 50).words());
    }
}
