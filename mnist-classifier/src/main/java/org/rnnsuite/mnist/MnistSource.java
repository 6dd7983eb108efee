package org.rnnsuite.mnist;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnnsuite.common.run.DataFingerprint;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.deeplearning4j.common.resources.DL4JResources;
import org.deeplearning4j.common.resources.ResourceType;
import org.deeplearning4j.datasets.base.MnistFetcher;
import org.rnnsuite.common.UserException;

/**
 * Where the MNIST files come from: a directory given by the user, DL4J's MNIST cache, DL4J's downloader, or the
 * small real sample committed in this module ({@value #SAMPLE_TRAIN} training and {@value #SAMPLE_TEST} test
 * digits: the first ones of the genuine files).
 *
 * @param description one line saying where the data comes from
 * @param dir         the directory holding the four files, or {@code null} for the committed sample
 */
public record MnistSource(String description, Path dir) {
    /** Number of training digits in the committed sample. */
    public static final int SAMPLE_TRAIN = 3000;
    /** Number of test digits in the committed sample. */
    public static final int SAMPLE_TEST = 1000;
    /** System property: set to {@code false} to skip DL4J's downloader (default true). */
    public static final String DOWNLOAD_PROPERTY = "rnnsuite.mnist.download";
    /** How long DL4J's downloader may try before the sample is used, in seconds. */
    public static final int DOWNLOAD_TIMEOUT_SECONDS = 20;
    private static final String SAMPLE_RESOURCE = "/org/rnnsuite/mnist/sample/";

    /**
     * @param dir a directory holding the IDX files
     * @return a source reading that directory
     */
    public static MnistSource directory(Path dir) {
        return new MnistSource("MNIST files in " + dir, dir);
    }

    /** @return the committed sample */
    public static MnistSource sample() {
        return new MnistSource("the small MNIST sample shipped with mnist-classifier (" + SAMPLE_TRAIN
                + " training, " + SAMPLE_TEST + " test digits; use --data-dir for the full set)", null);
    }

    /** @return true if this is the committed sample */
    public boolean isSample() {
        return dir == null;
    }

    /**
     * Finds the data: {@code --data-dir} if given; else DL4J's MNIST cache ({@code ~/.deeplearning4j/} or the
     * directory of {@code -Dorg.deeplearning4j.resources.directory}, and its {@code MNIST/} sub-directory) if the
     * four files are there; else DL4J's downloader (at most {@value #DOWNLOAD_TIMEOUT_SECONDS} s); else the
     * committed sample.
     *
     * @param dataDir the user's directory, or {@code null}
     * @return the source
     * @throws UserException if {@code dataDir} is given but is not a directory
     */
    public static MnistSource locate(Path dataDir) {
        if (dataDir != null) {
            if (!Files.isDirectory(dataDir)) {
                throw new UserException("--data-dir " + dataDir + " is not a directory");
            }
            return directory(dataDir);
        }
        MnistSource cached = dl4jCache();
        if (cached != null) {
            return cached;
        }
        if (Boolean.parseBoolean(System.getProperty(DOWNLOAD_PROPERTY, "true")) && tryDownload()) {
            cached = dl4jCache();
            if (cached != null) {
                return cached;
            }
        }
        return sample();
    }

    private static MnistSource dl4jCache() {
        Path base = DL4JResources.getBaseDirectory().toPath();
        for (Path dir : new Path[] {base, base.resolve(ResourceType.DATASET.resourceName()).resolve("MNIST"),
                base.resolve("MNIST")}) {
            if (MnistData.hasAll(dir)) {
                return new MnistSource("DL4J's MNIST cache " + dir, dir);
            }
        }
        return null;
    }

    private static boolean tryDownload() {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mnist-download");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> f = ex.submit(() -> {
                new MnistFetcher().downloadAndUntar();
                return null;
            });
            f.get(DOWNLOAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            ex.shutdownNow();
        }
    }

    /** @return what the data is: the four files' names, sizes and SHA-256, or the bundled sample */
    public DataFingerprint fingerprint() {
        if (dir == null) {
            return DataFingerprint.of("the MNIST sample shipped with mnist-classifier");
        }
        List<Path> files = new ArrayList<>();
        for (String name : MnistData.FILES) {
            Path f = MnistData.find(dir, name);
            if (f == null) {
                throw new UserException("no " + name + "[.gz] in " + dir
                        + " (scripts/fetch-data.sh mnist DIR fetches the MNIST files)");
            }
            files.add(f);
        }
        return DataFingerprint.ofFiles("MNIST IDX files", files);
    }

    /**
     * Loads one split.
     *
     * @param train true for the training split, false for the test split
     * @param limit keep the first {@code limit} examples; 0 = all
     * @return the split, converted once to float32 sequences
     */
    public MnistData.Split load(boolean train, int limit) {
        if (dir != null) {
            return MnistData.load(dir, train, limit);
        }
        String images = (train ? MnistData.TRAIN_IMAGES : MnistData.TEST_IMAGES) + ".gz";
        String labels = (train ? MnistData.TRAIN_LABELS : MnistData.TEST_LABELS) + ".gz";
        return MnistData.split(MnistData.readImages(resource(images), images),
                MnistData.readLabels(resource(labels), labels), limit, "sample " + images + " / " + labels);
    }

    private static InputStream resource(String name) {
        InputStream in = MnistSource.class.getResourceAsStream(SAMPLE_RESOURCE + name);
        if (in == null) {
            throw new IllegalStateException("the MNIST sample " + SAMPLE_RESOURCE + name + " is missing from the jar");
        }
        return in;
    }
}
