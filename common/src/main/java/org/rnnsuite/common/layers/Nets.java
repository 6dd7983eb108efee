package org.rnnsuite.common.layers;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;

/**
 * Network-wide defaults shared by the workflows: seed, float32, Adam ({@link FastAdam}), weight init, clipping,
 * truncated BPTT.
 */
public final class Nets {
    private Nets() {
    }

    /**
     * A configuration builder with the project's defaults.
     *
     * @param seed         random seed (default {@value Seeds#DEFAULT_SEED})
     * @param learningRate Adam learning rate (the chapter uses 0.001)
     * @param init         weight initialisation (Xavier by default)
     * @param clipNorm     gradient clipping: maximum L2 norm of each layer's gradient; 0 = no clipping
     * @return the builder (float32 parameters)
     */
    public static NeuralNetConfiguration.Builder builder(long seed, double learningRate, WeightInitChoice init,
                                                         double clipNorm) {
        return builder(seed, learningRate, 1.0, init, clipNorm);
    }

    /**
     * A configuration builder with the project's defaults and a learning rate that decays by epoch.
     *
     * @param seed          random seed (default {@value Seeds#DEFAULT_SEED})
     * @param learningRate  Adam learning rate of the first epoch
     * @param decayPerEpoch factor applied to the learning rate after every epoch, in (0, 1]: epoch {@code e}
     *                      (from 1) trains with {@code learningRate * decayPerEpoch^(e-1)} (PyTorch's
     *                      {@code ExponentialLR} stepped once per epoch); 1 = constant
     * @param init          weight initialisation (Xavier by default)
     * @param clipNorm      gradient clipping: maximum L2 norm of each layer's gradient; 0 = no clipping
     * @return the builder (float32 parameters)
     */
    public static NeuralNetConfiguration.Builder builder(long seed, double learningRate, double decayPerEpoch,
                                                         WeightInitChoice init, double clipNorm) {
        if (!(decayPerEpoch > 0 && decayPerEpoch <= 1)) {
            throw new UserException("--learning-rate-decay must be in (0, 1], got " + decayPerEpoch);
        }
        Adam adam = decayPerEpoch == 1.0 ? new FastAdam(learningRate)
                : new FastAdam(new ExponentialSchedule(ScheduleType.EPOCH, learningRate, decayPerEpoch));
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(adam)
                .weightInit(init.dl4j());
        if (clipNorm > 0) {
            b.gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(clipNorm);
        }
        return b;
    }

    /**
     * Turns on truncated backpropagation through time.
     *
     * @param b      the list builder, after its layers were added
     * @param length forward and backward length in time steps; 0 = full BPTT (unchanged)
     * @return the builder
     */
    public static MultiLayerConfiguration.Builder tbptt(MultiLayerConfiguration.Builder b, int length) {
        if (length < 0) {
            throw new UserException("--tbptt must be 0 (off) or positive, got " + length);
        }
        if (length > 0) {
            b.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(length).tBPTTBackwardLength(length);
        }
        return b;
    }

    /**
     * DL4J's dropout takes the probability of <em>keeping</em> a unit; the command lines take the probability of
     * dropping it, as PyTorch does.
     *
     * @param dropProbability probability of dropping a unit, in (0, 1)
     * @return the dropout (DL4J's inverted dropout, {@link FastDropout}; active only while training)
     */
    public static IDropout dropout(double dropProbability) {
        return new FastDropout(1.0 - dropProbability);
    }
}
