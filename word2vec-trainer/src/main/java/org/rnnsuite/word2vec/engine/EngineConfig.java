package org.rnnsuite.word2vec.engine;

import org.rnnsuite.common.UserException;

/**
 * The hyper-parameters of the engine. The compact constructor rejects bad values with a message naming the
 * command-line option that sets them.
 *
 * @param cbow      CBOW (the mean of the context vectors predicts the centre word) instead of skip-gram (each
 *                  context word predicts the centre word, as in the C tool); default false
 * @param hs        hierarchical softmax over a Huffman tree of the vocabulary; default false
 * @param negative  noise words per positive example, drawn from the unigram distribution raised to 0.75; 0 = no
 *                  negative sampling (then {@code hs} must be on); default 5
 * @param dim       vector dimension; default 100
 * @param window    maximum distance between centre and context word, in words; the window used at each position is
 *                  drawn uniformly from 1..window; default 5
 * @param sample    sub-sampling threshold of frequent words (word2vec's formula), 0 = off; default 1e-3
 * @param alpha     initial learning rate; default 0.025
 * @param minAlpha  final learning rate: the rate decays linearly from {@code alpha} to it over all epochs; default
 *                  1e-4
 * @param epochs    passes over the corpus; default 1
 * @param threads   training threads, sharing the weights without locks, each on its own slice of the corpus;
 *                  default 2
 * @param seed      seed of the weight initialisation and of every thread's random numbers
 * @param batched   skip-gram only: train all contexts of a window together against one shared set of output rows
 *                  (the centre word's negative samples or tree nodes), as small matrix products ("HogBatch");
 *                  false = the classic one-pair-at-a-time loop; default true
 */
public record EngineConfig(boolean cbow, boolean hs, int negative, int dim, int window, double sample, double alpha,
                           double minAlpha, int epochs, int threads, long seed, boolean batched) {

    /** Validates every value. */
    public EngineConfig {
        atLeast("--size", dim, 1);
        atLeast("--window", window, 1);
        atLeast("--negative", negative, 0);
        if (negative == 0 && !hs) {
            throw new UserException("--negative 0 needs --hs (nothing would be trained)");
        }
        if (!(sample >= 0 && sample < 1)) {
            throw new UserException("--sample must be in [0, 1) (got " + sample + ")");
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new UserException("--learning-rate must be in (0, 1] (got " + alpha + ")");
        }
        if (!(minAlpha >= 0 && minAlpha <= alpha)) {
            throw new UserException("--min-learning-rate must be in [0, --learning-rate] (got " + minAlpha + ")");
        }
        atLeast("--epochs", epochs, 1);
        atLeast("--threads", threads, 1);
    }

    private static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new UserException(option + " must be at least " + min + " (got " + value + ")");
        }
    }

    /**
     * @param newEpochs passes over the corpus
     * @return a copy with that many epochs
     */
    public EngineConfig withEpochs(int newEpochs) {
        return new EngineConfig(cbow, hs, negative, dim, window, sample, alpha, minAlpha, newEpochs, threads, seed,
                batched);
    }

    /**
     * @param newThreads training threads
     * @return a copy with that many threads
     */
    public EngineConfig withThreads(int newThreads) {
        return new EngineConfig(cbow, hs, negative, dim, window, sample, alpha, minAlpha, epochs, newThreads, seed,
                batched);
    }

    /**
     * @param newBatched true for the batched skip-gram update
     * @return a copy with that update
     */
    public EngineConfig withBatched(boolean newBatched) {
        return new EngineConfig(cbow, hs, negative, dim, window, sample, alpha, minAlpha, epochs, threads, seed,
                newBatched);
    }

    /**
     * What a checkpoint must agree with to be resumed: every value that changes the vectors except the number of
     * threads (which only changes the interleaving of the updates).
     *
     * @return a one-line description of those values
     */
    public String fingerprint() {
        return "cbow=" + cbow + " hs=" + hs + " negative=" + negative + " dim=" + dim + " window=" + window
                + " sample=" + sample + " alpha=" + alpha + " minAlpha=" + minAlpha + " epochs=" + epochs
                + " seed=" + seed + " batched=" + batched;
    }

    /** @return a short name of the model, e.g. {@code skip-gram+NS} or {@code CBOW+HS+NS} */
    public String modelName() {
        return (cbow ? "CBOW" : "skip-gram") + (hs ? "+HS" : "") + (negative > 0 ? "+NS" : "");
    }
}
