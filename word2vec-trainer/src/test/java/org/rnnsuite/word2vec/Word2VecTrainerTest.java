package org.rnnsuite.word2vec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.WordVectors;

/** Short trainings on the committed Genesis text (38,516 words, King James Bible, public domain). */
class Word2VecTrainerTest {
    static final Path GENESIS = EvaluationTest.resource("kjv-genesis.txt");
    static Word2VecTrainer.Result skipGram;

    @TempDir
    Path tmp;

    @BeforeAll
    static void train() {
        skipGram = new Word2VecTrainer(Word2VecConfig.tiny()).train(GENESIS, true);
    }

    @Test
    void vectorsComeOutMostFrequentFirstWithTheirCounts() {
        WordVectors v = skipGram.vectors();
        assertEquals(32, v.dim());
        assertEquals(38_516, skipGram.corpus().tokens());
        assertEquals("and", v.word(0));
        for (int i = 1; i < v.size(); i++) {
            assertTrue(v.count(i - 1) >= v.count(i));
            assertTrue(v.count(i) >= Word2VecConfig.tiny().minCount());
        }
        assertEquals(5 * 38_516L, skipGram.trainedTokens());
        assertTrue(skipGram.trainWordsPerSecond() > 0);
    }

    @Test
    void anObviousPairIsCloserThanARandomPair() {
        WordVectors v = skipGram.vectors();
        // numbers words share their contexts ("... and five years"), a family pair shares the genealogies
        assertTrue(v.similarity("five", "seven") > v.similarity("five", "camels"),
                v.similarity("five", "seven") + " vs " + v.similarity("five", "camels"));
        assertTrue(v.similarity("son", "daughter") > v.similarity("son", "ground"),
                v.similarity("son", "daughter") + " vs " + v.similarity("son", "ground"));
    }

    @Test
    void cbowWithHierarchicalSoftmaxTerminates() {
        Word2VecConfig cbow = new Word2VecConfig(16, 3, 0, 1e-3, 3, 5_000, 1, 0.05, 1e-4, 1, true, 42);
        Word2VecTrainer.Result r = assertTimeoutPreemptively(Duration.ofSeconds(120),
                () -> new Word2VecTrainer(cbow).train(GENESIS, true));
        assertEquals(skipGram.vectors().words(), r.vectors().words());
    }

    @Test
    void badCorporaGiveOneClearLine() throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "\n ... !!! \n");
        assertEquals("corpus " + empty + " contains no words", message(empty, Word2VecConfig.tiny()));

        Path rare = Files.writeString(tmp.resolve("rare.txt"), "a b c a b\n");
        assertEquals("no word of " + rare + " occurs 3 times (--min-count): the most frequent, 'a', occurs 2 times"
                + " in 5 words", message(rare, Word2VecConfig.tiny()));
    }

    private static String message(Path corpus, Word2VecConfig config) {
        return assertThrows(UserException.class, () -> new Word2VecTrainer(config).train(corpus, true)).getMessage();
    }
}
