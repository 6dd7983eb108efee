package org.rnnsuite.mnist;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnnsuite.common.UserException;

/**
 * Turns a picture of a digit (PNG, JPEG, any size) into an MNIST-like image: grey levels in [0, 1], a light digit
 * on a dark background (inverted if the background is light), the digit scaled to fit a box of 20/28 of the image
 * with its aspect kept, and centred by its centre of mass, as the MNIST images were made.
 */
public final class DigitImage {
    /** Fraction of the image side that the digit's longer side fills (MNIST: 20 px of 28). */
    public static final double BOX_FRACTION = 20.0 / 28.0;
    /** Grey level above which a pixel counts as ink when cropping. */
    public static final float INK = 0.1f;

    private DigitImage() {
    }

    /**
     * @param file   a PNG or JPEG (anything javax.imageio reads)
     * @param height rows of the network's images (28)
     * @param width  columns of the network's images (28)
     * @return {@code [height][width]} grey levels in [0, 1], light digit on dark
     * @throws UserException if the file is missing or not a readable image
     */
    public static float[][] read(Path file, int height, int width) {
        if (!Files.isRegularFile(file)) {
            throw new UserException("no image file " + file);
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new UserException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        if (img == null) {
            throw new UserException("cannot read image " + file + ": not a PNG, JPEG, GIF or BMP file");
        }
        return toMnist(img, height, width);
    }

    /**
     * @param img    any image
     * @param height rows wanted (28)
     * @param width  columns wanted (28)
     * @return {@code [height][width]} grey levels in [0, 1], light digit on dark, scaled and centred
     */
    public static float[][] toMnist(BufferedImage img, int height, int width) {
        float[][] g = grey(img);
        int h = g.length;
        int w = g[0].length;
        if (borderMean(g) > 0.5) {
            for (float[] row : g) {
                for (int x = 0; x < w; x++) {
                    row[x] = 1f - row[x];
                }
            }
        }
        int top = h, bottom = -1, left = w, right = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (g[y][x] > INK) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        float[][] out = new float[height][width];
        if (bottom < 0) {
            return out; // blank picture: nothing to centre
        }
        int bh = bottom - top + 1;
        int bw = right - left + 1;
        double box = BOX_FRACTION * Math.min(height, width);
        double scale = box / Math.max(bh, bw);
        int sh = Math.max(1, (int) Math.round(bh * scale));
        int sw = Math.max(1, (int) Math.round(bw * scale));
        float[][] small = resize(g, top, left, bh, bw, sh, sw);
        // centre of mass of the scaled digit
        double mass = 0, cy = 0, cx = 0;
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                mass += small[y][x];
                cy += y * small[y][x];
                cx += x * small[y][x];
            }
        }
        cy = mass > 0 ? cy / mass : (sh - 1) / 2.0;
        cx = mass > 0 ? cx / mass : (sw - 1) / 2.0;
        int oy = clamp((int) Math.round((height - 1) / 2.0 - cy), 0, height - sh);
        int ox = clamp((int) Math.round((width - 1) / 2.0 - cx), 0, width - sw);
        for (int y = 0; y < sh; y++) {
            System.arraycopy(small[y], 0, out[oy + y], ox, sw);
        }
        return out;
    }

    /**
     * The same transform as {@link MnistData#toSequences}: rows become time steps.
     *
     * @param grey {@code [H][W]} grey levels in [0, 1]
     * @return {@code [1, W, H]} float32, {@code x[0, i, t] = grey[t][i]}
     */
    public static INDArray toSequence(float[][] grey) {
        int h = grey.length;
        int w = grey[0].length;
        float[] out = new float[w * h];
        for (int t = 0; t < h; t++) {
            for (int i = 0; i < w; i++) {
                out[i * h + t] = grey[t][i];
            }
        }
        return Nd4j.create(out, new long[] {1, w, h}, 'c');
    }

    private static float[][] grey(BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        float[][] g = new float[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                float a = ((argb >>> 24) & 0xFF) / 255f;
                float r = (argb >> 16) & 0xFF;
                float gr = (argb >> 8) & 0xFF;
                float b = argb & 0xFF;
                float luma = (0.299f * r + 0.587f * gr + 0.114f * b) / 255f;
                g[y][x] = a * luma + (1 - a); // transparent pixels show the usual white page
            }
        }
        return g;
    }

    private static double borderMean(float[][] g) {
        int h = g.length;
        int w = g[0].length;
        double sum = 0;
        int n = 0;
        for (int x = 0; x < w; x++) {
            sum += g[0][x] + g[h - 1][x];
            n += 2;
        }
        for (int y = 1; y < h - 1; y++) {
            sum += g[y][0] + g[y][w - 1];
            n += 2;
        }
        return sum / n;
    }

    /** Area-averaging resample of the crop {@code [top, top+bh) × [left, left+bw)} to {@code sh × sw}. */
    private static float[][] resize(float[][] g, int top, int left, int bh, int bw, int sh, int sw) {
        float[][] rows = new float[bh][sw];
        for (int y = 0; y < bh; y++) {
            rows[y] = resample(g[top + y], left, bw, sw);
        }
        float[][] out = new float[sh][sw];
        float[] column = new float[bh];
        for (int x = 0; x < sw; x++) {
            for (int y = 0; y < bh; y++) {
                column[y] = rows[y][x];
            }
            float[] c = resample(column, 0, bh, sh);
            for (int y = 0; y < sh; y++) {
                out[y][x] = c[y];
            }
        }
        return out;
    }

    /** Resamples {@code in[from, from+n)} to {@code m} values, each the mean of the span it covers. */
    private static float[] resample(float[] in, int from, int n, int m) {
        float[] out = new float[m];
        double step = (double) n / m;
        for (int j = 0; j < m; j++) {
            double a = j * step;
            double b = a + step;
            double sum = 0;
            for (int k = (int) Math.floor(a); k < Math.min(n, (int) Math.ceil(b)); k++) {
                double overlap = Math.min(b, k + 1) - Math.max(a, k);
                if (overlap > 0) {
                    sum += overlap * in[from + k];
                }
            }
            out[j] = (float) (sum / step);
        }
        return out;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /**
     * Classifies a picture of a digit.
     *
     * @param net    a trained classifier
     * @param image  a PNG, JPEG, GIF or BMP file
     * @param height rows of the images the network was trained on
     * @param width  columns of those images
     * @return the probability of each class
     * @throws UserException if the file is missing or not an image
     */
    public static double[] classify(org.deeplearning4j.nn.multilayer.MultiLayerNetwork net, Path image, int height,
                                    int width) {
        return net.output(toSequence(read(image, height, width)), false).getRow(0).toDoubleVector();
    }

    /**
     * @param p probabilities
     * @return the index of the largest
     */
    public static int argMax(double[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }
}
