package org.rnnsuite.word2vec;

import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;

/**
 * Every hyper-parameter of a word2vec training run, and the seed. The compact constructor rejects bad values with
 * a message naming the command-line option.
 *
 * @param vectorSize      {@code --size}: dimension D of the word vectors (default 100)
 * @param window          {@code --window}: maximum distance between a target word and a context word, in words
 *                        (default 5); as in the C tool the window actually used at each position is drawn
 *                        uniformly from 1..window
 * @param negative        {@code --negative}: noise words drawn from the unigram distribution (power 0.75) per
 *                        positive pair (default 5); ignored with {@code cbow}, see below
 * @param sample          {@code --sample}: sub-sampling threshold of frequent words, 0 = off (default 1e-3)
 * @param minCount        {@code --min-count}: words seen fewer times are dropped before training (default 5)
 * @param vocabSize       {@code --vocab-size}: the preprocessing keeps this many most frequent words and maps
 *                        every other word to {@code [UNK]} (default 50,000)
 * @param epochs          {@code --epochs}: passes over the corpus (default 1)
 * @param learningRate    {@code --learning-rate}: initial learning rate, decayed linearly (default 0.025)
 * @param minLearningRate {@code --min-learning-rate}: floor of the decayed learning rate (default 1e-4)
 * @param threads         {@code --threads}: DL4J's {@code workers}, the threads of its native training op on each
 *                        batch of pairs; DL4J 1.0.0-M2.1 reads and batches the sentences in a single thread
 *                        (default 2)
 * @param cbow            {@code --cbow}: train CBOW with <b>hierarchical softmax</b> instead of skip-gram with
 *                        negative sampling; DL4J 1.0.0-M2.1's CBOW with negative sampling hangs {@code fit()}, so
 *                        {@code negative} is not used (default false)
 * @param seed            {@code --seed}: seed of the weight initialisation (default 42)
 */
public record Word2VecConfig(int vectorSize, int window, int negative, double sample, int minCount, int vocabSize,
                             int epochs, double learningRate, double minLearningRate, int threads, boolean cbow,
                             long seed) {

    /** Validates every value; a bad one gives a {@link UserException} naming its option. */
    public Word2VecConfig {
        atLeast("--size", vectorSize, 1);
        atLeast("--window", window, 1);
        atLeast("--negative", negative, cbow ? 0 : 1);
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

    private static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new UserException(option + " must be at least " + min + " (got " + value + ")");
        }
    }

    /** @return the tutorial's (and gensim's) settings: skip-gram, size 100, window 5, negative 5, sample 1e-3,
     * min count 5, vocabulary 50,000, 1 epoch, learning rate 0.025 → 1e-4, 2 threads, seed 42 */
    public static Word2VecConfig defaults() {
        return new Word2VecConfig(100, 5, 5, 1e-3, 5, 50_000, 1, 0.025, 1e-4, 2, false, Seeds.DEFAULT_SEED);
    }

    /** @return a small preset for tests on a few hundred kilobytes of text: size 32, window 3, min count 3,
     * 5 epochs, learning rate 0.05, 1 thread */
    public static Word2VecConfig tiny() {
        return new Word2VecConfig(32, 3, 5, 1e-3, 3, 5_000, 5, 0.05, 1e-4, 1, false, Seeds.DEFAULT_SEED);
    }

    /**
     * @param newThreads worker threads
     * @return a copy with that many threads
     */
    public Word2VecConfig withThreads(int newThreads) {
        return new Word2VecConfig(vectorSize, window, negative, sample, minCount, vocabSize, epochs, learningRate,
                minLearningRate, newThreads, cbow, seed);
    }

    /**
     * @param useCbow true for CBOW with hierarchical softmax
     * @return a copy with that algorithm
     */
    public Word2VecConfig withCbow(boolean useCbow) {
        return new Word2VecConfig(vectorSize, window, negative, sample, minCount, vocabSize, epochs, learningRate,
                minLearningRate, threads, useCbow, seed);
    }
}
