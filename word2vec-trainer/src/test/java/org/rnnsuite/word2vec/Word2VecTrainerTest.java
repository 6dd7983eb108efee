package org.rnnsuite.word2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
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
    void dl4jsTrainerStaysAvailable() {
        Word2VecConfig dl4j = Word2VecConfig.tiny().withEngine(Word2VecConfig.Engine.DL4J);
        Word2VecTrainer.Result r = new Word2VecTrainer(dl4j).train(GENESIS, true);
        // the same words; DL4J breaks ties of equal counts in its own order
        assertEquals(sorted(skipGram.vectors().words()), sorted(r.vectors().words()));
        assertTrue(r.trainer().startsWith("DL4J Word2Vec: skip-gram+NS"), r.trainer());
        assertTrue(r.vectors().similarity("son", "daughter") > r.vectors().similarity("son", "ground"));

        Word2VecConfig cbow = new Word2VecConfig(16, 3, 0, 1e-3, 3, 5_000, 1, 0.05, 1e-4, 1, true, 42)
                .withEngine(Word2VecConfig.Engine.DL4J);
        Word2VecTrainer.Result c = assertTimeoutPreemptively(Duration.ofSeconds(120),
                () -> new Word2VecTrainer(cbow).train(GENESIS, true));
        assertEquals(sorted(skipGram.vectors().words()), sorted(c.vectors().words()));
    }

    @Test
    void cbowAndHierarchicalSoftmaxTrainOnTheFastEngine() {
        for (Word2VecConfig c : List.of(Word2VecConfig.tiny().withCbow(true),
                Word2VecConfig.tiny().withCbow(true).withOutput(true, 0),
                Word2VecConfig.tiny().withOutput(true, 0))) {
            Word2VecTrainer.Result r = new Word2VecTrainer(c).train(GENESIS, true);
            assertEquals(skipGram.vectors().words(), r.vectors().words());
            assertTrue(r.vectors().similarity("five", "seven") > r.vectors().similarity("five", "camels"),
                    r.trainer());
        }
    }

    @Test
    void theVectorsWorkThroughDl4jsWordVectorsInterface() {
        WordVectors ours = skipGram.vectors();
        org.deeplearning4j.models.embeddings.wordvectors.WordVectors dl4j = skipGram.dl4j();
        assertArrayEquals(toDouble(ours.vector(ours.indexOf("abraham"))), dl4j.getWordVector("abraham"), 1e-7);
        assertEquals(ours.similarity("son", "daughter"), dl4j.similarity("son", "daughter"), 1e-5);
        List<String> nearest = ours.nearest("five", 5).stream().map(WordVectors.Neighbour::word).toList();
        assertEquals(nearest, List.copyOf(dl4j.wordsNearest("five", 5)));
        assertTrue(dl4j.hasWord("sarah"));
        assertEquals(ours.size(), dl4j.vocab().numWords());
    }

    @Test
    void oneThreadAndASeedGiveTheSameVectorsTwice() {
        Word2VecConfig c = Word2VecConfig.tiny().withEpochs(1);
        WordVectors a = new Word2VecTrainer(c).train(GENESIS, true).vectors();
        WordVectors b = new Word2VecTrainer(c).train(GENESIS, true).vectors();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.vector(i), b.vector(i));
        }
    }

    // killed-and-resumed runs: Word2VecRunTest (in process) and Word2VecFaultInjectionTest (SIGKILL)

    private static List<String> sorted(List<String> words) {
        return words.stream().sorted().toList();
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
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
