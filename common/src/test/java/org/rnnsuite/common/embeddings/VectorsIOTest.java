package org.rnnsuite.common.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.UserException;

class VectorsIOTest {
    @TempDir
    Path tmp;

    /** Awkward values on purpose: tiny, huge, negative zero, many digits. */
    static WordVectors sample() {
        float[] data = {
            0.1f, -2.5f, 3.0e-8f, 1.0e20f,
            -0.0f, 0.33333334f, Float.MIN_NORMAL, -123.456f,
            1f, 2f, 3f, 4f};
        return new WordVectors(List.of("the", "café", "[UNK]"), new long[] {10, 5, 2}, data, 4);
    }

    static void assertSameVectors(WordVectors expected, WordVectors actual) {
        assertEquals(expected.words(), actual.words());
        assertEquals(expected.dim(), actual.dim());
        for (int i = 0; i < expected.size(); i++) {
            for (int j = 0; j < expected.dim(); j++) {
                assertEquals(Float.floatToIntBits(expected.get(i, j)), Float.floatToIntBits(actual.get(i, j)),
                        "row " + i + " column " + j);
            }
        }
    }

    @Test
    void binaryRoundTripIsExactAndFollowsTheCLayout() throws IOException {
        Path f = VectorsIO.write(sample(), tmp.resolve("v.bin"), VectorsIO.Format.BINARY);
        assertSameVectors(sample(), VectorsIO.read(f, 0));
        byte[] bytes = Files.readAllBytes(f);
        byte[] header = "3 4\n".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(header, Arrays.copyOf(bytes, header.length));
        int off = header.length;
        assertArrayEquals("the ".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(bytes, off, off + 4));
        ByteBuffer bb = ByteBuffer.wrap(bytes, off + 4, 16).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0.1f, bb.getFloat());
        assertEquals(-2.5f, bb.getFloat());
        assertEquals('\n', bytes[off + 4 + 16]);
        int size = header.length + (4 + 17) + ("café".getBytes(StandardCharsets.UTF_8).length + 1 + 17) + (6 + 17);
        assertEquals(size, bytes.length);
    }

    @Test
    void textRoundTripIsExactWithPlainWords() throws IOException {
        Path f = VectorsIO.write(sample(), tmp.resolve("v.txt"), VectorsIO.Format.TEXT);
        assertSameVectors(sample(), VectorsIO.read(f, 0));
        List<String> lines = Files.readAllLines(f);
        assertEquals("3 4", lines.get(0));
        assertEquals("the 0.1 -2.5 3.0E-8 1.0E20", lines.get(1));
        assertTrue(lines.get(2).startsWith("café -0.0 0.33333334 "), lines.get(2));
    }

    @Test
    void readsAHandWrittenTextFileInTheCFormat() throws IOException {
        Path f = tmp.resolve("c-tool.txt");
        Files.writeString(f, "2 3\n</s> 0.001 -0.002 0.003 \nking 1.5 -2 3e-2\n");
        WordVectors v = VectorsIO.read(f, 0);
        assertEquals(List.of("</s>", "king"), v.words());
        assertArrayEquals(new float[] {1.5f, -2f, 0.03f}, v.vector(1));
    }

    @Test
    void readsGensimBinaryWithoutNewlinesGzipAndLimit() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("2 2\n".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer bb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        out.write("a ".getBytes(StandardCharsets.US_ASCII));
        out.write(bb.putFloat(1f).putFloat(2f).array());
        out.write("b ".getBytes(StandardCharsets.US_ASCII));
        out.write(bb.clear().putFloat(3f).putFloat(4f).array());
        Path plain = tmp.resolve("gensim.bin");
        Files.write(plain, out.toByteArray());
        WordVectors v = VectorsIO.read(plain, 0);
        assertEquals(List.of("a", "b"), v.words());
        assertArrayEquals(new float[] {3f, 4f}, v.vector(1));

        Path gz = tmp.resolve("gensim.bin.gz");
        try (OutputStream z = new GZIPOutputStream(Files.newOutputStream(gz))) {
            z.write(out.toByteArray());
        }
        assertSameVectors(v, VectorsIO.read(gz, 0));
        WordVectors first = VectorsIO.read(gz, 1);
        assertEquals(List.of("a"), first.words());
        assertArrayEquals(new float[] {1f, 2f}, first.vector(0));
    }

    @Test
    void truncatedAndGarbledFilesGiveOneClearLine() throws IOException {
        Path good = VectorsIO.write(sample(), tmp.resolve("good.bin"), VectorsIO.Format.BINARY);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = tmp.resolve("cut.bin");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
        assertMessage(cut, "truncated: the header announces 3 vectors of dimension 4 but the file ends inside vector 3 ('[UNK]')");

        Path cutText = tmp.resolve("cut.txt");
        String text = Files.readString(VectorsIO.write(sample(), tmp.resolve("good.txt"), VectorsIO.Format.TEXT));
        Files.writeString(cutText, text.substring(0, text.lastIndexOf("[UNK]")));
        assertMessage(cutText, "truncated: the header announces 3 vectors of dimension 4 but the file ends after 2 vectors");

        Path noHeader = tmp.resolve("noheader.txt");
        Files.writeString(noHeader, "king 0.1 0.2\nqueen 0.3 0.4\n");
        assertMessage(noHeader, "not a word2vec vectors file (the first line must be 'count dimension', found 'king 0.1 0.2')");

        Path empty = tmp.resolve("empty.bin");
        Files.write(empty, new byte[0]);
        assertMessage(empty, "empty file");

        Path fields = tmp.resolve("fields.txt");
        Files.writeString(fields, "2 3\na 1 2 3\nb 1 2\n");
        assertMessage(fields, "line 3: expected a word and 3 numbers, found 3 fields");

        Path number = tmp.resolve("number.txt");
        Files.writeString(number, "1 2\na 1 x2\n");
        assertMessage(number, "line 2: 'x2' is not a number");

        Path png = tmp.resolve("picture.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13});
        assertMessage(png, "not a word2vec vectors file");

        assertMessage(tmp.resolve("missing.bin"), "does not exist");
    }

    @Test
    void aFailedWriteKeepsTheGoodFile() throws IOException {
        Path f = VectorsIO.write(sample(), tmp.resolve("v.bin"), VectorsIO.Format.BINARY);
        byte[] before = Files.readAllBytes(f);
        WordVectors bad = new WordVectors(List.of("two words"), null, new float[] {1, 2, 3, 4}, 4);
        assertThrows(IllegalArgumentException.class, () -> VectorsIO.write(bad, f, VectorsIO.Format.BINARY));
        assertArrayEquals(before, Files.readAllBytes(f));
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void vocabTsvListsWordsAndCounts() throws IOException {
        Path f = VectorsIO.writeVocab(sample(), tmp.resolve("vocab.tsv"));
        assertEquals(List.of("the\t10", "café\t5", "[UNK]\t2"), Files.readAllLines(f));
    }

    private static void assertMessage(Path file, String expected) {
        UserException e = assertThrows(UserException.class, () -> VectorsIO.read(file, 0));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
