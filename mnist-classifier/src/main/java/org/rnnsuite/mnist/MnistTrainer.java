package org.rnnsuite.mnist;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.rnnsuite.common.run.LossRecorder;
import org.rnnsuite.common.run.Progress;
import org.rnnsuite.common.UserException;

/**
 * Trains the classifier as the tutorial does: each epoch runs over the training set in shuffled mini-batches,
 * then reports the accuracy on the last mini-batch ({@code Train accuracy}) and on the whole test set
 * ({@code Test accuracy}). Never prints, never exits: per-epoch results go to an {@link EpochListener}.
 */
public final class MnistTrainer {
    /** Examples per forward pass when evaluating (memory bound only; does not change results). */
    public static final int EVAL_BATCH = 1000;

    private final MnistConfig config;
    private final boolean quiet;

    /**
     * One epoch's figures.
     *
     * @param epoch         epoch number, from 1
     * @param trainLoss     mean cross-entropy of the epoch's mini-batches
     * @param trainAccuracy accuracy on the epoch's last mini-batch (the tutorial's {@code Train accuracy})
     * @param testAccuracy  accuracy on the whole test set
     * @param seconds       wall-clock seconds since the start of training (including earlier, resumed runs)
     */
    public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double testAccuracy,
                               double seconds) {
        /** @return the tutorial's line, e.g. {@code epoch 3 train accuracy: 0.9667 test accuracy: 0.9592} */
        public String line() {
            return String.format(Locale.ROOT, "epoch %d train accuracy: %.4f test accuracy: %.4f", epoch,
                    trainAccuracy, testAccuracy);
        }
    }

    /**
     * What training produced.
     *
     * @param network    the trained network
     * @param epochs     the figures of the epochs run by this call
     * @param evaluation the final evaluation on the test set (accuracy, per-class figures, confusion matrix)
     * @param seconds    wall-clock seconds since the start of training (including earlier, resumed runs)
     */
    public record Result(MultiLayerNetwork network, List<EpochMetrics> epochs, Evaluation evaluation,
                         double seconds) {
    }

    /** Called after every epoch, e.g. to print, save metrics and checkpoint. */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * @param network the network after the epoch
         * @param metrics the epoch's figures
         */
        void epochDone(MultiLayerNetwork network, EpochMetrics metrics);
    }

    /**
     * @param config the hyper-parameters (epochs, batch size and seed are used here)
     * @param quiet  true to show no progress bar
     */
    public MnistTrainer(MnistConfig config, boolean quiet) {
        this.config = config;
        this.quiet = quiet;
    }

    /**
     * Trains a new network.
     *
     * @param train the training split
     * @param test  the test split
     * @return the result
     */
    public Result train(MnistData.Split train, MnistData.Split test) {
        return train(MnistNetwork.create(config, train.height(), train.width()), train, test, 0, (n, m) -> { });
    }

    /**
     * Trains a network from its current epoch count up to {@code config.epochs()} (a fresh network starts at
     * epoch 1, a resumed one after its last finished epoch).
     *
     * @param net           the network
     * @param train         the training split
     * @param test          the test split
     * @param secondsBefore wall-clock seconds already spent by earlier runs (for a resumed run)
     * @param listener      called after every epoch
     * @return the result
     */
    public Result train(MultiLayerNetwork net, MnistData.Split train, MnistData.Split test, double secondsBefore,
                        EpochListener listener) {
        if (train.height() != test.height() || train.width() != test.width()) {
            throw new UserException("training images are " + train.height() + " × "
                    + train.width() + " but test images " + test.height() + " × " + test.width());
        }
        long start = System.nanoTime();
        LossRecorder recorder = new LossRecorder();
        net.setListeners(recorder);
        List<EpochMetrics> done = new ArrayList<>();
        int n = train.size();
        int batches = (n + config.batch() - 1) / config.batch();
        for (int epoch = net.getEpochCount() + 1; epoch <= config.epochs(); epoch++) {
            recorder.reset();
            int[] order = MnistData.shuffledOrder(n, config.seed(), epoch);
            DataSet last = null;
            try (Progress bar = Progress.start("epoch " + epoch + "/" + config.epochs(), batches, "batches",
                    quiet)) {
                recorder.attach(bar);
                for (int from = 0; from < n; from += config.batch()) {
                    last = train.batch(order, from, Math.min(n, from + config.batch()));
                    net.fit(last);
                }
                recorder.attach(null);
            }
            net.incrementEpochCount();
            double trainAcc = accuracy(net, last);
            double testAcc = evaluate(net, test).accuracy();
            double seconds = secondsBefore + (System.nanoTime() - start) / 1e9;
            EpochMetrics m = new EpochMetrics(epoch, recorder.meanLoss(), trainAcc, testAcc, seconds);
            done.add(m);
            listener.epochDone(net, m);
        }
        Evaluation eval = evaluate(net, test);
        return new Result(net, done, eval, secondsBefore + (System.nanoTime() - start) / 1e9);
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
