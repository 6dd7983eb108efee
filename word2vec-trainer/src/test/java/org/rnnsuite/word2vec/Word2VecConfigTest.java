package org.rnnsuite.word2vec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.rnnsuite.common.UserException;
import picocli.CommandLine;

class Word2VecConfigTest {
    @Test
    void defaultsAreTheTutorialsAndGensims() {
        Word2VecConfig d = Word2VecConfig.defaults();
        assertEquals(new Word2VecConfig(100, 5, 5, 1e-3, 5, 50_000, 1, 0.025, 1e-4, 2, false, 42), d);
    }

    @Test
    void theCommandLineWithNoOptionsEqualsDefaults() {
        Word2VecTrainCommand.Train train = new Word2VecTrainCommand.Train();
        new CommandLine(train).parseArgs("--corpus", "corpus.txt");
        assertEquals(Word2VecConfig.defaults(), train.config());
    }

    @Test
    void everyOptionMapsOntoTheConfig() {
        Word2VecTrainCommand.Train train = new Word2VecTrainCommand.Train();
        new CommandLine(train).parseArgs("--corpus", "c", "--size", "50", "--window", "3", "--negative", "7",
                "--sample", "0", "--min-count", "2", "--vocab-size", "1000", "--epochs", "4", "--learning-rate", "0.05",
                "--min-learning-rate", "0.001", "--threads", "1", "--cbow", "--seed", "7", "--hs", "--classic",
                "--engine", "dl4j");
        assertEquals(new Word2VecConfig(50, 3, 7, 0, 2, 1000, 4, 0.05, 0.001, 1, true, 7, true,
                Word2VecConfig.Engine.DL4J, false), train.config());
        assertEquals(Word2VecConfig.Engine.FAST, train.config().withEngine(Word2VecConfig.Engine.FAST).engine());
    }

    @Test
    void theEarlierConstructorMeansTheFastEngineAndCbowWithHierarchicalSoftmax() {
        Word2VecConfig c = new Word2VecConfig(50, 3, 0, 0, 2, 1000, 4, 0.05, 0.001, 1, true, 7);
        assertEquals(new Word2VecConfig(50, 3, 0, 0, 2, 1000, 4, 0.05, 0.001, 1, true, 7, true,
                Word2VecConfig.Engine.FAST, true), c);
        assertEquals(c.engineConfig().modelName(), "CBOW+HS");
    }

    @Test
    void badValuesNameTheirOption() {
        Word2VecConfig d = Word2VecConfig.defaults();
        assertMessage("--window must be at least 1 (got 0)",
                () -> new Word2VecConfig(100, 0, 5, 1e-3, 5, 50_000, 1, 0.025, 1e-4, 2, false, 42));
        assertMessage("--size must be at least 1 (got -3)",
                () -> new Word2VecConfig(-3, 5, 5, 1e-3, 5, 50_000, 1, 0.025, 1e-4, 2, false, 42));
        assertMessage("--negative must be at least 1 (got 0)",
                () -> new Word2VecConfig(100, 5, 0, 1e-3, 5, 50_000, 1, 0.025, 1e-4, 2, false, 42));
        assertMessage("--sample must be in [0, 1) (got 1.5)",
                () -> new Word2VecConfig(100, 5, 5, 1.5, 5, 50_000, 1, 0.025, 1e-4, 2, false, 42));
        assertMessage("--min-count must be at least 1 (got 0)",
                () -> new Word2VecConfig(100, 5, 5, 1e-3, 0, 50_000, 1, 0.025, 1e-4, 2, false, 42));
        assertMessage("--epochs must be at least 1 (got 0)",
                () -> new Word2VecConfig(100, 5, 5, 1e-3, 5, 50_000, 0, 0.025, 1e-4, 2, false, 42));
        assertMessage("--learning-rate must be in (0, 1] (got 0.0)",
                () -> new Word2VecConfig(100, 5, 5, 1e-3, 5, 50_000, 1, 0, 0, 2, false, 42));
        assertMessage("--threads must be at least 1 (got 0)", () -> d.withThreads(0));
        assertMessage("--negative must be at least 1 (got 0)", () -> d.withOutput(false, 0));
        assertEquals(0, d.withOutput(true, 0).negative());
        // CBOW uses hierarchical softmax: --negative 0 is fine there
        assertEquals(0, new Word2VecConfig(100, 5, 0, 1e-3, 5, 50_000, 1, 0.025, 1e-4, 2, true, 42).negative());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
        assertEquals(expected, assertThrows(UserException.class, e).getMessage());
    }
}
