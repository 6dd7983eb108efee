package org.rnnsuite.common.layers;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;

/** Network-wide defaults shared by the workflows: seed, float32, Adam, weight init, clipping, truncated BPTT. */
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
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(learningRate))
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
     * @return the DL4J dropout (active only while training)
     */
    public static IDropout dropout(double dropProbability) {
        return new Dropout(1.0 - dropProbability);
    }
}
