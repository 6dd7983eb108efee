package org.rnnsuite.mnist;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.cli.Cli;
import org.rnnsuite.common.cli.CommonOptions;
import org.rnnsuite.common.cli.DebugOption;
import org.rnnsuite.common.cli.ModelOptions;
import org.rnnsuite.common.cli.SuiteVersion;
import org.rnnsuite.common.cli.TrainingOptions;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.layers.WeightInitChoice;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line of the MNIST sequence classifier: {@code train}, {@code evaluate} and {@code predict}
 * (run through {@code ./rnn mnist ...}).
 */
@Command(name = "mnist", mixinStandardHelpOptions = true, versionProvider = SuiteVersion.class,
        description = "Row-by-row MNIST sequence classifier: each image is a sequence of its rows.",
        subcommands = {MnistCommand.Train.class, MnistCommand.Evaluate.class, MnistCommand.Predict.class,
            MnistCommand.Summary.class})
public class MnistCommand implements Callable<Integer> {
    /** {@code --debug}. */
    @Mixin
    DebugOption debug = new DebugOption();

    /** Workflow name recorded in models and run directories. */
    public static final String WORKFLOW = MnistTrainer.WORKFLOW;
    /** The confusion matrix's heat map, in the run directory (training) or beside the model (evaluate). */
    public static final String CONFUSION_PNG = "confusion-matrix.png";

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(Cli.execute(new MnistCommand(), args));
    }

    /** Without a subcommand: prints the usage and fails. */
    @Override
    public Integer call() {
        throw new UserException("missing subcommand: train, evaluate, predict or summary (see mnist --help)");
    }

    /** {@code mnist train}: trains a classifier and writes its run directory. */
    @Command(name = "train", mixinStandardHelpOptions = true, versionProvider = SuiteVersion.class,
            description = "Train the classifier; prints 'epoch N train accuracy: X test accuracy: Y' each epoch "
                    + "and writes metrics.csv, accuracy.png, loss.png, model.zip (the epoch with the best test "
                    + "accuracy), checkpoint.zip (the last epoch), evaluation.txt (of model.zip) and run.json "
                    + "into --out.")
    public static class Train implements Callable<Integer> {
        @Mixin
        TrainingOptions training = new TrainingOptions();

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

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + MnistConfig.DEFAULT_BATCH,
                description = "images per mini-batch (default: ${DEFAULT-VALUE})")
        int batchSize;

        @Option(names = "--learning-rate", paramLabel = "X", defaultValue = "" + MnistConfig.DEFAULT_LEARNING_RATE,
                description = "Adam learning rate (default: ${DEFAULT-VALUE})")
        double learningRate;

        @Option(names = "--learning-rate-decay", paramLabel = "F",
                defaultValue = "" + MnistConfig.DEFAULT_LEARNING_RATE_DECAY,
                description = "multiply the learning rate by F after every epoch, in (0, 1]; 1 = constant "
                        + "(default: ${DEFAULT-VALUE})")
        double learningRateDecay;

        @Option(names = "--limit-train", paramLabel = "N", defaultValue = "0",
                description = "use only the first N training images, 0 = all (default: ${DEFAULT-VALUE})")
        int limitTrain;

        /**
         * @return the configuration given by the options
         * @throws UserException for an invalid value
         */
        public MnistConfig config() {
            return new MnistConfig(Cell.parse(cell), layers, units, dropout, parseInit(init), batchSize, learningRate, learningRateDecay, epochs,
                    limitTrain, training.common.seed);
        }

        @Override
        public Integer call() {
            MnistConfig config = config();
            MnistNetwork.checkSize(config, MnistData.SIDE, MnistData.SIDE);   // before any work (again on the data)
            Seeds.init(config.seed());
            MnistSource source = MnistSource.locate(dataDir);
            if (source.isSample()) {
                System.err.println("note: no MNIST files found (no --data-dir, none in DL4J's cache, download "
                        + "failed): training on " + source.description());
            } else {
                System.out.println("data: " + source.description());
            }
            MnistData.Splits data = MnistData.Splits.load(source, config.limitTrain());
            try (TrainingRun run = MnistTrainer.openRun(config, data, training.runOptions(WORKFLOW))) {
                run.onLog(line -> {
                    System.out.println(line);
                    System.out.flush();
                });
                training.attachUi(run);
                if (run.isResumed()) {
                    System.out.println("resuming " + run.dir() + " after epoch " + (long) run.position());
                }
                System.out.printf(Locale.ROOT, "training %s cell, %d layer(s) of %d units on %d images of %d × %d "
                                + "(%d test), %d epochs -> %s%n", config.cell(), config.layers(), config.units(),
                        data.train().size(), data.train().height(), data.train().width(), data.test().size(),
                        config.epochs(), run.dir());
                System.out.flush();
                TrainingResult<MultiLayerNetwork> result = MnistTrainer.train(config, data, run);
                Evaluation eval = MnistTrainer.evaluate(result.model(), data.test());
                String stats = eval.stats(false, true);
                AtomicFiles.writeString(run.dir().resolve("evaluation.txt"), stats + "\n");
                MnistTrainer.confusionPng(eval, run.dir().resolve(CONFUSION_PNG));
                System.out.println(stats);
                System.out.printf(Locale.ROOT, "best test accuracy %.4f at epoch %d of %d%s; model: %s%n",
                        eval.accuracy(), (long) result.card().position(), (long) result.position(),
                        result.stop() == TrainingResult.Stop.EARLY_STOPPED ? " (stopped early)" : "",
                        result.modelFile());
            }
            return 0;
        }
    }

    /** {@code mnist evaluate}: accuracy, per-class figures and confusion matrix of a model on the test set. */
    @Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = SuiteVersion.class,
            description = "Evaluate a trained model on the test set: accuracy, per-class precision/recall, "
                    + "confusion matrix.")
    public static class Evaluate implements Callable<Integer> {
        @Mixin
        ModelOptions model = new ModelOptions();

        /** {@code --out}: where to write the confusion matrix (default: the model's directory). */
        @Mixin
        CommonOptions common = new CommonOptions();

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "directory of the IDX files (default: DL4J's MNIST cache, else the small sample)")
        Path dataDir;

        @Override
        public Integer call() {
            Seeds.init(common.seed);
            ModelIO.Loaded<MultiLayerNetwork> loaded = ModelIO.load(model.model, WORKFLOW, MultiLayerNetwork.class);
            MultiLayerNetwork net = loaded.model();
            int[] hw = imageSize(loaded);
            MnistSource source = MnistSource.locate(dataDir);
            if (source.isSample()) {
                System.err.println("note: no MNIST files found: evaluating on " + source.description());
            }
            MnistData.Split test = source.load(false, 0);
            if (test.height() != hw[0] || test.width() != hw[1]) {
                throw new UserException(model.model + " was trained on " + hw[0] + " × " + hw[1] + " images but the test "
                        + "images are " + test.height() + " × " + test.width());
            }
            Evaluation eval = MnistTrainer.evaluate(net, test);
            System.out.printf(Locale.ROOT, "accuracy: %.4f (%d test images, %s)%n", eval.accuracy(), test.size(),
                    source.description());
            System.out.println(eval.stats(false, true));
            Path dir = common.out != null ? common.out : ModelIO.modelFile(model.model).toAbsolutePath().getParent();
            System.out.println("confusion matrix: " + MnistTrainer.confusionPng(eval, dir.resolve(CONFUSION_PNG)));
            return 0;
        }
    }

    /** {@code mnist summary}: the network's layers and parameter counts, and what its card says. */
    @Command(name = "summary", mixinStandardHelpOptions = true, versionProvider = SuiteVersion.class,
            description = "Print a trained model's layers, shapes and parameter counts, and its model card: the "
                    + "configuration, data, epoch and metrics it comes from.")
    public static class Summary implements Callable<Integer> {
        @Mixin
        ModelOptions model = new ModelOptions();

        @Mixin
        DebugOption debug = new DebugOption();

        @Override
        public Integer call() {
            ModelIO.Loaded<MultiLayerNetwork> loaded = ModelIO.load(model.model, WORKFLOW, MultiLayerNetwork.class);
            System.out.println(loaded.model().summary());
            System.out.println(loaded.card().describe());
            return 0;
        }
    }

    /** {@code mnist predict}: the class and the 10 probabilities of digit pictures. */
    @Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = SuiteVersion.class,
            description = "Classify pictures of digits (PNG/JPEG, any size; converted to MNIST's 28 × 28 grey, "
                    + "light digit on dark, centred).")
    public static class Predict implements Callable<Integer> {
        @Mixin
        ModelOptions model = new ModelOptions();

        @Mixin
        DebugOption debug = new DebugOption();

        @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "PNG or JPEG files")
        List<Path> images;

        @Override
        public Integer call() {
            Seeds.init(Seeds.DEFAULT_SEED);
            ModelIO.Loaded<MultiLayerNetwork> loaded = ModelIO.load(model.model, WORKFLOW, MultiLayerNetwork.class);
            MultiLayerNetwork net = loaded.model();
            int[] hw = imageSize(loaded);
            for (Path image : images) {
                double[] p = DigitImage.classify(net, image, hw[0], hw[1]);
                StringBuilder sb = new StringBuilder().append(image).append(": ").append(DigitImage.argMax(p))
                        .append("  probabilities");
                for (int k = 0; k < p.length; k++) {
                    sb.append(String.format(Locale.ROOT, " %d=%.4f", k, p[k]));
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
     * @param model a loaded model
     * @return {height, width} of the images it was trained on, from its card
     */
    static int[] imageSize(ModelIO.Loaded<?> model) {
        return new int[] {model.card().number("height").intValue(), model.card().number("width").intValue()};
    }
}
