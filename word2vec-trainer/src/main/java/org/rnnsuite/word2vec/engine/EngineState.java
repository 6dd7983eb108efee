package org.rnnsuite.word2vec.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.SplittableRandom;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.MemoryBudget;
import org.rnnsuite.common.UserException;

/**
 * Everything a training run needs to continue where it stopped: the weights (input vectors {@code syn0}, output
 * rows of negative sampling {@code syn1neg} and of hierarchical softmax {@code syn1}), the epochs finished, the
 * tokens processed (which fixes the learning rate, decayed linearly with them) and the seed (which, with the
 * epoch, fixes every thread's random numbers). Saved after an epoch and restored, it gives the same vectors as a
 * run that was never interrupted (one thread).
 */
public final class EngineState {
    private static final long MAGIC = 0x5732_5653_5441_5431L;   // "W2VSTAT1"
    private final String fingerprint;
    private final int vocabSize;
    private final int dim;
    private final long seed;
    private final float[] syn0;
    private final float[] syn1neg;
    private final float[] syn1;
    private int epochsDone;
    private long wordsDone;

    private EngineState(String fingerprint, int vocabSize, int dim, long seed, float[] syn0, float[] syn1neg,
                        float[] syn1, int epochsDone, long wordsDone) {
        this.fingerprint = fingerprint;
        this.vocabSize = vocabSize;
        this.dim = dim;
        this.seed = seed;
        this.syn0 = syn0;
        this.syn1neg = syn1neg;
        this.syn1 = syn1;
        this.epochsDone = epochsDone;
        this.wordsDone = wordsDone;
    }

    /**
     * The state before the first epoch: input vectors uniform in [-0.5/dim, 0.5/dim) from the seed, output rows 0.
     *
     * @param config    the hyper-parameters
     * @param vocab     the vocabulary
     * @param corpusKey what identifies the corpus (e.g. its token count), checked on resume
     * @return a fresh state
     * @throws UserException if the weights do not fit in Java arrays
     */
    public static EngineState initial(EngineConfig config, EngineVocab vocab, String corpusKey) {
        long cells = (long) vocab.size() * config.dim();
        if (cells > Integer.MAX_VALUE - 8) {
            throw new UserException("vocabulary " + vocab.size() + " x --size " + config.dim()
                    + " is more than 2^31 weights per matrix");
        }
        int matrices = 1 + (config.negative() > 0 ? 1 : 0) + (config.hs() ? 1 : 0);
        // the weight matrices, and the copy of the vectors that is written out
        MemoryBudget.check(String.format(Locale.ROOT, "a vocabulary of %,d words × --size %d", vocab.size(),
                config.dim()), (matrices + 1.0) * cells);
        float[] syn0 = new float[(int) cells];
        SplittableRandom r = new SplittableRandom(config.seed());
        for (int i = 0; i < syn0.length; i++) {
            syn0[i] = (float) ((r.nextDouble() - 0.5) / config.dim());
        }
        return new EngineState(fingerprint(config, vocab, corpusKey), vocab.size(), config.dim(), config.seed(), syn0,
                config.negative() > 0 ? new float[(int) cells] : null, config.hs() ? new float[(int) cells] : null,
                0, 0);
    }

    /**
     * A state made of given weights, e.g. weights averaged over the workers of a distributed trainer.
     *
     * @param config     the hyper-parameters
     * @param vocab      the vocabulary
     * @param corpusKey  what identifies the corpus, checked on resume
     * @param syn0       input vectors, {@code vocab.size() x config.dim()} (kept, not copied)
     * @param syn1neg    output rows of negative sampling, or null without it (kept)
     * @param syn1       output rows of hierarchical softmax, or null without it (kept)
     * @param epochsDone epochs done
     * @param wordsDone  words done (sets the learning rate of the next step)
     * @return the state
     */
    public static EngineState of(EngineConfig config, EngineVocab vocab, String corpusKey, float[] syn0,
                                 float[] syn1neg, float[] syn1, int epochsDone, long wordsDone) {
        long cells = (long) vocab.size() * config.dim();
        if (syn0.length != cells || (syn1neg != null && syn1neg.length != cells)
                || (syn1 != null && syn1.length != cells)) {
            throw new IllegalArgumentException("weights of the wrong size for " + vocab.size() + " x " + config.dim());
        }
        return new EngineState(fingerprint(config, vocab, corpusKey), vocab.size(), config.dim(), config.seed(), syn0,
                syn1neg, syn1, epochsDone, wordsDone);
    }

    static String fingerprint(EngineConfig config, EngineVocab vocab, String corpusKey) {
        return config.fingerprint() + " vocab=" + vocab.size() + " corpus=" + corpusKey;
    }

    /**
     * @param config    the hyper-parameters of the run to continue
     * @param vocab     its vocabulary
     * @param corpusKey what identifies its corpus
     * @throws UserException if this state was saved by a run with other settings, vocabulary or corpus
     */
    public void checkCompatible(EngineConfig config, EngineVocab vocab, String corpusKey) {
        String expected = fingerprint(config, vocab, corpusKey);
        if (!expected.equals(fingerprint)) {
            throw new UserException("the checkpoint was written by another run (" + fingerprint + "), not by this one ("
                    + expected + ")");
        }
    }

    /** @return the input vectors, {@code vocabSize x dim}, row-major (shared, not copied) */
    public float[] syn0() {
        return syn0;
    }

    /** @return the output rows of negative sampling, or null without it (shared) */
    public float[] syn1neg() {
        return syn1neg;
    }

    /** @return the output rows of hierarchical softmax (inner nodes), or null without it (shared) */
    public float[] syn1() {
        return syn1;
    }

    /** @return the number of words */
    public int vocabSize() {
        return vocabSize;
    }

    /** @return the vector dimension */
    public int dim() {
        return dim;
    }

    /** @return the seed of the run */
    public long seed() {
        return seed;
    }

    /** @return the epochs finished */
    public int epochsDone() {
        return epochsDone;
    }

    /** @return the tokens processed, all epochs: the position of the learning-rate schedule */
    public long wordsDone() {
        return wordsDone;
    }

    void finishEpoch(long words) {
        epochsDone++;
        wordsDone = words;
    }

    /**
     * Writes the state atomically (a temporary file renamed over the target).
     *
     * @param file the checkpoint file
     */
    public void save(Path file) {
        AtomicFiles.write(file, tmp -> {
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                write(c);
                c.force(true);
            }
        });
    }

    /**
     * Writes the state to a channel (e.g. an entry of a zip being made), in {@link #save}'s format.
     *
     * @param c where to write
     * @throws IOException on a write error
     */
    public void write(WritableByteChannel c) throws IOException {
        byte[] fp = fingerprint.getBytes(StandardCharsets.UTF_8);
        ByteBuffer h = ByteBuffer.allocate(64 + fp.length).order(ByteOrder.LITTLE_ENDIAN);
        h.putLong(MAGIC).putInt(fp.length).put(fp).putInt(vocabSize).putInt(dim).putLong(seed)
                .putInt(epochsDone).putLong(wordsDone).put((byte) (syn1neg != null ? 1 : 0))
                .put((byte) (syn1 != null ? 1 : 0));
        h.flip();
        writeFully(c, h);
        writeFloats(c, syn0);
        if (syn1neg != null) {
            writeFloats(c, syn1neg);
        }
        if (syn1 != null) {
            writeFloats(c, syn1);
        }
    }

    /**
     * @param file a file written by {@link #save}
     * @return the state it holds
     * @throws UserException if it is not a checkpoint or is truncated
     */
    public static EngineState load(Path file) {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(c, file.toString());
        } catch (IOException e) {
            throw new UserException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param c    a channel positioned at a state written by {@link #write}
     * @param file what it is, for messages
     * @return the state it holds
     * @throws IOException on a read error
     * @throws UserException if it is not a checkpoint or is truncated
     */
    public static EngineState read(ReadableByteChannel c, String file) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readFully(c, h, file);
        if (h.getLong() != MAGIC) {
            throw new UserException(file + " is not a word2vec checkpoint");
        }
        int fpLength = h.getInt();
        if (fpLength < 0 || fpLength > 1 << 16) {
            throw new UserException(file + " is not a word2vec checkpoint");
        }
        ByteBuffer rest = ByteBuffer.allocate(fpLength + 30).order(ByteOrder.LITTLE_ENDIAN);
        readFully(c, rest, file);
        byte[] fp = new byte[fpLength];
        rest.get(fp);
        int vocabSize = rest.getInt();
        int dim = rest.getInt();
        long seed = rest.getLong();
        int epochs = rest.getInt();
        long words = rest.getLong();
        boolean neg = rest.get() != 0;
        boolean hs = rest.get() != 0;
        int cells = Math.multiplyExact(vocabSize, dim);
        float[] syn0 = readFloats(c, cells, file);
        float[] syn1neg = neg ? readFloats(c, cells, file) : null;
        float[] syn1 = hs ? readFloats(c, cells, file) : null;
        return new EngineState(new String(fp, StandardCharsets.UTF_8), vocabSize, dim, seed, syn0, syn1neg, syn1,
                epochs, words);
    }

    private static void writeFully(WritableByteChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            c.write(b);
        }
    }

    private static void writeFloats(WritableByteChannel c, float[] a) throws IOException {
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
        int per = b.capacity() / 4;
        for (int from = 0; from < a.length; from += per) {
            b.clear();
            b.asFloatBuffer().put(a, from, Math.min(per, a.length - from));
            b.limit(Math.min(per, a.length - from) * 4);
            writeFully(c, b);
        }
    }

    private static void readFully(ReadableByteChannel c, ByteBuffer b, String file) throws IOException {
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                throw new UserException("checkpoint " + file + " is truncated");
            }
        }
        b.flip();
    }

    private static float[] readFloats(ReadableByteChannel c, int n, String file) throws IOException {
        float[] a = new float[n];
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
        int per = b.capacity() / 4;
        for (int from = 0; from < n; from += per) {
            int len = Math.min(per, n - from);
            b.clear();
            b.limit(len * 4);
            readFully(c, b, file);
            b.asFloatBuffer().get(a, from, len);
        }
        return a;
    }
}
