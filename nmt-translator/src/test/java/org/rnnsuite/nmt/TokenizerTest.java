package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    @Test
    void lowercasesAndSplitsPunctuation() {
        assertEquals(List.of("i", "drink", "milk", "."), Tokenizer.english("I drink milk."));
        assertEquals(List.of("wait", "!", "what", "?", "\"", "no", "\"", ","), Tokenizer.english("Wait! What? \"No\","));
    }

    @Test
    void keepsEnglishContractionsAndHyphens() {
        assertEquals(List.of("don't", "tom's", "well-known", "cat", "."), Tokenizer.english("Don't Tom's well-known cat."));
    }

    @Test
    void splitsFrenchElisionsKeepingTheApostrophe() {
        assertEquals(List.of("j'", "ai", "l'", "habitude", "."), Tokenizer.french("J'ai l'habitude."));
        assertEquals(List.of("qu'", "est-ce", "qu'", "il", "t'", "a", "dit", "?"), Tokenizer.french("Qu'est-ce qu'il t'a dit ?"));
        assertEquals(List.of("jusqu'", "à", "demain", ",", "c'", "est", "n'", "importe", "quoi"),
                Tokenizer.french("Jusqu'à demain, c'est n'importe quoi"));
        assertEquals(List.of("d'", "abord", "s'", "il", "m'", "aime"), Tokenizer.french("D’abord s’il m’aime"));
    }

    @Test
    void keepsAujourdhuiAndOtherInnerApostrophes() {
        assertEquals(List.of("aujourd'hui", ",", "peut-être", "."), Tokenizer.french("Aujourd'hui, peut-être."));
    }

    @Test
    void frenchSpacesAndNumbers() {
        assertEquals(List.of("ça", "coûte", "3,50", "euros", "!"), Tokenizer.french("Ça coûte 3,50\u00a0euros\u202f!"));
        assertEquals(List.of("it", "costs", "3.5", "dollars", "."), Tokenizer.english("It costs 3.5 dollars."));
    }

    @Test
    void retokenisingJoinedTokensIsTheIdentity() {
        for (String s : List.of("J'ai dit : « Qu'il vienne ! »", "L'homme qu'on a vu.", "C'est l'été, n'est-ce pas ?")) {
            List<String> once = Tokenizer.french(s);
            assertEquals(once, Tokenizer.french(String.join(" ", once)));
        }
        List<String> en = Tokenizer.english("Students' books aren't 'here'.");
        assertEquals(en, Tokenizer.english(String.join(" ", en)));
    }

    @Test
    void detokenisationGluesElisions() {
        assertEquals("j'ai faim .", Tokenizer.detokenizeFrench(List.of("j'", "ai", "faim", ".")));
    }

    @Test
    void blankGivesNoTokens() {
        assertEquals(List.of(), Tokenizer.english("   \t "));
    }
}
