package org.rnnsuite.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code mnist train --ui PORT}: DL4J's training UI, opened in a real browser (headless Chromium, Debian's
 * {@code chromium} and {@code chromium-driver}), shows the score chart with the run's points.
 */
class TrainingUiBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void theOverviewPageShowsTheScoreChartWithTheRunsPoints() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            fail("the training UI's browser test needs headless Chromium: apt-get install chromium chromium-driver "
                    + "(" + CHROMIUM + " and " + DRIVER + " are missing)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path stats = dir.resolve("stats.bin");
        // 1,500 images = 10 batches an epoch: DL4J's stats listener reports every 10 iterations
        String[] out = MnistTrainingTest.run("train", "--epochs", "2", "--limit-train", "1500", "--quiet", "--ui",
                Integer.toString(port), "--ui-stats", stats.toString(), "--out", dir.resolve("run").toString());
        assertEquals("0", out[0], out[2]);
        String url = "http://localhost:" + port + "/train/overview";
        assertTrue(out[1].contains("training UI: " + url), out[1]);
        assertTrue(Files.size(stats) > 0, "statistics kept in the file");

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(url);
            // flot keeps the plot on the chart's element; the page polls the server and redraws
            long points = new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
                Object n = ((JavascriptExecutor) d).executeScript("var p = window.jQuery && "
                        + "jQuery('#scoreiterchart').data('plot'); return p ? p.getData()[0].data.length : 0;");
                return n instanceof Number k && k.longValue() > 0 ? k.longValue() : null;
            });
            assertTrue(points >= 1, "score points: " + points);
            assertTrue(browser.findElement(By.cssSelector("#scoreiterchart canvas")).isDisplayed());
        } finally {
            browser.quit();
        }
    }
}
