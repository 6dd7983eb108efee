package org.rnnsuite.mnist;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.rnnsuite.common.run.Charts;
import org.rnnsuite.common.run.DataFingerprint;
import org.rnnsuite.common.run.LossRecorder;
import org.rnnsuite.common.run.Progress;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.RunSpec;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;

/**
 * Trains the classifier as the tutorial does: each epoch runs over the training set in shuffled mini-batches
 * (a DL4J iterator, {@link EpochIterator}), then reports the accuracy on the last mini-batch ({@code Train
 * accuracy}) and on the whole test set ({@code Test accuracy}). The {@link TrainingRun} keeps the files, the best
 * model (by test accuracy) and the checkpoints, stops early and resumes. Never prints, never exits.
 */
public final class MnistTrainer {
    /** Workflow name recorded in model cards. */
    public static final String WORKFLOW = "mnist";
    /** Examples per forward pass when evaluating (memory bound only; does not change results). */
    public static final int EVAL_BATCH = 1000;
    /** What an MNIST run reports: per epoch, the best model by test accuracy; only {@code epochs} may change. */
    public static final RunSpec SPEC = new RunSpec(WORKFLOW, "epoch",
            List.of("train_loss", "train_accuracy", "test_accuracy"), "test_accuracy", true,
            List.of(new RunSpec.Chart("accuracy.png", "MNIST sequence classifier", "accuracy",
                            List.of("train_accuracy", "test_accuracy")),
                    new RunSpec.Chart("loss.png", "Training loss", "cross-entropy (mean over the epoch)",
                            List.of("train_loss"))),
            Set.of("epochs"));

    private MnistTrainer() {
    }

    /**
     * Opens a run for this workflow: the card records the image size the network reads.
     *
     * @param config  the configuration
     * @param data    the data
     * @param options where and how the run is kept
     * @return the open run
     */
    public static TrainingRun openRun(MnistConfig config, MnistData.Splits data, RunOptions options) {
        MnistNetwork.checkSize(config, data.train().height(), data.train().width());
        DataFingerprint fingerprint = data.source().fingerprint();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("height", data.train().height());
        info.put("width", data.train().width());
        return TrainingRun.open(SPEC, options, config, fingerprint, info, Map.of());
    }

    /**
     * Trains a new network, or continues the run's checkpoint, up to {@code config.epochs()} epochs (or until the
     * run stops early).
     *
     * @param config the hyper-parameters
     * @param data   training and test splits
     * @param run    the run (from {@link #openRun}); it receives one report per epoch
     * @return the result: the best network by test accuracy, the last one, the metrics
     */
    public static TrainingResult<MultiLayerNetwork> train(MnistConfig config, MnistData.Splits data,
                                                          TrainingRun run) {
        MultiLayerNetwork net = run.resumeModel(MultiLayerNetwork.class)
                .orElseGet(() -> MnistNetwork.create(config, data.train().height(), data.train().width()));
        run.log(net.summary());
        LossRecorder recorder = new LossRecorder();
        net.setListeners(run.listeners(recorder));
        for (int epoch = net.getEpochCount() + 1; epoch <= config.epochs(); epoch++) {
            Nd4j.getRandom().setSeed(config.seed() * 1_000_003L + epoch);   // dropout masks: a function of the epoch
            EpochIterator batches = data.train().epoch(config.batch(), config.seed(), epoch);
            recorder.reset();
            try (Progress bar = Progress.start("epoch " + epoch + "/" + config.epochs(), batches.batches(), "batches",
                    run.options().quiet())) {
                recorder.attach(bar);
                net.fit(batches);
                recorder.attach(null);
            }
            double trainAccuracy = accuracy(net, batches.last());
            double testAccuracy = evaluate(net, data.test()).accuracy();
            run.log(String.format(Locale.ROOT, "epoch %d train accuracy: %.4f test accuracy: %.4f", epoch,
                    trainAccuracy, testAccuracy));
            Map<String, Double> metrics = Map.of("train_loss", recorder.meanLoss(), "train_accuracy", trainAccuracy,
                    "test_accuracy", testAccuracy);
            if (!run.report(net, epoch, metrics)) {
                break;
            }
        }
        Map<String, Object> finals = new LinkedHashMap<>();
        finals.put("train_images", data.train().size());
        finals.put("test_images", data.test().size());
        return run.finish(net, finals);
    }

    /**
     * @param net  a network
     * @param data examples with one-hot labels
     * @return the fraction classified right (inference mode: no dropout)
     */
    public static double accuracy(MultiLayerNetwork net, DataSet data) {
        Evaluation e = new Evaluation(MnistData.CLASSES);
        e.eval(data.getLabels(), net.output(data.getFeatures(), false));
        return e.accuracy();
    }

    /**
     * Draws a confusion matrix as a heat map: rows are the true digits, columns the predicted ones.
     *
     * @param eval an evaluation
     * @param png  the PNG file to write
     * @return the PNG path
     */
    public static java.nio.file.Path confusionPng(Evaluation eval, java.nio.file.Path png) {
        int[][] counts = new int[MnistData.CLASSES][MnistData.CLASSES];
        for (int actual = 0; actual < MnistData.CLASSES; actual++) {
            for (int predicted = 0; predicted < MnistData.CLASSES; predicted++) {
                counts[actual][predicted] = eval.getConfusionMatrix().getCount(actual, predicted);
            }
        }
        List<String> labels = java.util.stream.IntStream.range(0, MnistData.CLASSES).mapToObj(Integer::toString)
                .toList();
        return Charts.heatMap(png, String.format(Locale.ROOT, "Confusion matrix (accuracy %.4f)", eval.accuracy()),
                "predicted digit", "true digit", labels, counts);
    }

    /**
     * Evaluates a network on a whole split, {@value #EVAL_BATCH} examples at a time.
     *
     * @param net   a network
     * @param split the examples
     * @return accuracy, per-class precision and recall, confusion matrix
     */
    public static Evaluation evaluate(MultiLayerNetwork net, MnistData.Split split) {
        Evaluation e = new Evaluation(MnistData.CLASSES);
        for (int from = 0; from < split.size(); from += EVAL_BATCH) {
            DataSet d = split.range(from, Math.min(split.size(), from + EVAL_BATCH));
            INDArray out = net.output(d.getFeatures(), false);
            e.eval(d.getLabels(), out);
        }
        return e;
    }
}
