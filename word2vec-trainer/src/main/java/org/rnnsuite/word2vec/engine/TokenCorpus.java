package org.rnnsuite.word2vec.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * A tokenised corpus: a stream of integer word ids in which {@link #SENTENCE_END} closes each sentence. Held in
 * memory (chunks of int arrays), or in a memory-mapped file of native-order ints for corpora larger than the heap;
 * either way it is read and tokenised once, and every epoch reads these ids.
 */
public final class TokenCorpus {
    /** The id that ends a sentence. */
    public static final int SENTENCE_END = -1;
    private static final int CHUNK_BITS = 24;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;

    private final IntBuffer[] chunks;
    private final long size;
    private final long words;

    private TokenCorpus(IntBuffer[] chunks, long size, long words) {
        this.chunks = chunks;
        this.size = size;
        this.words = words;
    }

    /**
     * @param ids word ids and {@link #SENTENCE_END} markers (a missing final marker is added)
     * @return an in-memory corpus of them
     */
    public static TokenCorpus of(int... ids) {
        Builder b = new Builder(null);
        for (int id : ids) {
            b.add(id);
        }
        return b.build();
    }

    /**
     * @param spill null to keep the ids in memory, else a file to write them to and map
     * @return a builder
     */
    public static Builder builder(Path spill) {
        return new Builder(spill);
    }

    /** @return the number of entries, words and sentence ends */
    public long size() {
        return size;
    }

    /** @return the number of word ids (entries that are not {@link #SENTENCE_END}) */
    public long words() {
        return words;
    }

    /**
     * @param i an entry index
     * @return the entry: a word id or {@link #SENTENCE_END}
     */
    public int get(long i) {
        return chunks[(int) (i >>> CHUNK_BITS)].get((int) (i & MASK));
    }

    /**
     * Cuts the corpus into {@code parts} slices of about equal length, each starting at a sentence start.
     *
     * @param parts number of slices
     * @return {@code parts + 1} boundaries, the first 0 and the last {@link #size()}
     */
    public long[] slices(int parts) {
        long[] b = new long[parts + 1];
        b[parts] = size;
        for (int p = 1; p < parts; p++) {
            long i = Math.max(b[p - 1], size * p / parts);
            while (i < size && i > 0 && get(i - 1) != SENTENCE_END) {
                i++;
            }
            b[p] = i;
        }
        return b;
    }

    /**
     * A new corpus with every word id replaced: {@code f} returns the new id, or a negative value to drop the word;
     * sentences left empty are dropped.
     *
     * @param f     old id → new id, negative to drop
     * @param spill null for memory, else the file of the new corpus
     * @return the mapped corpus
     */
    public TokenCorpus map(IntUnaryOperator f, Path spill) {
        Builder b = new Builder(spill);
        for (long i = 0; i < size; i++) {
            int id = get(i);
            if (id == SENTENCE_END) {
                b.endSentence();
            } else {
                int m = f.applyAsInt(id);
                if (m >= 0) {
                    b.add(m);
                }
            }
        }
        return b.build();
    }

    /** Appends ids; {@link #build()} gives the corpus. Not thread-safe. */
    public static final class Builder {
        private final Path spill;
        private final List<int[]> full = new ArrayList<>();
        private int[] current = new int[1024];
        private int n;
        private long size;
        private long words;
        private boolean open;
        private FileChannel channel;
        private ByteBuffer out;

        private Builder(Path spill) {
            this.spill = spill;
            if (spill != null) {
                try {
                    channel = FileChannel.open(spill, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create " + spill + ": " + e.getMessage(), e);
                }
                out = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.nativeOrder());
            }
        }

        /**
         * @param id a word id (at least 0), or {@link #SENTENCE_END}
         * @return this builder
         */
        public Builder add(int id) {
            if (id == SENTENCE_END) {
                return endSentence();
            }
            if (id < 0) {
                throw new IllegalArgumentException("word ids are at least 0 (got " + id + ")");
            }
            put(id);
            words++;
            open = true;
            return this;
        }

        /**
         * Ends the current sentence; does nothing if it is empty.
         *
         * @return this builder
         */
        public Builder endSentence() {
            if (open) {
                put(SENTENCE_END);
                open = false;
            }
            return this;
        }

        private void put(int v) {
            size++;
            if (channel != null) {
                if (!out.hasRemaining()) {
                    flush();
                }
                out.putInt(v);
                return;
            }
            if (n == current.length) {
                if (n == CHUNK) {
                    full.add(current);
                    current = new int[1024];
                    n = 0;
                } else {
                    current = Arrays.copyOf(current, Math.min(CHUNK, n * 2));
                }
            }
            current[n++] = v;
        }

        private void flush() {
            out.flip();
            try {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + spill + ": " + e.getMessage(), e);
            }
            out.clear();
        }

        /** @return the corpus (the builder must not be used afterwards) */
        public TokenCorpus build() {
            endSentence();
            int nChunks = (int) ((size + CHUNK - 1) >>> CHUNK_BITS);
            IntBuffer[] chunks = new IntBuffer[nChunks];
            if (channel == null) {
                for (int i = 0; i < full.size(); i++) {
                    chunks[i] = IntBuffer.wrap(full.get(i));
                }
                if (n > 0) {
                    chunks[full.size()] = IntBuffer.wrap(current, 0, n);
                }
                return new TokenCorpus(chunks, size, words);
            }
            flush();
            try (FileChannel c = channel) {
                for (int i = 0; i < nChunks; i++) {
                    long from = (long) i << CHUNK_BITS;
                    long len = Math.min(CHUNK, size - from);
                    chunks[i] = c.map(FileChannel.MapMode.READ_ONLY, from * 4, len * 4)
                            .order(ByteOrder.nativeOrder()).asIntBuffer();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot map " + spill + ": " + e.getMessage(), e);
            }
            return new TokenCorpus(chunks, size, words);
        }
    }

    /**
     * @param spill a file written by a builder
     * @throws UncheckedIOException if it cannot be removed
     */
    public static void deleteSpill(Path spill) {
        try {
            Files.deleteIfExists(spill);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + spill + ": " + e.getMessage(), e);
        }
    }
}
