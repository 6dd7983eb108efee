package org.rnnsuite.mnist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.run.Charts;
import org.rnnsuite.common.run.Checkpoint;
import org.rnnsuite.common.cli.Cli;
import org.rnnsuite.common.cli.CommonOptions;
import org.rnnsuite.common.run.MetricsCsv;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.run.RunInfo;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.layers.WeightInitChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line of the MNIST sequence classifier: {@code train}, {@code evaluate} and {@code predict}
 * (run through {@code ./rnn mnist ...}).
 */
@Command(name = "mnist", mixinStandardHelpOptions = true, version = "mnist-classifier 0.1.0",
        description = "Row-by-row MNIST sequence classifier: each image is a sequence of its rows.",
        subcommands = {MnistCommand.Train.class, MnistCommand.Evaluate.class, MnistCommand.Predict.class})
public class MnistCommand implements Callable<Integer> {
    /** Workflow name recorded in models and run directories. */
    public static final String WORKFLOW = "mnist";
    /** Zip entry of a model holding the image size and configuration it was trained with. */
    public static final String MODEL_INFO_ENTRY = "mnist.json";
    /** Columns of {@code metrics.csv}. */
    public static final String[] COLUMNS = {"epoch", "train_loss", "train_accuracy", "test_accuracy", "seconds"};
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(Cli.execute(new MnistCommand(), args));
    }

    /** Without a subcommand: prints the usage and fails. */
    @Override
    public Integer call() {
        throw new UserException("missing subcommand: train, evaluate or predict (see mnist --help)");
    }

    /** {@code mnist train}: trains a classifier and writes its run directory. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train the classifier; prints 'epoch N train accuracy: X test accuracy: Y' each epoch "
                    + "and writes metrics.csv, accuracy.png, model.zip, evaluation.txt, run.json into --out.")
    public static class Train implements Callable<Integer> {
        @Mixin
        CommonOptions common = new CommonOptions();

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "directory of the 4 IDX files (plain or .gz) (default: DL4J's MNIST cache, else "
                        + "the small sample shipped with the module)")
        Path dataDir;

        @Option(names = "--epochs", paramLabel = "N", defaultValue = "" + MnistConfig.DEFAULT_EPOCHS,
                description = "passes over the training set (default: ${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--cell", paramLabel = "CELL", defaultValue = "basic",
                description = "recurrent cell: basic, lstm, peephole or gru (default: ${DEFAULT-VALUE})")
        String cell;

        @Option(names = "--layers", paramLabel = "N", defaultValue = "" + MnistConfig.DEFAULT_LAYERS,
                description = "stacked recurrent layers (default: ${DEFAULT-VALUE})")
        int layers;

        @Option(names = "--units", paramLabel = "N", defaultValue = "" + MnistConfig.DEFAULT_UNITS,
                description = "recurrent units per layer (default: ${DEFAULT-VALUE})")
        int units;

        @Option(names = "--dropout", paramLabel = "P", defaultValue = "" + MnistConfig.DEFAULT_DROPOUT,
                description = "probability of dropping an input of each recurrent layer after the first, "
                        + "while training (default: ${DEFAULT-VALUE})")
        double dropout;

        @Option(names = "--init", paramLabel = "INIT", defaultValue = "xavier",
                description = "weight initialisation: xavier or he (default: ${DEFAULT-VALUE})")
        String init;

        @Option(names = "--batch", paramLabel = "N", defaultValue = "" + MnistConfig.DEFAULT_BATCH,
                description = "mini-batch size (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--lr", paramLabel = "X", defaultValue = "" + MnistConfig.DEFAULT_LEARNING_RATE,
                description = "Adam learning rate (default: ${DEFAULT-VALUE})")
        double lr;

        @Option(names = "--limit-train", paramLabel = "N", defaultValue = "0",
                description = "use only the first N training images, 0 = all (default: ${DEFAULT-VALUE})")
        int limitTrain;

        @Option(names = "--resume",
                description = "continue the run in --out from its last checkpoint (default: ${DEFAULT-VALUE})")
        boolean resume;

        /**
         * @return the configuration given by the options
         * @throws UserException for an invalid value
         */
        public MnistConfig config() {
            return new MnistConfig(Cell.parse(cell), layers, units, dropout, parseInit(init), batch, lr, epochs,
                    limitTrain, common.seed);
        }

        @Override
        public Integer call() {
            MnistConfig config = config();
            Seeds.init(config.seed());
            if (resume && common.out == null) {
                throw new UserException("--resume needs --out DIR: the run directory to continue");
            }
            Path out = common.outDir(WORKFLOW);
            MnistSource source = MnistSource.locate(dataDir);
            if (source.isSample()) {
                System.err.println("note: no MNIST files found (no --data-dir, none in DL4J's cache, download "
                        + "failed): training on " + source.description());
            } else {
                System.out.println("data: " + source.description());
            }
            MnistData.Split train = source.load(true, config.limitTrain());
            MnistData.Split test = source.load(false, 0);

            Instant start = Instant.now();
            Path csv = out.resolve("metrics.csv");
            Path configFile = out.resolve("config.json");
            MultiLayerNetwork net = null;
            MetricsCsv metrics;
            double secondsBefore = 0;
            if (resume) {
                net = Checkpoint.resumeNetwork(out, WORKFLOW).orElse(null);
            }
            if (net != null) {
                MnistConfig saved = readConfig(configFile);
                if (saved != null && !saved.resumableWith(config)) {
                    throw new UserException("--resume: " + out + " was trained with " + saved
                            + "; give the same options (only --epochs may change)");
                }
                metrics = MetricsCsv.resume(csv, net.getEpochCount(), COLUMNS);
                double[] secs = metrics.column("seconds");
                secondsBefore = secs.length == 0 ? 0 : secs[secs.length - 1];
                System.out.println("resuming " + out + " after epoch " + net.getEpochCount());
            } else {
                if (resume) {
                    System.out.println("no checkpoint in " + out + ": starting from epoch 1");
                }
                net = MnistNetwork.create(config, train.height(), train.width());
                metrics = MetricsCsv.create(csv, COLUMNS);
                writeJson(configFile, config);
            }
            System.out.printf(Locale.ROOT, "training %s cell, %d layer(s) of %d units on %d images of %d × %d "
                            + "(%d test), %d epochs -> %s%n", config.cell(), config.layers(), config.units(),
                    train.size(), train.height(), train.width(), test.size(), config.epochs(), out);
            System.out.flush();

            MnistTrainer trainer = new MnistTrainer(config, common.quiet);
            MnistTrainer.Result result = trainer.train(net, train, test, secondsBefore, (n, m) -> {
                System.out.println(m.line());
                System.out.flush();
                metrics.append(m.epoch(), m.trainLoss(), m.trainAccuracy(), m.testAccuracy(), m.seconds());
                Charts.fromCsv(csv, out.resolve("accuracy.png"), "MNIST sequence classifier (" + config.cell()
                        + " cell)", "accuracy", List.of("train_accuracy", "test_accuracy"));
                Checkpoint.save(n, out, WORKFLOW);
            });

            ModelIO.save(result.network(), out.resolve("model.zip"), WORKFLOW,
                    Map.of(MODEL_INFO_ENTRY, modelInfo(config, train.height(), train.width())));
            Evaluation eval = result.evaluation();
            String stats = eval.stats(false, true);
            AtomicFiles.writeString(out.resolve("evaluation.txt"), stats + "\n");
            System.out.println(stats);

            Map<String, Object> finals = new LinkedHashMap<>();
            finals.put("epochs", result.network().getEpochCount());
            finals.put("test_accuracy", eval.accuracy());
            double[] acc = metrics.column("test_accuracy");
            double[] ep = metrics.column("epoch");
            double[] secs = metrics.column("seconds");
            for (int i = 0; i < acc.length; i++) {
                if (acc[i] >= 0.98) {
                    finals.put("first_epoch_test_accuracy_0.980", (int) ep[i]);
                    finals.put("seconds_to_test_accuracy_0.980", secs[i]);
                    break;
                }
            }
            finals.put("training_seconds", result.seconds());
            finals.put("train_images", train.size());
            finals.put("data", source.description());
            RunInfo.write(out, WORKFLOW, config, start, Instant.now(), finals);
            System.out.printf(Locale.ROOT, "test accuracy %.4f after %d epochs; model: %s%n", eval.accuracy(),
                    result.network().getEpochCount(), out.resolve("model.zip"));
            return 0;
        }
    }

    /** {@code mnist evaluate}: accuracy, per-class figures and confusion matrix of a model on the test set. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Evaluate a trained model on the test set: accuracy, per-class precision/recall, "
                    + "confusion matrix.")
    public static class Evaluate implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model.zip written by train")
        Path model;

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "directory of the IDX files (default: DL4J's MNIST cache, else the small sample)")
        Path dataDir;

        @Option(names = "--seed", defaultValue = "" + Seeds.DEFAULT_SEED,
                description = "random seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--debug", description = "print stack traces of errors (default: ${DEFAULT-VALUE})")
        boolean debug;

        @Override
        public Integer call() {
            Seeds.init(seed);
            MultiLayerNetwork net = ModelIO.loadNetwork(model, WORKFLOW);
            int[] hw = imageSize(model);
            MnistSource source = MnistSource.locate(dataDir);
            if (source.isSample()) {
                System.err.println("note: no MNIST files found: evaluating on " + source.description());
            }
            MnistData.Split test = source.load(false, 0);
            if (test.height() != hw[0] || test.width() != hw[1]) {
                throw new UserException(model + " was trained on " + hw[0] + " × " + hw[1] + " images but the test "
                        + "images are " + test.height() + " × " + test.width());
            }
            Evaluation eval = MnistTrainer.evaluate(net, test);
            System.out.printf(Locale.ROOT, "accuracy: %.4f (%d test images, %s)%n", eval.accuracy(), test.size(),
                    source.description());
            System.out.println(eval.stats(false, true));
            return 0;
        }
    }

    /** {@code mnist predict}: the class and the 10 probabilities of digit pictures. */
    @Command(name = "predict", mixinStandardHelpOptions = true,
            description = "Classify pictures of digits (PNG/JPEG, any size; converted to MNIST's 28 × 28 grey, "
                    + "light digit on dark, centred).")
    public static class Predict implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model.zip written by train")
        Path model;

        @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "PNG or JPEG files")
        List<Path> images;

        @Option(names = "--debug", description = "print stack traces of errors (default: ${DEFAULT-VALUE})")
        boolean debug;

        @Override
        public Integer call() {
            Seeds.init(Seeds.DEFAULT_SEED);
            MultiLayerNetwork net = ModelIO.loadNetwork(model, WORKFLOW);
            int[] hw = imageSize(model);
            for (Path image : images) {
                float[][] grey = DigitImage.read(image, hw[0], hw[1]);
                INDArray p = net.output(DigitImage.toSequence(grey), false);
                int best = p.argMax(1).getInt(0);
                StringBuilder sb = new StringBuilder();
                sb.append(image).append(": ").append(best).append("  probabilities");
                for (int k = 0; k < MnistData.CLASSES; k++) {
                    sb.append(String.format(Locale.ROOT, " %d=%.4f", k, p.getDouble(0, k)));
                }
                System.out.println(sb);
            }
            return 0;
        }
    }

    static WeightInitChoice parseInit(String name) {
        try {
            return WeightInitChoice.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("unknown --init '" + name + "': expected xavier or he");
        }
    }

    /**
     * @param config the configuration
     * @param height rows of the training images
     * @param width  columns of the training images
     * @return the {@value #MODEL_INFO_ENTRY} entry stored in a model zip
     */
    static byte[] modelInfo(MnistConfig config, int height, int width) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("height", height);
        info.put("width", width);
        info.put("config", config);
        try {
            return JSON.writeValueAsBytes(info);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param model a model zip
     * @return {height, width} of the images it was trained on (28 × 28 if not recorded)
     */
    static int[] imageSize(Path model) {
        return ModelIO.readExtra(model, MODEL_INFO_ENTRY).map(b -> {
            try {
                Map<?, ?> m = JSON.readValue(new String(b, StandardCharsets.UTF_8), Map.class);
                return new int[] {((Number) m.get("height")).intValue(), ((Number) m.get("width")).intValue()};
            } catch (IOException | RuntimeException e) {
                throw new UserException(model + ": unreadable " + MODEL_INFO_ENTRY + " (" + e.getMessage() + ")", e);
            }
        }).orElse(new int[] {28, 28});
    }

    private static void writeJson(Path file, MnistConfig config) {
        try {
            AtomicFiles.writeString(file, JSON.writeValueAsString(config) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MnistConfig readConfig(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            Map<?, ?> m = JSON.readValue(Files.readString(file), Map.class);
            return new MnistConfig(Cell.parse(String.valueOf(m.get("cell"))), ((Number) m.get("layers")).intValue(),
                    ((Number) m.get("units")).intValue(), ((Number) m.get("dropout")).doubleValue(),
                    parseInit(String.valueOf(m.get("init"))), ((Number) m.get("batch")).intValue(),
                    ((Number) m.get("learningRate")).doubleValue(), ((Number) m.get("epochs")).intValue(),
                    ((Number) m.get("limitTrain")).intValue(), ((Number) m.get("seed")).longValue());
        } catch (IOException | RuntimeException e) {
            throw new UserException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
