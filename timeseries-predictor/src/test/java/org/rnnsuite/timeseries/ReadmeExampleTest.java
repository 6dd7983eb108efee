package org.rnnsuite.timeseries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's library example compiling and working: the README quotes the body of {@link #example()}
 * verbatim (between the {@code README-EXAMPLE} markers), and this test runs it.
 */
class ReadmeExampleTest {
    private static final String BEGIN = "// README-EXAMPLE begin";
    private static final String END = "// README-EXAMPLE end";

    static double[] example() {
        // README-EXAMPLE begin
        TimeSeriesConfig config = TimeSeriesConfig.defaults().withIterations(200);  // tutorial settings, shorter
        TimeSeriesSource data = TimeSeriesSource.synthetic();                   // or TimeSeriesSource.of(csvConfig)
        TrainingResult<MultiLayerNetwork> result;
        try (TrainingRun run = TimeSeriesTrainer.openRun(config, data, RunOptions.inMemory())) {  // or RunOptions.in(dir)
            result = TimeSeriesTrainer.train(config, data, run.onLog(System.out::println));
        }
        MultiLayerNetwork net = result.model();                                  // the best by validation MSE
        double[] t = TimeSeriesData.instanceTimes(20);                          // the instance at t = 12.2
        double[] window = Arrays.copyOf(TimeSeriesData.timeSeries(t), 20);
        double[] next = TimeSeriesPredictor.predict(net, window);                // one step ahead, every step
        double[] generated = TimeSeriesPredictor.generate(net, window, 50);      // "creative RNN"
        // README-EXAMPLE end
        assertEquals(20, next.length);
        return generated;
    }

    @Test
    void theReadmeExampleRuns() {
        double[] generated = example();
        assertEquals(70, generated.length);
        for (double v : generated) {
            assertTrue(Double.isFinite(v));
        }
    }

    @Test
    void theReadmeQuotesTheExampleVerbatim() throws IOException {
        String source = Files.readString(Path.of("src/test/java/org/rnnsuite/timeseries/ReadmeExampleTest.java"));
        int from = source.indexOf(BEGIN, source.indexOf("static double[] example()"));
        String body = source.substring(from + BEGIN.length(), source.indexOf(END, from));
        String readme = Files.readString(Path.of("../README.md"));
        for (String line : body.strip().lines().map(String::strip).toList()) {
            assertTrue(readme.contains(line), "README.md lacks the example line: " + line);
        }
    }
}
