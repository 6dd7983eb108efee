package org.rnnsuite.common.embeddings;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rnnsuite.common.UserException;

/**
 * Streams the lines of a UTF-8 text file. Each invalid byte sequence becomes U+FFFD and is counted
 * ({@link #malformed()}); a file that is not text (a NUL byte, or more than 10 % invalid bytes after the first
 * 4 KiB) is rejected with a {@link UserException}.
 */
public final class Utf8LineReader implements Closeable {
    private final Path file;
    private final DecodingReader decoding;
    private final BufferedReader lines;

    /**
     * @param file a text file
     * @throws IOException if it cannot be opened
     */
    public Utf8LineReader(Path file) throws IOException {
        this.file = file;
        this.decoding = new DecodingReader(Files.newInputStream(file));
        this.lines = new BufferedReader(decoding, 1 << 16);
    }

    /**
     * @return the next line without its terminator, or {@code null} at the end of the file
     * @throws IOException on a read error
     * @throws UserException if the file turns out not to be text
     */
    public String readLine() throws IOException {
        String line = lines.readLine();
        if (line != null) {
            if (line.indexOf('\0') >= 0) {
                throw new UserException(file + " is not a text file (NUL byte before byte " + decoding.bytesRead
                        + "): the corpus must be UTF-8 text");
            }
            if (decoding.bytesRead >= 4096 && decoding.malformed * 10 > decoding.bytesRead) {
                throw new UserException(file + " is not UTF-8 text (" + decoding.malformed + " invalid bytes in the first "
                        + decoding.bytesRead + ")");
            }
        }
        return line;
    }

    /**
     * @return invalid byte sequences replaced so far
     */
    public long malformed() {
        return decoding.malformed;
    }

    /**
     * @return bytes read from the file so far
     */
    public long bytesRead() {
        return decoding.bytesRead;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }

    /** A UTF-8 decoder that replaces and counts each malformed sequence (the JDK's REPLACE action cannot count). */
    private static final class DecodingReader extends Reader {
        private final InputStream in;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
        private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
        private boolean eof;
        private boolean done;
        private boolean pendingReplacement;
        long malformed;
        long bytesRead;

        DecodingReader(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (!chars.hasRemaining()) {
                if (done) {
                    return -1;
                }
                fill();
            }
            int n = Math.min(len, chars.remaining());
            chars.get(buf, off, n);
            return n;
        }

        private void fill() throws IOException {
            chars.clear();
            if (pendingReplacement) {
                chars.put('\uFFFD');
                pendingReplacement = false;
            }
            while (chars.hasRemaining()) {
                if (!eof && bytes.remaining() < 16) {
                    bytes.compact();
                    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                    if (n < 0) {
                        eof = true;
                    } else {
                        bytes.position(bytes.position() + n);
                        bytesRead += n;
                    }
                    bytes.flip();
                }
                CoderResult r = decoder.decode(bytes, chars, eof);
                if (r.isError()) {
                    malformed++;
                    bytes.position(bytes.position() + r.length());
                    if (chars.hasRemaining()) {
                        chars.put('\uFFFD');
                    } else {
                        pendingReplacement = true;
                    }
                } else if (r.isOverflow()) {
                    break;
                } else if (eof) {
                    decoder.flush(chars);
                    done = true;
                    break;
                } else if (chars.position() > 0 && bytes.remaining() >= 16) {
                    break;
                }
            }
            chars.flip();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
