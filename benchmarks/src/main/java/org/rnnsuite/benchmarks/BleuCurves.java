package org.rnnsuite.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rnnsuite.common.run.Charts;

/**
 * {@code bleu-curves.png} of {@code bench/nmt-vs-pytorch.sh}: greedy BLEU on the held-out pairs against training
 * minutes, DL4J and PyTorch, from their {@code metrics.csv} files.
 *
 * <p>Usage: {@code BleuCurves WORKDIR} (reads {@code dl4j/metrics.csv} and {@code torch/metrics.csv}, writes
 * {@code bleu-curves.png} there).
 */
public final class BleuCurves {
    private BleuCurves() {
    }

    /**
     * @param args the benchmark's work directory
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BleuCurves WORKDIR");
            System.exit(2);
        }
        Path work = Path.of(args[0]);
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("DL4J (this project)", curve(work.resolve("dl4j/metrics.csv")));
        series.put("PyTorch peer", curve(work.resolve("torch/metrics.csv")));
        Path png = Charts.lines(work.resolve("bleu-curves.png"), "Held-out greedy BLEU against training time",
                "training minutes", "BLEU", series);
        System.out.println("wrote " + png);
    }

    /** Columns train_minutes and test_bleu of a metrics file, as {x, y}. */
    static double[][] curve(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int x = header.indexOf("train_minutes");
        int y = header.indexOf("test_bleu");
        if (x < 0 || y < 0) {
            throw new IOException(csv + ": no train_minutes / test_bleu columns");
        }
        double[][] out = new double[2][lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            out[0][i - 1] = Double.parseDouble(cells[x]);
            out[1][i - 1] = Double.parseDouble(cells[y]);
        }
        return out;
    }
}
