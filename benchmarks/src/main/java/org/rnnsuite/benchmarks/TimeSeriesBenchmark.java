package org.rnnsuite.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.rnnsuite.common.NativeSettings;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.timeseries.Projection;
import org.rnnsuite.timeseries.TimeSeriesConfig;
import org.rnnsuite.timeseries.TimeSeriesData;
import org.rnnsuite.timeseries.TimeSeriesNetwork;

/**
 * A benchmark (not a test): median wall-clock milliseconds of one training step ({@code fit} on one mini-batch:
 * forward, backward, Adam update) of the tutorial's network, for given layer counts, projection styles and
 * basic-cell implementations. The mini-batches are drawn beforehand so only the step is timed; all networks are
 * warmed up before any is timed, and their timed steps are interleaved; they start at the {@link StartGate} signal
 * when a script runs the PyTorch peer at the same time. Run by {@code bench/timeseries-vs-pytorch.sh}.
 *
 * <p>Usage: {@code TimeSeriesBenchmark [--layers 1,3] [--projection stacked,wrapper]
 * [--rnn-impl fused,dl4j] [--warmup 100] [--measure 300]}. Prints one line per setting:
 * {@code dl4j impl=fused layers=1 projection=stacked median_ms=... p10_ms=... p90_ms=... steps=...}.
 */
public final class TimeSeriesBenchmark {
    /** Timed steps per network before moving on to the next network. */
    public static final int BLOCK = 10;

    private TimeSeriesBenchmark() {
    }

    /**
     * @param args see the class documentation
     */
    public static void main(String[] args) {
        NativeSettings.apply();
        List<Integer> layers = List.of(1, 3);
        List<Projection> projections = List.of(Projection.STACKED, Projection.WRAPPER);
        int warmup = 100;
        int measure = 300;
        List<String> impls = List.of(TimeSeriesConfig.FUSED);
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--layers" -> layers = Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
                case "--projection" -> projections = Arrays.stream(v.split(",")).map(Projection::parse).toList();
                case "--rnn-impl" -> impls = Arrays.asList(v.split(","));
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--measure" -> measure = Integer.parseInt(v);
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        List<TimeSeriesConfig> configs = new ArrayList<>();
        for (String impl : impls) {
            for (int l : layers) {
                for (Projection p : projections) {
                    configs.add(TimeSeriesConfig.defaults().withLayers(l).withProjection(p).withRnnImpl(impl));
                }
            }
        }
        List<double[]> all = measure(configs, warmup, measure);
        for (int c = 0; c < configs.size(); c++) {
            TimeSeriesConfig config = configs.get(c);
            double[] sorted = all.get(c).clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "dl4j impl=%s layers=%d projection=%s median_ms=%.3f p10_ms=%.3f "
                            + "p90_ms=%.3f steps=%d%n", config.rnnImpl(), config.layers(), config.projection(),
                    percentile(sorted, 50), percentile(sorted, 10), percentile(sorted, 90), measure);
        }
    }

    /**
     * Times training steps of several networks fairly: every network is built and warmed up first (so the JIT has
     * compiled the shared DL4J code before anything is timed), then the timed steps are interleaved in blocks of
     * {@value #BLOCK} steps per network, so that slow phases of a shared machine hit every network alike.
     *
     * @param configs the networks and batch settings
     * @param warmup  untimed steps per network
     * @param measure timed steps per network
     * @return for each configuration, the milliseconds of each timed step
     */
    public static List<double[]> measure(List<TimeSeriesConfig> configs, int warmup, int measure) {
        List<MultiLayerNetwork> nets = new ArrayList<>();
        List<List<DataSet>> batches = new ArrayList<>();
        for (TimeSeriesConfig config : configs) {
            Seeds.init(config.seed());
            nets.add(TimeSeriesNetwork.build(config));
            Random rng = new Random(config.seed());
            List<DataSet> b = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                b.add(TimeSeriesData.nextBatch(rng, config.batchSize(), config.steps()));
            }
            batches.add(b);
        }
        for (int c = 0; c < configs.size(); c++) {
            for (int i = 0; i < warmup; i++) {
                nets.get(c).fit(batches.get(c).get(i % 32));
            }
        }
        StartGate.await("dl4j");
        List<double[]> ms = new ArrayList<>();
        for (int c = 0; c < configs.size(); c++) {
            ms.add(new double[measure]);
        }
        for (int done = 0; done < measure; done += BLOCK) {
            for (int c = 0; c < configs.size(); c++) {
                MultiLayerNetwork net = nets.get(c);
                for (int i = done; i < Math.min(measure, done + BLOCK); i++) {
                    DataSet b = batches.get(c).get(i % 32);
                    long t0 = System.nanoTime();
                    net.fit(b);
                    ms.get(c)[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        return ms;
    }

    /**
     * @param sorted ascending values
     * @param p      percentile in [0, 100]
     * @return the nearest-rank percentile
     */
    public static double percentile(double[] sorted, double p) {
        int k = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, k))];
    }
}
