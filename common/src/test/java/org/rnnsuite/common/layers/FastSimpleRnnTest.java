package org.rnnsuite.common.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** {@link FastSimpleRnn} (the basic cell of {@link Cell#BASIC}) computes exactly what DL4J's {@link SimpleRnn} does. */
class FastSimpleRnnTest {
    private static final int BATCH = 5;
    private static final int N_IN = 4;
    private static final int UNITS = 6;
    private static final int STEPS = 7;

    /** The MNIST shape: two recurrent layers, the last one's final step into a softmax. */
    private static MultiLayerNetwork classifier(boolean fused) {
        NeuralNetConfiguration.ListBuilder b = Nets.builder(3, 1e-2, WeightInitChoice.XAVIER, 0).list();
        b.layer(basic(fused, N_IN));
        b.layer(new LastTimeStep(basic(fused, UNITS)));
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(UNITS).nOut(3)
                .activation(Activation.SOFTMAX).build());
        b.setInputType(InputType.recurrent(N_IN, STEPS));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    /** The activation of the recurrent layers built by {@link #classifier}: tanh (the chapter's) or ReLU. */
    private static Activation activation = Activation.TANH;

    private static BaseRecurrentLayer basic(boolean fused, int nIn) {
        return fused ? Cell.BASIC.layer(nIn, UNITS, activation)
                : new SimpleRnn.Builder().nIn(nIn).nOut(UNITS).activation(activation).build();
    }

    private static DataSet batch(long seed, boolean masked) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(BATCH, N_IN, STEPS).subi(0.5);
        INDArray y = Nd4j.zeros(BATCH, 3);
        for (int i = 0; i < BATCH; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        if (!masked) {
            return new DataSet(x, y);
        }
        INDArray mask = Nd4j.ones(BATCH, STEPS);
        for (int i = 0; i < BATCH; i++) {
            for (int t = STEPS - i; t < STEPS; t++) {
                mask.putScalar(i, t, 0.0);
            }
        }
        return new DataSet(x, y, mask, null);
    }

    @Test
    void basicCellIsTheFusedLayer() {
        assertTrue(Cell.BASIC.layer(2, 3, Activation.TANH) instanceof FastSimpleRnn);
        assertTrue(classifier(true).getLayer(0) instanceof FastSimpleRnnImpl);
    }

    @Test
    void sameOutputsGradientsAndTrainingAsSimpleRnn() {
        activation = Activation.TANH;
        sameAsSimpleRnn();
    }

    /** ReLU (the time-series predictor's activation) has its own fused kernel. */
    @Test
    void sameOutputsGradientsAndTrainingAsSimpleRnnWithRelu() {
        activation = Activation.RELU;
        try {
            sameAsSimpleRnn();
        } finally {
            activation = Activation.TANH;
        }
    }

    private static void sameAsSimpleRnn() {
        for (boolean masked : new boolean[] {false, true}) {
            MultiLayerNetwork fused = classifier(true);
            MultiLayerNetwork plain = classifier(false);
            assertEquals(plain.params(), fused.params(), "same parameters in the same order");
            for (int it = 0; it < 4; it++) {
                DataSet d = batch(it, masked);
                INDArray a = fused.output(d.getFeatures(), false, d.getFeaturesMaskArray(), null);
                INDArray b = plain.output(d.getFeatures(), false, d.getFeaturesMaskArray(), null);
                assertTrue(a.equalsWithEps(b, 1e-5), "output, masked=" + masked);
                for (MultiLayerNetwork n : new MultiLayerNetwork[] {fused, plain}) {
                    n.setInput(d.getFeatures());
                    n.setLabels(d.getLabels());
                    n.setLayerMaskArrays(d.getFeaturesMaskArray(), null);
                    n.computeGradientAndScore();
                    n.clearLayerMaskArrays();
                }
                assertEquals(plain.score(), fused.score(), 1e-5);
                assertTrue(fused.gradient().gradient().equalsWithEps(plain.gradient().gradient(), 1e-5),
                        "gradient, masked=" + masked);
                fused.fit(d);
                plain.fit(d);
            }
            assertTrue(fused.params().equalsWithEps(plain.params(), 1e-5), "after training, masked=" + masked);
        }
    }
}
