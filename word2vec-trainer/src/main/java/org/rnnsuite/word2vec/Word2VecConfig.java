package org.rnnsuite.word2vec;

import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.word2vec.engine.EngineConfig;

/**
 * Every hyper-parameter of a word2vec training run, and the seed. The compact constructor rejects bad values with
 * a message naming the command-line option.
 *
 * @param vectorSize      {@code --size}: dimension D of the word vectors (default 100)
 * @param window          {@code --window}: maximum distance between a target word and a context word, in words
 *                        (default 5); as in the C tool the window actually used at each position is drawn
 *                        uniformly from 1..window
 * @param negative        {@code --negative}: noise words drawn from the unigram distribution (power 0.75) per
 *                        positive example, 0 = no negative sampling (then {@code hs} is needed) (default 5)
 * @param sample          {@code --sample}: sub-sampling threshold of frequent words, 0 = off (default 1e-3)
 * @param minCount        {@code --min-count}: words seen fewer times are dropped before training (default 5)
 * @param vocabSize       {@code --vocab-size}: the preprocessing keeps this many most frequent words and maps
 *                        every other word to {@code [UNK]} (default 50,000)
 * @param epochs          {@code --epochs}: passes over the corpus (default 1)
 * @param learningRate    {@code --learning-rate}: initial learning rate, decayed linearly over all epochs
 *                        (default 0.025)
 * @param minLearningRate {@code --min-learning-rate}: the learning rate at the end of the last epoch (default 1e-4)
 * @param threads         {@code --threads}: training threads (default 2); with {@code --engine dl4j} DL4J's
 *                        {@code workers}, the threads of its native op on each batch (DL4J 1.0.0-M2.1 reads and
 *                        batches sentences in one thread)
 * @param cbow            {@code --cbow}: CBOW (the mean of the context vectors predicts the word) instead of
 *                        skip-gram (default false); with {@code --engine dl4j} CBOW always uses hierarchical
 *                        softmax and no negative sampling, because DL4J 1.0.0-M2.1's CBOW with negative sampling
 *                        hangs {@code fit()}
 * @param seed            {@code --seed}: seed of the weight initialisation and the random draws (default 42)
 * @param hs              {@code --hs}: hierarchical softmax, alone ({@code --negative 0}) or with negative sampling
 *                        (default false)
 * @param engine          {@code --engine}: the project's engine ({@code FAST}) or DL4J's {@code Word2Vec}
 *                        ({@code DL4J}) (default FAST)
 * @param batched         skip-gram on the FAST engine: all contexts of a window trained together against shared
 *                        negative samples (true, default), or the classic one-pair-at-a-time update
 *                        ({@code --classic})
 */
public record Word2VecConfig(int vectorSize, int window, int negative, double sample, int minCount, int vocabSize,
                             int epochs, double learningRate, double minLearningRate, int threads, boolean cbow,
                             long seed, boolean hs, Engine engine, boolean batched) {

    /** Which trainer runs. */
    public enum Engine {
        /** The project's engine ({@link org.rnnsuite.word2vec.engine.Word2VecEngine}). */
        FAST,
        /** DL4J 1.0.0-M2.1's {@code Word2Vec}. */
        DL4J
    }

    /** Validates every value; a bad one gives a {@link UserException} naming its option. */
    public Word2VecConfig {
        atLeast("--size", vectorSize, 1);
        atLeast("--window", window, 1);
        if (engine == null) {
            throw new UserException("--engine must be FAST or DL4J");
        }
        boolean dl4jCbow = engine == Engine.DL4J && cbow;   // trained with HS only, see above
        atLeast("--negative", negative, hs || dl4jCbow ? 0 : 1);
        if (!(sample >= 0 && sample < 1)) {
            throw new UserException("--sample must be in [0, 1) (got " + sample + ")");
        }
        atLeast("--min-count", minCount, 1);
        atLeast("--vocab-size", vocabSize, 1);
        atLeast("--epochs", epochs, 1);
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new UserException("--learning-rate must be in (0, 1] (got " + learningRate + ")");
        }
        if (!(minLearningRate >= 0 && minLearningRate <= learningRate)) {
            throw new UserException("--min-learning-rate must be in [0, --learning-rate] (got " + minLearningRate + ")");
        }
        atLeast("--threads", threads, 1);
    }

    /**
     * The earlier form of the configuration: the FAST engine, batched skip-gram, and hierarchical softmax exactly
     * when {@code cbow} is set (what CBOW meant when it was trained by DL4J only).
     *
     * @param vectorSize      see the record
     * @param window          see the record
     * @param negative        see the record
     * @param sample          see the record
     * @param minCount        see the record
     * @param vocabSize       see the record
     * @param epochs          see the record
     * @param learningRate    see the record
     * @param minLearningRate see the record
     * @param threads         see the record
     * @param cbow            see the record; also turns on hierarchical softmax
     * @param seed            see the record
     */
    public Word2VecConfig(int vectorSize, int window, int negative, double sample, int minCount, int vocabSize,
                          int epochs, double learningRate, double minLearningRate, int threads, boolean cbow,
                          long seed) {
        this(vectorSize, window, negative, sample, minCount, vocabSize, epochs, learningRate, minLearningRate, threads,
                cbow, seed, cbow, Engine.FAST, true);
    }

    private static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new UserException(option + " must be at least " + min + " (got " + value + ")");
        }
    }

    /** @return the tutorial's (and gensim's) settings: skip-gram with negative sampling, size 100, window 5,
     * negative 5, sample 1e-3, min count 5, vocabulary 50,000, 1 epoch, learning rate 0.025 → 1e-4, 2 threads,
     * seed 42, the FAST engine with the batched update */
    public static Word2VecConfig defaults() {
        return new Word2VecConfig(100, 5, 5, 1e-3, 5, 50_000, 1, 0.025, 1e-4, 2, false, Seeds.DEFAULT_SEED, false,
                Engine.FAST, true);
    }

    /** @return a small preset for tests on a few hundred kilobytes of text: size 32, window 3, min count 3,
     * 5 epochs, learning rate 0.05, 1 thread */
    public static Word2VecConfig tiny() {
        return new Word2VecConfig(32, 3, 5, 1e-3, 3, 5_000, 5, 0.05, 1e-4, 1, false, Seeds.DEFAULT_SEED, false,
                Engine.FAST, true);
    }

    /**
     * @param newThreads worker threads
     * @return a copy with that many threads
     */
    public Word2VecConfig withThreads(int newThreads) {
        return new Word2VecConfig(vectorSize, window, negative, sample, minCount, vocabSize, epochs, learningRate,
                minLearningRate, newThreads, cbow, seed, hs, engine, batched);
    }

    /**
     * @param useCbow true for CBOW
     * @return a copy with that algorithm
     */
    public Word2VecConfig withCbow(boolean useCbow) {
        return new Word2VecConfig(vectorSize, window, negative, sample, minCount, vocabSize, epochs, learningRate,
                minLearningRate, threads, useCbow, seed, hs, engine, batched);
    }

    /**
     * @param newEngine the trainer
     * @return a copy with that trainer
     */
    public Word2VecConfig withEngine(Engine newEngine) {
        return new Word2VecConfig(vectorSize, window, negative, sample, minCount, vocabSize, epochs, learningRate,
                minLearningRate, threads, cbow, seed, hs, newEngine, batched);
    }

    /**
     * @param newEpochs passes over the corpus
     * @return a copy with that many epochs
     */
    public Word2VecConfig withEpochs(int newEpochs) {
        return new Word2VecConfig(vectorSize, window, negative, sample, minCount, vocabSize, newEpochs, learningRate,
                minLearningRate, threads, cbow, seed, hs, engine, batched);
    }

    /**
     * @param useHs true for hierarchical softmax
     * @param newNegative noise words per example, 0 for none
     * @return a copy with that output layer
     */
    public Word2VecConfig withOutput(boolean useHs, int newNegative) {
        return new Word2VecConfig(vectorSize, window, newNegative, sample, minCount, vocabSize, epochs, learningRate,
                minLearningRate, threads, cbow, seed, useHs, engine, batched);
    }

    /**
     * @param newBatched true for the batched skip-gram update, false for the classic one
     * @return a copy with that update
     */
    public Word2VecConfig withBatched(boolean newBatched) {
        return new Word2VecConfig(vectorSize, window, negative, sample, minCount, vocabSize, epochs, learningRate,
                minLearningRate, threads, cbow, seed, hs, engine, newBatched);
    }

    /** @return the FAST engine's configuration for these settings */
    public EngineConfig engineConfig() {
        return new EngineConfig(cbow, hs, negative, vectorSize, window, sample, learningRate, minLearningRate, epochs,
                threads, seed, batched);
    }
}
