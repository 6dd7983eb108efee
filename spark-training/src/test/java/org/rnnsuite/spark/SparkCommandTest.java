package org.rnnsuite.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.rnnsuite.common.cli.Cli;
import org.rnnsuite.mnist.MnistConfig;

/** The command line: bad input gets one {@code error:} line and exit code 2, before Spark starts. */
class SparkCommandTest {
    private static String[] run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Cli.execute(new SparkCommand(), args);
        } finally {
            System.setErr(err);
        }
        return new String[] {Integer.toString(code), buf.toString(StandardCharsets.UTF_8).strip()};
    }

    @Test
    void badSparkOptionsFailWithOneLine() {
        String[] r = run("mnist", "--averaging-frequency", "0");
        assertEquals("2", r[0]);
        assertEquals("error: --averaging-frequency must be at least 1, got 0", r[1]);
        r = run("timeseries", "--training-master", "gossip");
        assertEquals("2", r[0]);
        assertEquals("error: unknown --training-master 'gossip': expected averaging or sharing", r[1]);
        r = run("word2vec", "--corpus", "x.txt", "--workers", "-1");
        assertEquals("2", r[0]);
        assertTrue(r[1].startsWith("error: --workers must be 0"), r[1]);
    }

    @Test
    void theTrainingUiIsRefused() {
        String[] r = run("mnist", "--ui");
        assertEquals("2", r[0]);
        assertTrue(r[1].startsWith("error: --ui and --ui-stats are not available"), r[1]);
    }

    @Test
    void aMissingSubcommandNamesThem() {
        String[] r = run();
        assertEquals("2", r[0]);
        assertEquals("error: missing subcommand: mnist, timeseries, nmt or word2vec (see spark --help)", r[1]);
    }

    @Test
    void theMnistOptionsKeepTheSingleMachineDefaults() {
        SparkMnistCommand c = new SparkMnistCommand();
        new picocli.CommandLine(c).parseArgs();
        assertEquals(MnistConfig.defaults(), c.config());
        assertEquals(SparkSettings.defaults(), c.spark.settings());
    }

    @Test
    void commandsFollowTheSuiteVocabularyOfOptions() throws Exception {
        org.rnnsuite.common.testing.CommandConventions.check(new SparkCommand(), org.rnnsuite.common.testing.CommandConventions.readme());
    }
}
