package org.rnnsuite.word2vec.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Trains word vectors the way the C tool and gensim do — skip-gram or CBOW, negative sampling with a unigram^0.75
 * noise distribution and / or hierarchical softmax, sub-sampling of frequent words, a window drawn per position,
 * a learning rate decayed linearly over all epochs — with threads that share the weights without locks
 * ("Hogwild"), each on its own slice of the corpus.
 *
 * <p>Skip-gram has two inner loops. The classic one updates one (context, centre) pair at a time against the
 * centre word's output rows, drawing new negative samples for every pair. The batched one ("HogBatch", Ji et
 * al., 2016; Intel's pWord2Vec) draws the negative samples once per centre word and trains all context words of
 * the window against the same output rows as small matrix products: {@code S = C O^T}, {@code G = alpha (labels
 * - sigmoid(S))}, {@code C += G O}, {@code O += G^T C}.
 *
 * <p>The random numbers of thread {@code t} in epoch {@code e} are a function of the seed, {@code e} and
 * {@code t} only, and the learning rate a function of the tokens processed, so with one thread a run gives the same
 * vectors every time, and a run resumed from the state saved after an epoch gives the vectors of a run that
 * was never interrupted.
 */
public final class Word2VecEngine {
    /** Longest sentence trained as one; longer ones are cut (gensim's limit). */
    public static final int MAX_SENTENCE = 10_000;
    private static final int EXP_TABLE_SIZE = 1000;
    private static final float MAX_EXP = 6;
    private static final int ALPHA_UPDATE_WORDS = 10_000;
    private static final float[] SIGMOID = new float[EXP_TABLE_SIZE];
    /** The training loss is measured on one centre word in this many (+1): a sample, almost free. */
    private static final int LOSS_SAMPLE_MASK = 31;

    static {
        for (int i = 0; i < EXP_TABLE_SIZE; i++) {
            double e = Math.exp((i / (double) EXP_TABLE_SIZE * 2 - 1) * MAX_EXP);
            SIGMOID[i] = (float) (e / (e + 1));
        }
    }

    /**
     * Called after each epoch, with the state as it is then (the place to save a checkpoint).
     */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * @param state the state after the epoch (weights shared with the engine: read or save, do not modify)
         * @param stats what the epoch did
         * @return true to go on, false to stop after this epoch
         */
        boolean epochFinished(EngineState state, EpochStats stats);
    }

    /** Called periodically while training. */
    @FunctionalInterface
    public interface ProgressListener {
        /**
         * @param progress where training is
         */
        void progress(Progress progress);
    }

    /**
     * What an epoch did.
     *
     * @param epoch   the epoch, 1-based
     * @param epochs  the epochs of the run
     * @param words   corpus words (in the vocabulary) read in this epoch, before sub-sampling
     * @param seconds wall time of the epoch
     * @param alpha   the learning rate at its end
     * @param loss    the mean training loss of the epoch, per (word, output) pair: {@code -log sigmoid(±score)}
     *                (binary cross-entropy of negative sampling or of each hierarchical-softmax node), measured on
     *                one centre word in 32 before its update (0 if no pair was trained)
     */
    public record EpochStats(int epoch, int epochs, long words, double seconds, double alpha, double loss) {
        /** @return words per second over the epoch */
        public double wordsPerSecond() {
            return words / seconds;
        }
    }

    /**
     * Where training is.
     *
     * @param epoch          the current epoch, 1-based
     * @param epochs         the epochs of the run
     * @param wordsDone      words processed, all epochs, before sub-sampling
     * @param wordsTotal     words of the whole run
     * @param alpha          the current learning rate
     * @param wordsPerSecond words per second since this call started training
     * @param etaSeconds     estimated seconds to the end of the run
     */
    public record Progress(int epoch, int epochs, long wordsDone, long wordsTotal, double alpha,
                           double wordsPerSecond, double etaSeconds) {
        /** @return the fraction of the run done, 0..1 */
        public double fraction() {
            return wordsTotal == 0 ? 1 : (double) wordsDone / wordsTotal;
        }
    }

    private final EngineConfig config;
    private final EngineVocab vocab;
    private final TokenCorpus corpus;
    private final Kernels kernels;
    private final NoiseTable noise;
    private final int[] keep;
    private final int[] codeStart;
    private final byte[] codes;
    private final int[] points;
    private final long wordsPerEpoch;
    private final int maxOutputs;

    /**
     * @param config the hyper-parameters
     * @param vocab  the vocabulary; the corpus' word ids index it
     * @param corpus the corpus
     */
    public Word2VecEngine(EngineConfig config, EngineVocab vocab, TokenCorpus corpus) {
        this(config, vocab, corpus, Kernels.best());
    }

    /**
     * @param config  the hyper-parameters
     * @param vocab   the vocabulary; the corpus' word ids index it
     * @param corpus  the corpus
     * @param kernels the vector operations to use
     */
    public Word2VecEngine(EngineConfig config, EngineVocab vocab, TokenCorpus corpus, Kernels kernels) {
        this.config = config;
        this.vocab = vocab;
        this.corpus = corpus;
        this.kernels = kernels;
        this.noise = config.negative() > 0 ? new NoiseTable(vocab.counts(), 0.75) : null;
        this.keep = keepThresholds(vocab, config.sample());
        this.codeStart = config.hs() ? vocab.codeStarts() : null;
        this.codes = config.hs() ? vocab.flatCodes() : null;
        this.points = config.hs() ? vocab.flatPoints() : null;
        this.wordsPerEpoch = corpus.words();
        int longest = 0;
        for (int i = 0; config.hs() && i < vocab.size(); i++) {
            longest = Math.max(longest, codeStart[i + 1] - codeStart[i]);
        }
        this.maxOutputs = Math.max(config.negative() + 1, longest);
    }

    /**
     * The probability of keeping each word under sub-sampling (word2vec's formula
     * {@code (sqrt(f / (t N)) + 1) t N / f}), scaled to 2^24.
     *
     * @param vocab  the vocabulary
     * @param sample the threshold t, 0 = keep everything
     * @return per word, keep it when 24 random bits are below this value
     */
    static int[] keepThresholds(EngineVocab vocab, double sample) {
        int[] k = new int[vocab.size()];
        double threshold = sample * vocab.totalCount();
        for (int i = 0; i < k.length; i++) {
            double p = sample == 0 ? 1 : (Math.sqrt(vocab.count(i) / threshold) + 1) * threshold / vocab.count(i);
            k[i] = (int) Math.min(1 << 24, Math.round(p * (1 << 24)));
        }
        return k;
    }

    /** @return the name of the vector kernels in use */
    public String kernelName() {
        return kernels.name();
    }

    /** @return the words of one epoch (corpus words in the vocabulary, before sub-sampling) */
    public long wordsPerEpoch() {
        return wordsPerEpoch;
    }

    /**
     * Trains from the state's position to the last epoch of the configuration, or until the epoch listener asks
     * to stop.
     *
     * @param state           the weights and position, from {@link EngineState#initial} or a checkpoint
     * @param onEpoch         called after each epoch; null for none
     * @param onProgress      called about every {@code progressSeconds}; null for none
     * @param progressSeconds interval of the progress calls
     * @return the same state, trained
     */
    public EngineState train(EngineState state, EpochListener onEpoch, ProgressListener onProgress,
                             double progressSeconds) {
        if (state.dim() != config.dim() || state.vocabSize() != vocab.size()) {
            throw new IllegalArgumentException("state of " + state.vocabSize() + " x " + state.dim()
                    + " weights for a vocabulary of " + vocab.size() + " x " + config.dim());
        }
        long totalWords = wordsPerEpoch * config.epochs();
        long startWords = state.wordsDone();
        long startNanos = System.nanoTime();
        for (int epoch = state.epochsDone(); epoch < config.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            AtomicLong done = new AtomicLong((long) epoch * wordsPerEpoch);
            long[] slices = corpus.slices(config.threads());
            Worker[] workers = new Worker[config.threads()];
            Thread[] threads = new Thread[workers.length];
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int t = 0; t < workers.length; t++) {
                workers[t] = new Worker(state, slices[t], slices[t + 1], threadSeed(config.seed(), epoch, t), done,
                        totalWords);
                threads[t] = new Thread(workers[t], "word2vec-" + t);
                threads[t].setUncaughtExceptionHandler((th, e) -> failure.compareAndSet(null, e));
                threads[t].start();
            }
            long intervalMillis = Math.max(1, (long) (progressSeconds * 1000));
            for (Thread th : threads) {
                while (th.isAlive()) {
                    try {
                        th.join(intervalMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("training interrupted", e);
                    }
                    if (th.isAlive() && onProgress != null) {
                        long w = done.get();
                        double seconds = (System.nanoTime() - startNanos) / 1e9;
                        double wps = (w - startWords) / Math.max(seconds, 1e-9);
                        onProgress.progress(new Progress(epoch + 1, config.epochs(), w, totalWords,
                                alpha(w, totalWords), wps, wps > 0 ? (totalWords - w) / wps : Double.NaN));
                    }
                }
            }
            if (failure.get() != null) {
                throw new IllegalStateException("a training thread failed: " + failure.get(), failure.get());
            }
            long endWords = (long) (epoch + 1) * wordsPerEpoch;
            state.finishEpoch(endWords);
            double lossSum = 0;
            long lossCount = 0;
            for (Worker w : workers) {
                lossSum += w.lossSum;
                lossCount += w.lossCount;
            }
            EpochStats stats = new EpochStats(epoch + 1, config.epochs(), wordsPerEpoch,
                    (System.nanoTime() - epochStart) / 1e9, alpha(endWords, totalWords),
                    lossCount == 0 ? 0 : lossSum / lossCount);
            if (onEpoch != null && !onEpoch.epochFinished(state, stats)) {
                break;
            }
        }
        return state;
    }

    private double alpha(long wordsDone, long totalWords) {
        double progress = totalWords == 0 ? 1 : Math.min(1, (double) wordsDone / totalWords);
        return config.alpha() - (config.alpha() - config.minAlpha()) * progress;
    }

    /** SplitMix64 of the seed, epoch and thread: independent streams, fixed by these three numbers. */
    static long threadSeed(long seed, int epoch, int thread) {
        long z = seed + 0x9E3779B97F4A7C15L * (1 + epoch * 65_537L + thread * 1_000_003L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One training thread on one slice of the corpus. */
    private final class Worker implements Runnable {
        private final float[] syn0;
        private final float[] syn1neg;
        private final float[] syn1;
        private final long from;
        private final long to;
        private final AtomicLong done;
        /** Sampled loss: its sum, its count, and whether the current centre word is measured. */
        private double lossSum;
        private long lossCount;
        private int centres;
        private boolean measuring;
        private final long totalWords;
        private final int dim;
        private final int window;
        private final int[] sentence = new int[MAX_SENTENCE];
        private final int[] contexts;
        private final int[] outputs;
        private final float[] labels;
        private final float[] grads;
        private final float[] neu;
        private final float[] neu1;
        private long rng;
        private float alpha;

        Worker(EngineState state, long from, long to, long seed, AtomicLong done, long totalWords) {
            this.syn0 = state.syn0();
            this.syn1neg = state.syn1neg();
            this.syn1 = state.syn1();
            this.from = from;
            this.to = to;
            this.rng = seed;
            this.done = done;
            this.totalWords = totalWords;
            this.dim = config.dim();
            this.window = config.window();
            this.contexts = new int[2 * window];
            this.outputs = new int[maxOutputs];
            this.labels = new float[maxOutputs];
            this.grads = new float[2 * window * maxOutputs];
            this.neu = new float[2 * window * dim];
            this.neu1 = new float[dim];
            this.alpha = (float) alpha(done.get(), totalWords);
        }

        /** SplitMix64: 64 good random bits. */
        private long next() {
            long z = (rng += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        @Override
        public void run() {
            long pos = from;
            long pending = 0;
            boolean subsample = config.sample() > 0;
            while (pos < to) {
                int n = 0;
                while (pos < to) {
                    int id = corpus.get(pos++);
                    if (id < 0) {
                        break;
                    }
                    pending++;
                    if (subsample && keep[id] <= (int) (next() & 0xFFFFFF)) {
                        continue;
                    }
                    sentence[n++] = id;
                    if (n == MAX_SENTENCE) {
                        break;
                    }
                }
                if (pending >= ALPHA_UPDATE_WORDS) {
                    alpha = (float) alpha(done.addAndGet(pending), totalWords);
                    pending = 0;
                }
                if (config.cbow()) {
                    cbowSentence(n);
                } else {
                    skipGramSentence(n);
                }
            }
            done.addAndGet(pending);
        }

        private int collectContexts(int i, int n) {
            int reduced = window - (int) Long.remainderUnsigned(next(), window);
            int m = 0;
            int lo = Math.max(0, i - reduced);
            int hi = Math.min(n - 1, i + reduced);
            for (int c = lo; c <= hi; c++) {
                if (c != i) {
                    contexts[m++] = sentence[c];
                }
            }
            return m;
        }

        private void skipGramSentence(int n) {
            boolean batched = config.batched();
            for (int i = 0; i < n; i++) {
                int m = collectContexts(i, n);
                if (m == 0) {
                    continue;
                }
                int word = sentence[i];
                measuring = (centres++ & LOSS_SAMPLE_MASK) == 0;
                if (batched) {
                    skipGramBatch(word, m);
                } else {
                    for (int j = 0; j < m; j++) {
                        skipGramPair(word, contexts[j]);
                    }
                }
            }
        }

        /** The classic update: one context word predicts the centre word. */
        private void skipGramPair(int word, int context) {
            Kernels k = kernels;
            int l1 = context * dim;
            java.util.Arrays.fill(neu, 0, dim, 0f);
            if (syn1 != null) {
                for (int d = codeStart[word]; d < codeStart[word + 1]; d++) {
                    int l2 = points[d] * dim;
                    float g = error(1 - codes[d], k.dot(syn0, l1, syn1, l2, dim)) * alpha;
                    k.axpy(g, syn1, l2, neu, 0, dim);
                    k.axpy(g, syn0, l1, syn1, l2, dim);
                }
            }
            if (syn1neg != null) {
                for (int d = 0; d <= config.negative(); d++) {
                    int target;
                    float label;
                    if (d == 0) {
                        target = word;
                        label = 1;
                    } else {
                        target = noise.sample(next());
                        if (target == word) {
                            continue;
                        }
                        label = 0;
                    }
                    int l2 = target * dim;
                    float g = error(label, k.dot(syn0, l1, syn1neg, l2, dim)) * alpha;
                    k.axpy(g, syn1neg, l2, neu, 0, dim);
                    k.axpy(g, syn0, l1, syn1neg, l2, dim);
                }
            }
            k.axpy(1f, neu, 0, syn0, l1, dim);
        }

        /** The batched update: all m context words of the window against the same output rows. */
        private void skipGramBatch(int word, int m) {
            java.util.Arrays.fill(neu, 0, m * dim, 0f);
            if (syn1 != null) {
                int o = 0;
                for (int d = codeStart[word]; d < codeStart[word + 1]; d++, o++) {
                    outputs[o] = points[d];
                    labels[o] = 1 - codes[d];
                }
                batch(syn1, m, o);
            }
            if (syn1neg != null) {
                outputs[0] = word;
                labels[0] = 1;
                int o = 1;
                for (int d = 0; d < config.negative(); d++) {
                    int target = noise.sample(next());
                    if (target != word) {
                        outputs[o] = target;
                        labels[o++] = 0;
                    }
                }
                batch(syn1neg, m, o);
            }
            Kernels k = kernels;
            for (int i = 0; i < m; i++) {
                k.axpy(1f, neu, i * dim, syn0, contexts[i] * dim, dim);
            }
        }

        /** S = C O^T, G = alpha (labels - sigmoid(S)); neu += G O; O += G^T C. */
        private void batch(float[] out, int m, int nOut) {
            Kernels k = kernels;
            for (int i = 0; i < m; i++) {
                int ci = contexts[i] * dim;
                for (int j = 0; j < nOut; j++) {
                    grads[i * nOut + j] = error(labels[j], k.dot(syn0, ci, out, outputs[j] * dim, dim)) * alpha;
                }
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < nOut; j++) {
                    k.axpy(grads[i * nOut + j], out, outputs[j] * dim, neu, i * dim, dim);
                }
            }
            for (int j = 0; j < nOut; j++) {
                int oj = outputs[j] * dim;
                for (int i = 0; i < m; i++) {
                    k.axpy(grads[i * nOut + j], syn0, contexts[i] * dim, out, oj, dim);
                }
            }
        }

        /**
         * @param label the target, 1 or 0
         * @param score the dot product of the input and output vectors
         * @return {@code label - sigmoid(score)}, the gradient before the learning rate; the pair's loss
         *         {@code -log(1 - |label - sigmoid(score)|)} is added to the sample if this centre word is measured
         */
        private float error(float label, float score) {
            float e = label - sigmoid(score);
            if (measuring) {
                lossSum -= Math.log(Math.max(1e-7, 1 - Math.abs(e)));
                lossCount++;
            }
            return e;
        }

        private void cbowSentence(int n) {
            Kernels k = kernels;
            for (int i = 0; i < n; i++) {
                int m = collectContexts(i, n);
                if (m == 0) {
                    continue;
                }
                int word = sentence[i];
                measuring = (centres++ & LOSS_SAMPLE_MASK) == 0;
                java.util.Arrays.fill(neu1, 0f);
                java.util.Arrays.fill(neu, 0, dim, 0f);
                float inv = 1f / m;
                for (int j = 0; j < m; j++) {
                    k.axpy(inv, syn0, contexts[j] * dim, neu1, 0, dim);
                }
                if (syn1 != null) {
                    for (int d = codeStart[word]; d < codeStart[word + 1]; d++) {
                        int l2 = points[d] * dim;
                        float g = error(1 - codes[d], k.dot(neu1, 0, syn1, l2, dim)) * alpha;
                        k.axpy(g, syn1, l2, neu, 0, dim);
                        k.axpy(g, neu1, 0, syn1, l2, dim);
                    }
                }
                if (syn1neg != null) {
                    for (int d = 0; d <= config.negative(); d++) {
                        int target;
                        float label;
                        if (d == 0) {
                            target = word;
                            label = 1;
                        } else {
                            target = noise.sample(next());
                            if (target == word) {
                                continue;
                            }
                            label = 0;
                        }
                        int l2 = target * dim;
                        float g = error(label, k.dot(neu1, 0, syn1neg, l2, dim)) * alpha;
                        k.axpy(g, syn1neg, l2, neu, 0, dim);
                        k.axpy(g, neu1, 0, syn1neg, l2, dim);
                    }
                }
                for (int j = 0; j < m; j++) {
                    k.axpy(1f, neu, 0, syn0, contexts[j] * dim, dim);
                }
            }
        }
    }

    /**
     * @param f a dot product
     * @return the logistic sigmoid from a 1,000-entry table over [-6, 6], 0 or 1 outside
     */
    static float sigmoid(float f) {
        if (f >= MAX_EXP) {
            return 1f;
        }
        if (f <= -MAX_EXP) {
            return 0f;
        }
        return SIGMOID[(int) ((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2))];
    }
}
