package org.rnnsuite.common.embeddings;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.UserException;

/**
 * The word2vec file formats that the C tool, gensim and the tutorial's GoogleNews file use, read as streams and
 * written atomically (a failed write never leaves a broken file nor destroys the file that was there):
 * <ul>
 *   <li><b>binary</b>: an ASCII header line {@code "V D\n"}, then per word its UTF-8 bytes, a space, D
 *       little-endian float32 and {@code '\n'} (gensim omits the {@code '\n'}; both are read);</li>
 *   <li><b>text</b>: a header line {@code "V D"}, then per word one line {@code word v1 … vD} separated by single
 *       spaces, plain UTF-8 words (not DL4J's {@code B64:} encoding), each value the shortest decimal that gives
 *       back the same float32;</li>
 *   <li>{@code vocab.tsv}: one line {@code word<TAB>count} per word, in vector order, no header.</li>
 * </ul>
 * Gzip-compressed files ({@code .bin.gz}) are read too. The format of a file being read is recognised from its
 * content, not its name.
 */
public final class VectorsIO {
    /** Longest word accepted in a binary file, in bytes; a longer one means a garbled file. */
    public static final int MAX_WORD_BYTES = 10_000;

    /** A word2vec vectors file format. */
    public enum Format {
        /** The C tool's binary format. */
        BINARY,
        /** The C tool's text format. */
        TEXT
    }

    private VectorsIO() {
    }

    // ----------------------------------------------------------------------------------------------- writing

    /**
     * @param vectors the vectors
     * @param target  the file to create or replace
     * @param format  binary or text
     * @return the target
     */
    public static Path write(WordVectors vectors, Path target, Format format) {
        return AtomicFiles.write(target, tmp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                if (format == Format.BINARY) {
                    writeBinary(vectors, out);
                } else {
                    writeText(vectors, out);
                }
            }
        });
    }

    /**
     * @param vectors the vectors
     * @param out     receives the binary format (not closed)
     * @throws IOException on a write error
     */
    public static void writeBinary(WordVectors vectors, OutputStream out) throws IOException {
        int d = vectors.dim();
        out.write((vectors.size() + " " + d + "\n").getBytes(StandardCharsets.US_ASCII));
        ByteBuffer buf = ByteBuffer.allocate(4 * d).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < vectors.size(); i++) {
            out.write(checkedWord(vectors.word(i)).getBytes(StandardCharsets.UTF_8));
            out.write(' ');
            buf.clear();
            for (int j = 0; j < d; j++) {
                buf.putFloat(vectors.get(i, j));
            }
            out.write(buf.array());
            out.write('\n');
        }
        out.flush();
    }

    /**
     * @param vectors the vectors
     * @param out     receives the text format (not closed)
     * @throws IOException on a write error
     */
    public static void writeText(WordVectors vectors, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        int d = vectors.dim();
        w.write(vectors.size() + " " + d + "\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < vectors.size(); i++) {
            sb.setLength(0);
            sb.append(checkedWord(vectors.word(i)));
            for (int j = 0; j < d; j++) {
                sb.append(' ').append(Float.toString(vectors.get(i, j)));
            }
            sb.append('\n');
            w.write(sb.toString());
        }
        w.flush();
    }

    /**
     * Writes {@code word<TAB>count} lines in vector order.
     *
     * @param vectors vectors with counts
     * @param target  the file to create or replace
     * @return the target
     */
    public static Path writeVocab(WordVectors vectors, Path target) {
        return AtomicFiles.write(target, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (int i = 0; i < vectors.size(); i++) {
                    w.write(vectors.word(i) + "\t" + vectors.count(i) + "\n");
                }
            }
        });
    }

    private static String checkedWord(String word) {
        if (word.isEmpty() || word.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a word of a word2vec file cannot be empty or hold white space: '"
                    + word + "'");
        }
        return word;
    }

    // ----------------------------------------------------------------------------------------------- reading

    /**
     * Reads a binary or text vectors file, recognised from its content (gzip too).
     *
     * @param file  the file
     * @param limit read only the first {@code limit} vectors; 0 for all
     * @return the vectors (counts unknown)
     * @throws UserException if the file is missing, truncated or garbled
     */
    public static WordVectors read(Path file, int limit) {
        if (limit < 0) {
            throw new UserException("--limit must be at least 0 (got " + limit + ")");
        }
        try (InputStream raw = Files.newInputStream(file)) {
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            }
            return read(in, file.toString(), limit);
        } catch (NoSuchFileException e) {
            throw new UserException("vectors file " + file + " does not exist");
        } catch (EOFException e) {
            throw new UserException(file + ": truncated (unexpected end of the compressed stream)");
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a binary or text vectors stream, recognised from its content.
     *
     * @param in    the stream (must support mark/reset; not closed)
     * @param name  name used in error messages
     * @param limit read only the first {@code limit} vectors; 0 for all
     * @return the vectors
     * @throws IOException on a read error
     * @throws UserException if the stream is truncated or garbled
     */
    public static WordVectors read(BufferedInputStream in, String name, int limit) throws IOException {
        long[] header = readHeader(in, name);
        long count = header[0];
        int dim = (int) header[1];
        int n = (int) Math.min(count, limit > 0 ? limit : Long.MAX_VALUE);
        if ((long) n * dim > Integer.MAX_VALUE - 16) {
            throw new UserException(name + " holds " + count + " vectors of dimension " + dim
                    + ", more than one array can hold: load fewer words with --limit");
        }
        Format format = sniff(in, dim);
        return format == Format.BINARY ? readBinaryBody(in, name, count, n, dim) : readTextBody(in, name, count, n, dim);
    }

    private static long[] readHeader(InputStream in, String name) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (sb.length() > 100 || c == 0) {
                throw new UserException(name + ": not a word2vec vectors file (the first line must be 'count dimension')");
            }
            sb.append((char) c);
        }
        if (c == -1 && sb.length() == 0) {
            throw new UserException(name + ": empty file, not a word2vec vectors file");
        }
        String[] parts = sb.toString().trim().split("\\s+");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            long count = Long.parseLong(parts[0]);
            long dim = Long.parseLong(parts[1]);
            if (count < 0 || dim < 1 || dim > 1_000_000) {
                throw new NumberFormatException();
            }
            return new long[] {count, dim};
        } catch (NumberFormatException e) {
            throw new UserException(name + ": not a word2vec vectors file (the first line must be 'count dimension', found '"
                    + printable(sb.toString()) + "')");
        }
    }

    /**
     * Binary or text? Reads ahead over the first word and the rest of its line: in a text file that is printable
     * ASCII starting with a number; the bytes of D float32 up to the next byte 0x0A practically never are. (A text
     * file with a bad number further on is still recognised as text, so the text reader reports the exact line.)
     */
    private static Format sniff(BufferedInputStream in, int dim) throws IOException {
        int maxLine = 64 * dim + 64;
        in.mark(MAX_WORD_BYTES + maxLine + 2);
        try {
            int c;
            int read = 0;
            while ((c = in.read()) != -1 && c != ' ' && c != '\n' && read < MAX_WORD_BYTES) {
                read++;
            }
            if (c != ' ') {
                return Format.TEXT; // empty body or garbled: the text reader gives the precise message
            }
            StringBuilder rest = new StringBuilder();
            while ((c = in.read()) != -1 && c != '\n') {
                boolean printable = (c >= 0x20 && c < 0x7f) || c == '\r' || c == '\t';
                if (!printable || rest.length() > maxLine) {
                    return Format.BINARY;
                }
                rest.append((char) c);
            }
            String[] fields = rest.toString().trim().split("\\s+");
            try {
                Float.parseFloat(fields[0]);
            } catch (NumberFormatException e) {
                return Format.BINARY;
            }
            return Format.TEXT;
        } finally {
            in.reset();
        }
    }

    private static WordVectors readBinaryBody(InputStream in, String name, long count, int n, int dim)
            throws IOException {
        List<String> words = new ArrayList<>(n);
        float[] data = new float[n * dim];
        byte[] wordBuf = new byte[MAX_WORD_BYTES];
        byte[] vec = new byte[4 * dim];
        ByteBuffer bb = ByteBuffer.wrap(vec).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            int len = 0;
            int c;
            while ((c = in.read()) != ' ') {
                if (c == -1) {
                    throw truncated(name, count, dim, i, null);
                }
                if (c == '\n' || c == '\r') {
                    continue; // the C tool ends each vector with '\n', gensim does not
                }
                if (len == MAX_WORD_BYTES) {
                    throw new UserException(name + ": garbled binary vectors file (word " + (i + 1) + " is longer than "
                            + MAX_WORD_BYTES + " bytes)");
                }
                wordBuf[len++] = (byte) c;
            }
            if (len == 0) {
                throw new UserException(name + ": garbled binary vectors file (word " + (i + 1) + " is empty)");
            }
            String word = new String(wordBuf, 0, len, StandardCharsets.UTF_8);
            int got = in.readNBytes(vec, 0, vec.length);
            if (got < vec.length) {
                throw truncated(name, count, dim, i, word);
            }
            bb.rewind();
            for (int j = 0; j < dim; j++) {
                data[i * dim + j] = bb.getFloat();
            }
            words.add(word);
        }
        return new WordVectors(words, null, data, dim);
    }

    private static WordVectors readTextBody(InputStream in, String name, long count, int n, int dim)
            throws IOException {
        List<String> words = new ArrayList<>(n);
        float[] data = new float[n * dim];
        java.io.BufferedReader reader = new java.io.BufferedReader(
                new java.io.InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        for (int i = 0; i < n; i++) {
            String line = reader.readLine();
            if (line == null) {
                throw truncated(name, count, dim, i, null);
            }
            int lineNo = i + 2;
            String[] parts = line.trim().split(" +");
            if (parts.length != dim + 1) {
                throw new UserException(name + " line " + lineNo + ": expected a word and " + dim + " numbers, found "
                        + parts.length + " fields" + (parts.length < dim + 1 && i == n - 1 ? " (truncated file?)" : ""));
            }
            for (int j = 0; j < dim; j++) {
                try {
                    data[i * dim + j] = Float.parseFloat(parts[j + 1]);
                } catch (NumberFormatException e) {
                    throw new UserException(name + " line " + lineNo + ": '" + printable(parts[j + 1])
                            + "' is not a number");
                }
            }
            words.add(parts[0]);
        }
        return new WordVectors(words, null, data, dim);
    }

    private static UserException truncated(String name, long count, int dim, int i, String word) {
        return new UserException(name + ": truncated: the header announces " + count + " vectors of dimension " + dim
                + " but the file ends " + (word == null ? "after " + i + " vectors"
                : "inside vector " + (i + 1) + " ('" + printable(word) + "')"));
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        StringBuilder sb = new StringBuilder();
        cut.codePoints().forEach(cp -> sb.append(Character.isISOControl(cp) || cp == 0xFFFD ? '?' : Character.toString(cp)));
        return sb.toString();
    }
}
