package org.rnnsuite.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.cli.Cli;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.mnist.MnistConfig;
import org.rnnsuite.mnist.MnistData;
import org.rnnsuite.mnist.MnistNetwork;
import org.rnnsuite.mnist.MnistSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times one training step (forward, backward, Adam update on one mini-batch) of the MNIST classifier with the
 * tutorial's hyper-parameters: warm-up steps first, then the median, 10th and 90th percentile of the timed steps.
 * The mini-batches are cut from real digits converted once (the committed sample unless {@code --data-dir}), as in
 * training. Prints one line {@code dl4j cell=basic layers=1 steps=60 median_ms=... p10_ms=... p90_ms=...}. The timed
 * steps start at the {@link StartGate} signal when a script runs the PyTorch peer at the same time.
 */
@Command(name = "mnist-step-benchmark", mixinStandardHelpOptions = true,
        description = "Median wall time of one training step of the MNIST sequence classifier.")
public final class MnistStepBenchmark implements Callable<Integer> {
    @Option(names = "--cell", defaultValue = "basic",
            description = "basic, lstm, peephole or gru (default: ${DEFAULT-VALUE})")
    String cell;

    @Option(names = "--steps", defaultValue = "60", description = "timed steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--warmup", defaultValue = "15", description = "untimed steps first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--batch-size", defaultValue = "" + MnistConfig.DEFAULT_BATCH,
            description = "mini-batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--layers", defaultValue = "1", description = "stacked recurrent layers (default: ${DEFAULT-VALUE})")
    int layers;

    @Option(names = "--units", defaultValue = "" + MnistConfig.DEFAULT_UNITS,
            description = "recurrent units (default: ${DEFAULT-VALUE})")
    int units;

    @Option(names = "--cache-mode", defaultValue = "NONE",
            description = "DL4J cache mode of the layers: NONE (the module's setting) or DEVICE (default: "
                    + "${DEFAULT-VALUE})")
    CacheMode cacheMode;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "IDX files to cut batches from (default: the sample shipped with the module)")
    Path dataDir;

    @Option(names = "--debug", description = "print stack traces of errors (default: ${DEFAULT-VALUE})")
    boolean debug;

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(Cli.execute(new MnistStepBenchmark(), args));
    }

    @Override
    public Integer call() {
        if (steps < 1 || warmup < 0) {
            throw new UserException("--steps must be at least 1 and --warmup at least 0");
        }
        MnistConfig d = MnistConfig.defaults();
        MnistConfig config = new MnistConfig(Cell.parse(cell), layers, units, 0, d.init(), batch, d.learningRate(),
                d.learningRateDecay(), 1,
                0, d.seed());
        Seeds.init(config.seed());
        MnistSource source = dataDir == null ? MnistSource.sample() : MnistSource.directory(dataDir);
        MnistData.Split train = source.load(true, 0);
        if (train.size() < batch) {
            throw new UserException("need at least " + batch + " training images, got " + train.size());
        }
        MultiLayerConfiguration conf = MnistNetwork.configuration(config, train.height(), train.width());
        conf.getConfs().forEach(c -> c.setCacheMode(cacheMode));
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        int batchesPerPass = train.size() / batch;
        DataSet[] batches = new DataSet[batchesPerPass];
        int[] order = MnistData.shuffledOrder(train.size(), config.seed(), 1);
        for (int b = 0; b < batchesPerPass; b++) {
            batches[b] = train.batch(order, b * batch, (b + 1) * batch);
        }
        for (int i = 0; i < warmup; i++) {
            net.fit(batches[i % batchesPerPass]);
        }
        StartGate.await("dl4j");
        double[] ms = new double[steps];
        for (int i = 0; i < steps; i++) {
            DataSet ds = batches[(warmup + i) % batchesPerPass];
            long t0 = System.nanoTime();
            net.fit(ds);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT,
                "dl4j cell=%s layers=%d steps=%d median_ms=%.2f p10_ms=%.2f p90_ms=%.2f threads=%s cache=%s%n",
                config.cell(), layers, steps, percentile(ms, 0.5), percentile(ms, 0.1), percentile(ms, 0.9),
                Nd4j.getEnvironment().maxThreads(), cacheMode);
        return 0;
    }

    private static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
