package org.rnnsuite.common.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** {@link FastAdam} gives bit for bit the updates of DL4J's {@link Adam} (ND4J's {@code adam_updater} op). */
class FastAdamTest {

    /** Runs both updaters on the same gradients; every update and state value must be the same float. */
    private static void sameBits(Adam plainConfig, FastAdam fastConfig, DataType type, int n, int iterations) {
        INDArray plainState = Nd4j.zeros(type, 1, 2L * n);
        INDArray fastState = Nd4j.zeros(type, 1, 2L * n);
        GradientUpdater<?> plain = plainConfig.instantiate(plainState, true);
        GradientUpdater<?> fast = fastConfig.instantiate(fastState, true);
        assertInstanceOf(FastAdam.Updater.class, fast);
        Nd4j.getRandom().setSeed(42);
        for (int it = 0; it < iterations; it++) {
            // gradients of several scales, some zero, as in training
            INDArray g = Nd4j.randn(type, 1, n).muli(Math.pow(10, it % 7 - 4));
            if (it % 5 == 0) {
                g.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n / 3)).assign(0);
            }
            INDArray gPlain = g.dup();
            INDArray gFast = g.dup();
            plain.applyUpdater(gPlain, it, it / 50);
            fast.applyUpdater(gFast, it, it / 50);
            if (type == DataType.FLOAT) {
                assertArrayEquals(gPlain.data().asFloat(), gFast.data().asFloat(), "update at iteration " + it);
                assertArrayEquals(plainState.data().asFloat(), fastState.data().asFloat(), "state at " + it);
            } else {
                assertArrayEquals(gPlain.data().asDouble(), gFast.data().asDouble(), "update at iteration " + it);
            }
        }
    }

    @Test
    void sameUpdatesAsDl4jsAdamBitForBit() {
        // a length that is not a multiple of the Java loop's block
        sameBits(new Adam(0.002), new FastAdam(0.002), DataType.FLOAT, 5003, 400);
    }

    @Test
    void sameUpdatesWithALearningRateSchedule() {
        sameBits(new Adam(new ExponentialSchedule(ScheduleType.EPOCH, 0.002, 0.8)),
                new FastAdam(new ExponentialSchedule(ScheduleType.EPOCH, 0.002, 0.8)), DataType.FLOAT, 777, 300);
        sameBits(new Adam(new ExponentialSchedule(ScheduleType.ITERATION, 0.01, 0.99)),
                new FastAdam(new ExponentialSchedule(ScheduleType.ITERATION, 0.01, 0.99)), DataType.FLOAT, 64, 300);
    }

    @Test
    void doublesGoToDl4jsOwnUpdater() {
        sameBits(new Adam(0.001), new FastAdam(0.001), DataType.DOUBLE, 100, 20);
    }

    private static MultiLayerConfiguration net(IUpdater updater) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(updater).list();
        b.layer(new LastTimeStep(Cell.GRU.layer(3, 8, Activation.TANH)));
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(8).nOut(4)
                .activation(Activation.SOFTMAX).build());
        b.setInputType(InputType.recurrent(3, 6));
        return b.build();
    }

    /** A network trains to the same bits with either, and its configuration keeps FastAdam through JSON. */
    @Test
    void networkTrainsToTheSameParametersAndSurvivesJson() {
        MultiLayerNetwork plain = new MultiLayerNetwork(net(new Adam(0.01)));
        MultiLayerConfiguration fastConf = MultiLayerConfiguration.fromJson(net(new FastAdam(0.01)).toJson());
        IUpdater restored = ((BaseLayer) ((LastTimeStep) fastConf.getConf(0).getLayer()).getUnderlying())
                .getIUpdater();
        assertInstanceOf(FastAdam.class, restored);
        assertEquals(0.01, ((FastAdam) restored).getLearningRate());
        MultiLayerNetwork fast = new MultiLayerNetwork(fastConf);
        plain.init();
        fast.init();
        assertEquals(plain.params(), fast.params());
        Nd4j.getRandom().setSeed(3);
        for (int i = 0; i < 20; i++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 5, 3, 6);
            INDArray y = Nd4j.zeros(DataType.FLOAT, 5, 4);
            for (int r = 0; r < 5; r++) {
                y.putScalar(r, (r + i) % 4, 1f);
            }
            plain.fit(new DataSet(x, y));
            fast.fit(new DataSet(x, y));
        }
        assertArrayEquals(plain.params().data().asFloat(), fast.params().data().asFloat());
        assertArrayEquals(plain.getUpdater().getStateViewArray().data().asFloat(),
                fast.getUpdater().getStateViewArray().data().asFloat());
    }

    @Test
    void equalsOnlyAnotherFastAdam() {
        assertEquals(new FastAdam(0.1), new FastAdam(0.1));
        assertEquals(new FastAdam(0.1), new FastAdam(0.1).clone());
        assertNotEquals(new FastAdam(0.1), new Adam(0.1));
        assertNotEquals(new Adam(0.1), new FastAdam(0.1));
        assertNotEquals(new FastAdam(0.1), new FastAdam(0.2));
    }
}
