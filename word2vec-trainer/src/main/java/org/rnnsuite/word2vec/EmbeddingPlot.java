package org.rnnsuite.word2vec;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.embeddings.WordVectors;

/**
 * The tutorial's picture of an embedding: the most frequent words projected on the first two principal components
 * of their vectors, each point labelled with its word, drawn with Java2D into a PNG. The special tokens
 * ({@code [UNK]}, {@code [NUM]}, {@code [URL]}) are left out.
 */
public final class EmbeddingPlot {
    /** Image width in pixels. */
    public static final int WIDTH = 1600;
    /** Image height in pixels. */
    public static final int HEIGHT = 1200;

    private EmbeddingPlot() {
    }

    /**
     * @param vectors the vectors, most frequent word first
     * @param n       how many words to draw (the tutorial draws 300 or so)
     * @param png     the PNG file to create or replace
     * @return the PNG path
     */
    public static Path write(WordVectors vectors, int n, Path png) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < vectors.size() && rows.size() < n; i++) {
            if (!Tokenizer.isSpecial(vectors.word(i))) {
                rows.add(i);
            }
        }
        double[][] x = new double[rows.size()][];
        for (int k = 0; k < rows.size(); k++) {
            float[] v = vectors.vector(rows.get(k));
            x[k] = new double[v.length];
            for (int j = 0; j < v.length; j++) {
                x[k][j] = v[j];
            }
        }
        double[][] xy = pca2(x);
        BufferedImage img = draw(rows.stream().map(vectors::word).toList(), xy,
                "word2vec: the " + rows.size() + " most frequent words on the first two principal components");
        return AtomicFiles.write(png, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new java.io.IOException("no PNG writer");
            }
        });
    }

    /**
     * Principal component analysis to two dimensions: centres the rows, finds the two leading eigenvectors of
     * their covariance by power iteration (with deflation, fixed seed) and projects on them.
     *
     * @param x n rows of the same dimension
     * @return n rows of two coordinates (first, second principal component)
     */
    public static double[][] pca2(double[][] x) {
        int n = x.length;
        if (n == 0) {
            return new double[0][2];
        }
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[][] c = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                c[i][j] = x[i][j] - mean[j];
            }
        }
        double[][] cov = new double[d][d];
        for (double[] row : c) {
            for (int a = 0; a < d; a++) {
                for (int b = a; b < d; b++) {
                    cov[a][b] += row[a] * row[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                cov[a][b] = cov[b][a];
            }
        }
        double[] pc1 = leadingEigenvector(cov, new Random(1));
        double l1 = rayleigh(cov, pc1);
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                cov[a][b] -= l1 * pc1[a] * pc1[b];
            }
        }
        double[] pc2 = leadingEigenvector(cov, new Random(2));
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            out[i][0] = dot(c[i], pc1);
            out[i][1] = dot(c[i], pc2);
        }
        return out;
    }

    private static double[] leadingEigenvector(double[][] m, Random rnd) {
        int d = m.length;
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = rnd.nextGaussian();
        }
        normalize(v);
        for (int it = 0; it < 1000; it++) {
            double[] w = new double[d];
            for (int a = 0; a < d; a++) {
                w[a] = dot(m[a], v);
            }
            if (normalize(w) == 0) {
                return v;
            }
            double change = 0;
            for (int j = 0; j < d; j++) {
                change = Math.max(change, Math.abs(w[j] - v[j]));
            }
            v = w;
            if (change < 1e-10) {
                break;
            }
        }
        // fix the sign so that the picture does not flip between runs: largest component positive
        int arg = 0;
        for (int j = 1; j < d; j++) {
            if (Math.abs(v[j]) > Math.abs(v[arg])) {
                arg = j;
            }
        }
        if (v[arg] < 0) {
            for (int j = 0; j < d; j++) {
                v[j] = -v[j];
            }
        }
        return v;
    }

    private static double rayleigh(double[][] m, double[] v) {
        double s = 0;
        for (int a = 0; a < m.length; a++) {
            s += v[a] * dot(m[a], v);
        }
        return s;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static double normalize(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        if (norm > 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] /= norm;
            }
        }
        return norm;
    }

    private static BufferedImage draw(List<String> words, double[][] xy, String title) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        int left = 70;
        int top = 60;
        int right = WIDTH - 40;
        int bottom = HEIGHT - 60;
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double[] p : xy) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        if (!(maxX > minX)) {
            minX -= 1;
            maxX += 1;
        }
        if (!(maxY > minY)) {
            minY -= 1;
            maxY += 1;
        }
        g.setColor(new Color(0x33, 0x33, 0x33));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString(title, left, 35);
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.GRAY);
        g.drawRect(left, top, right - left, bottom - top);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString("principal component 1", (left + right) / 2 - 70, HEIGHT - 20);
        g.rotate(-Math.PI / 2);
        g.drawString("principal component 2", -(top + bottom) / 2 - 70, 30);
        g.rotate(Math.PI / 2);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < xy.length; i++) {
            int px = left + 10 + (int) Math.round((xy[i][0] - minX) / (maxX - minX) * (right - left - 90));
            int py = bottom - 10 - (int) Math.round((xy[i][1] - minY) / (maxY - minY) * (bottom - top - 30));
            g.setColor(new Color(0x1f, 0x77, 0xb4));
            g.fillOval(px - 3, py - 3, 6, 6);
            g.setColor(new Color(0x22, 0x22, 0x22));
            g.drawString(words.get(i), px + 5, py - 4 + fm.getAscent() / 2);
        }
        g.dispose();
        return img;
    }
}
