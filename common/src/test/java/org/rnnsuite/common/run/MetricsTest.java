package org.rnnsuite.common.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnnsuite.common.UserException;

class MetricsTest {
    @TempDir
    Path dir;

    @Test
    void csvIsCompleteAfterEveryRowAndResumesFromACheckpoint() throws IOException {
        Path csv = dir.resolve("metrics.csv");
        MetricsCsv m = MetricsCsv.create(csv, "epoch", "train_loss", "test_accuracy");
        m.append(1, 0.5, 0.9);
        m.append(2, 0.25, 0.95);
        m.append(3, 0.125, 0.975);
        assertEquals("epoch,train_loss,test_accuracy\n1,0.5,0.9\n2,0.25,0.95\n3,0.125,0.975\n", Files.readString(csv));

        MetricsCsv resumed = MetricsCsv.resume(csv, 2, "epoch", "train_loss", "test_accuracy");
        assertEquals(2, resumed.size());
        resumed.append(3, 0.1, 0.98);
        assertArrayEquals(new double[] {0.9, 0.95, 0.98}, MetricsCsv.read(csv).get("test_accuracy"));
        assertThrows(IllegalArgumentException.class, () -> resumed.append(1, 2));
    }

    @Test
    void formatKeepsSixSignificantDigits() {
        assertEquals("0.0553", MetricsCsv.format(0.0553));
        assertEquals("12", MetricsCsv.format(12.0));
        assertEquals("1.23457e-05", MetricsCsv.format(0.0000123456789));
    }

    @Test
    void chartsArePngFilesOfTheStatedSize() throws IOException {
        Path csv = dir.resolve("metrics.csv");
        MetricsCsv m = MetricsCsv.create(csv, "epoch", "train_accuracy", "test_accuracy");
        m.append(1, 0.8, 0.85);
        m.append(2, 0.9, 0.92);
        Path png = Charts.fromCsv(csv, dir.resolve("accuracy.png"), "Accuracy", "accuracy",
                List.of("train_accuracy", "test_accuracy"));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(Charts.WIDTH, img.getWidth());
        assertEquals(Charts.HEIGHT, img.getHeight());

        UserException e = assertThrows(UserException.class, () -> Charts.fromCsv(csv, dir.resolve("x.png"), "t", "y",
                List.of("loss")));
        assertTrue(e.getMessage().contains("has no column 'loss'"));

        Path lines = Charts.lines(dir.resolve("series.png"), "Series", "t", "value",
                Map.of("a", new double[][] {{0, 1, 2}, {1, 2, 3}}));
        assertTrue(Files.size(lines) > 1000);
    }

    @Test
    void valuesNoChartCanLayOutAreOneLineAndLeaveNoFile() {
        Path png = dir.resolve("huge.png");
        UserException e = assertThrows(UserException.class, () -> Charts.line(png, "t", "x", "y",
                new double[] {1, 2, 3}, Map.of("y", new double[] {1, Double.POSITIVE_INFINITY, 3})));
        assertEquals("cannot draw " + png + ": values out of a chart's range (infinite, NaN or near "
                + "Double.MAX_VALUE)", e.getMessage());
        assertTrue(Files.notExists(png));
    }
}
