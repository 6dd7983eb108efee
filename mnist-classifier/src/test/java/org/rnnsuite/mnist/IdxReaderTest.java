package org.rnnsuite.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.UserException;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static void assertOneLine(UserException e, String expectedPart) {
        assertTrue(e.getMessage().contains(expectedPart), () -> "message '" + e.getMessage() + "' lacks '"
                + expectedPart + "'");
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void readsPlainAndGzippedImagesAndLabels() {
        byte[] images = IdxFiles.images(3, 2, 5);
        byte[] labels = IdxFiles.labels(MnistData.LABELS_MAGIC, 1, 9, 0);
        Path plain = IdxFiles.write(dir.resolve("images"), images);
        Path gz = IdxFiles.write(dir.resolve("images.gz"), IdxFiles.gzip(images));
        MnistData.Images a = MnistData.readImages(plain);
        MnistData.Images b = MnistData.readImages(gz);
        assertEquals(3, a.count());
        assertEquals(2, a.height());
        assertEquals(5, a.width());
        assertArrayEquals(Arrays.copyOfRange(images, 16, images.length), a.pixels());
        assertArrayEquals(a.pixels(), b.pixels());
        assertEquals((7 * 37) % 256, a.pixel(0, 1, 2));

        assertArrayEquals(new int[] {1, 9, 0},
                MnistData.readLabels(IdxFiles.write(dir.resolve("labels"), labels)));
        assertArrayEquals(new int[] {1, 9, 0},
                MnistData.readLabels(IdxFiles.write(dir.resolve("labels.gz"), IdxFiles.gzip(labels))));
    }

    @Test
    void loadsADirectoryOfAnySizeOfImages() {
        // 5 × 7 images: 5 time steps of 7 inputs, as for any IDX image set
        IdxFiles.write(dir.resolve(MnistData.TRAIN_IMAGES + ".gz"), IdxFiles.gzip(IdxFiles.images(4, 5, 7)));
        IdxFiles.write(dir.resolve(MnistData.TRAIN_LABELS), IdxFiles.labels(MnistData.LABELS_MAGIC, 0, 1, 2, 3));
        IdxFiles.write(dir.resolve(MnistData.TEST_IMAGES), IdxFiles.images(2, 5, 7));
        IdxFiles.write(dir.resolve(MnistData.TEST_LABELS + ".gz"),
                IdxFiles.gzip(IdxFiles.labels(MnistData.LABELS_MAGIC, 5, 6)));
        assertTrue(MnistData.hasAll(dir));
        MnistData.Split train = MnistData.load(dir, true, 0);
        assertArrayEquals(new long[] {4, 7, 5}, train.features().shape());
        assertArrayEquals(new int[] {0, 1, 2, 3}, train.classes());
        MnistData.Split limited = MnistData.load(dir, true, 2);
        assertEquals(2, limited.size());
        MnistData.Split test = MnistSource.directory(dir).load(false, 0);
        assertArrayEquals(new int[] {5, 6}, test.classes());
    }

    @Test
    void missingFile() {
        UserException e = assertThrows(UserException.class, () -> MnistData.readImages(dir.resolve("nope")));
        assertOneLine(e, "no such file");
        e = assertThrows(UserException.class, () -> MnistData.load(dir, true, 0));
        assertOneLine(e, "no " + MnistData.TRAIN_IMAGES);
        e = assertThrows(UserException.class, () -> MnistData.load(dir.resolve("absent"), true, 0));
        assertOneLine(e, "not a directory");
        e = assertThrows(UserException.class, () -> MnistSource.locate(dir.resolve("absent")));
        assertOneLine(e, "not a directory");
    }

    @Test
    void wrongMagicNumber() {
        Path labelsAsImages = IdxFiles.write(dir.resolve("l"), IdxFiles.labels(MnistData.LABELS_MAGIC, 1, 2, 3, 4,
                5, 6, 7, 8, 9));
        assertOneLine(assertThrows(UserException.class, () -> MnistData.readImages(labelsAsImages)),
                "not an IDX image file: magic number 2049, expected 2051 (this is a label file)");
        Path imagesAsLabels = IdxFiles.write(dir.resolve("i"), IdxFiles.images(1, 2, 2));
        assertOneLine(assertThrows(UserException.class, () -> MnistData.readLabels(imagesAsLabels)),
                "not an IDX label file: magic number 2051, expected 2049");
        Path text = IdxFiles.write(dir.resolve("t"), "hello, this is not IDX at all".getBytes());
        assertOneLine(assertThrows(UserException.class, () -> MnistData.readImages(text)),
                "not an IDX image file");
    }

    @Test
    void truncatedFiles() {
        byte[] images = IdxFiles.images(3, 4, 4);
        Path cut = IdxFiles.write(dir.resolve("cut"), Arrays.copyOf(images, images.length - 1));
        assertOneLine(assertThrows(UserException.class, () -> MnistData.readImages(cut)),
                "is truncated: 63 bytes, 3 images of 4 × 4 need 64");
        Path header = IdxFiles.write(dir.resolve("header"), Arrays.copyOf(images, 10));
        assertOneLine(assertThrows(UserException.class, () -> MnistData.readImages(header)), "is truncated");
        Path cutGz = IdxFiles.write(dir.resolve("cut.gz"), IdxFiles.gzip(Arrays.copyOf(images, 40)));
        assertOneLine(assertThrows(UserException.class, () -> MnistData.readImages(cutGz)), "is truncated");
        byte[] gz = IdxFiles.gzip(images);
        Path brokenGz = IdxFiles.write(dir.resolve("broken.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertOneLine(assertThrows(UserException.class, () -> MnistData.readImages(brokenGz)),
                "damaged gzip file");
        byte[] labels = IdxFiles.labels(MnistData.LABELS_MAGIC, 1, 2, 3);
        Path cutLabels = IdxFiles.write(dir.resolve("cutl"), Arrays.copyOf(labels, labels.length - 1));
        assertOneLine(assertThrows(UserException.class, () -> MnistData.readLabels(cutLabels)),
                "is truncated: 10 bytes, 3 labels need 11");
        byte[] longer = Arrays.copyOf(images, images.length + 5);
        Path trailing = IdxFiles.write(dir.resolve("trailing"), longer);
        assertOneLine(assertThrows(UserException.class, () -> MnistData.readImages(trailing)),
                "5 bytes after its 3 images");
    }

    @Test
    void invalidDimensionsAndLabels() {
        Path zero = IdxFiles.write(dir.resolve("zero"), IdxFiles.images(MnistData.IMAGES_MAGIC, 1, 0, 4,
                new byte[0]));
        assertOneLine(assertThrows(UserException.class, () -> MnistData.readImages(zero)), "invalid dimensions");
        Path big = IdxFiles.write(dir.resolve("big"), IdxFiles.labels(MnistData.LABELS_MAGIC, 3, 10));
        assertOneLine(assertThrows(UserException.class, () -> MnistData.readLabels(big)),
                "label 10 at index 1 is not a class 0-9");
    }

    @Test
    void imageLabelCountMismatch() {
        IdxFiles.write(dir.resolve(MnistData.TRAIN_IMAGES), IdxFiles.images(3, 2, 2));
        IdxFiles.write(dir.resolve(MnistData.TRAIN_LABELS), IdxFiles.labels(MnistData.LABELS_MAGIC, 1, 2));
        assertOneLine(assertThrows(UserException.class, () -> MnistData.load(dir, true, 0)),
                "3 images but 2 labels");
    }
}
