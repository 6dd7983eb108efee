package org.rnnsuite.timeseries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.rnnsuite.common.layers.FastSimpleRnnImpl;
import org.rnnsuite.common.Seeds;

class TimeSeriesNetworkTest {
    private static final TimeSeriesConfig SMALL = TimeSeriesConfig.tiny();

    @Test
    void tutorialNetworkShape() {
        TimeSeriesConfig c = TimeSeriesConfig.defaults();
        MultiLayerNetwork net = TimeSeriesNetwork.build(c);
        assertTrue(net.getLayerWiseConfigurations().getConf(0).getLayer() instanceof SimpleRnn);
        // basic cell: W [1,100] + RW [100,100] + b [100]; projection W [100,1] + b [1]
        assertEquals(1 * 100 + 100 * 100 + 100 + 100 + 1, net.numParams());
        DataSet b = TimeSeriesData.nextBatch(new Random(1), 50, 20);
        assertArrayEquals(new long[]{50, 1, 20}, net.output(b.getFeatures()).shape());
    }

    @Test
    void bothProjectionsGiveIdenticalOutputsAndGradientsForIdenticalWeights() {
        for (int layers : new int[]{1, 3}) {
            MultiLayerNetwork stacked = TimeSeriesNetwork.build(SMALL.withLayers(layers).withProjection(Projection.STACKED));
            MultiLayerNetwork wrapper = TimeSeriesNetwork.build(SMALL.withLayers(layers).withSeed(7)
                    .withProjection(Projection.WRAPPER));
            assertEquals(stacked.numParams(), wrapper.numParams());
            assertNotEquals(stacked.params(), wrapper.params());
            wrapper.setParams(stacked.params().dup());

            DataSet b = TimeSeriesData.nextBatch(new Random(5), 16, 20);
            INDArray outS = stacked.output(b.getFeatures(), false);
            INDArray outW = wrapper.output(b.getFeatures(), false);
            assertArrayEquals(outS.shape(), outW.shape());
            assertTrue(outS.equalsWithEps(outW, 1e-6), "outputs differ with " + layers + " layer(s)");

            stacked.setInput(b.getFeatures());
            stacked.setLabels(b.getLabels());
            stacked.computeGradientAndScore();
            wrapper.setInput(b.getFeatures());
            wrapper.setLabels(b.getLabels());
            wrapper.computeGradientAndScore();
            assertEquals(stacked.score(), wrapper.score(), 1e-6 * Math.max(1, stacked.score()));
            assertTrue(stacked.gradient().gradient().equalsWithEps(wrapper.gradient().gradient(), 1e-5),
                    "gradients differ with " + layers + " layer(s)");
        }
    }

    @Test
    void fusedBasicCellEqualsDl4jSimpleRnn() {
        for (int layers : new int[]{1, 3}) {
            for (String act : new String[]{"relu", "tanh"}) {
                TimeSeriesConfig c = new TimeSeriesConfig(10, 16, 20, 32, act, org.rnnsuite.common.layers.Cell.BASIC, layers,
                        0.0, 0, 0.005, Projection.STACKED, TimeSeriesConfig.FUSED, 42, null, null, 1);
                MultiLayerNetwork fused = TimeSeriesNetwork.build(c);
                MultiLayerNetwork dl4j = TimeSeriesNetwork.build(c.withRnnImpl(TimeSeriesConfig.DL4J));
                assertTrue(fused.getLayer(0) instanceof FastSimpleRnnImpl);
                assertTrue(!(dl4j.getLayer(0) instanceof FastSimpleRnnImpl));
                assertEquals(dl4j.params(), fused.params(), "same parameters, same order, same initialisation");
                for (int it = 0; it < 3; it++) {
                    DataSet b = TimeSeriesData.nextBatch(new Random(it), 16, 20);
                    assertTrue(fused.output(b.getFeatures(), false).equalsWithEps(dl4j.output(b.getFeatures(), false),
                            1e-5), act + " " + layers + " output");
                    fused.setInput(b.getFeatures());
                    fused.setLabels(b.getLabels());
                    fused.computeGradientAndScore();
                    dl4j.setInput(b.getFeatures());
                    dl4j.setLabels(b.getLabels());
                    dl4j.computeGradientAndScore();
                    assertEquals(dl4j.score(), fused.score(), 1e-5 * Math.max(1, dl4j.score()));
                    assertTrue(fused.gradient().gradient().equalsWithEps(dl4j.gradient().gradient(), 1e-4),
                            act + " " + layers + " gradient");
                    fused.fit(b);
                    dl4j.fit(b);
                }
                assertTrue(fused.params().equalsWithEps(dl4j.params(), 1e-4), act + " " + layers + " after fit");
                // other mini-batch sizes and sequence lengths reuse or reallocate the buffers
                DataSet small = TimeSeriesData.nextBatch(new Random(9), 3, 7);
                assertTrue(fused.output(small.getFeatures(), false).equalsWithEps(
                        dl4j.output(small.getFeatures(), false), 1e-4));
            }
        }
    }

    @Test
    void fusedBasicCellWithTruncatedBpttTrains() {
        TimeSeriesConfig c = SMALL.withIterations(5);
        TimeSeriesConfig t = new TimeSeriesConfig(5, 16, 20, 32, "relu", org.rnnsuite.common.layers.Cell.BASIC, 1, 0.0, 10,
                0.005, Projection.STACKED, TimeSeriesConfig.FUSED, 42, null, null, 1);
        MultiLayerNetwork net = TimeSeriesNetwork.build(t);
        DataSet b = TimeSeriesData.nextBatch(new Random(1), 16, 20);
        double before = TimeSeriesPredictor.mse(net, b.getFeatures(), b.getLabels());
        for (int i = 0; i < 20; i++) {
            net.fit(b);
        }
        assertTrue(TimeSeriesPredictor.mse(net, b.getFeatures(), b.getLabels()) < before);
        assertEquals(c.steps(), 20);
    }

    @Test
    void sameSeedSameParameters() {
        assertEquals(TimeSeriesNetwork.build(SMALL).params(), TimeSeriesNetwork.build(SMALL).params());
        assertNotEquals(TimeSeriesNetwork.build(SMALL).params(), TimeSeriesNetwork.build(SMALL.withSeed(1)).params());
    }

    @Test
    void dropoutBetweenLayersOnlyWhileTraining() {
        Seeds.init(42);
        MultiLayerNetwork net = TimeSeriesNetwork.build(SMALL.withLayers(3).withDropout(0.5));
        INDArray x = TimeSeriesData.nextBatch(new Random(2), 8, 20).getFeatures();
        INDArray a = net.output(x, false);
        INDArray b = net.output(x, false);
        assertEquals(a, b, "inference must be deterministic");
        INDArray t1 = net.output(x, true);
        INDArray t2 = net.output(x, true);
        assertNotEquals(a, t1, "training mode must apply dropout");
        assertNotEquals(t1, t2, "each training pass draws a new dropout mask");
        // predict() runs in inference mode
        double[] p1 = TimeSeriesPredictor.predict(net, TimeSeriesData.timeSeries(new double[]{1, 1.1, 1.2, 1.3}));
        double[] p2 = TimeSeriesPredictor.predict(net, TimeSeriesData.timeSeries(new double[]{1, 1.1, 1.2, 1.3}));
        assertArrayEquals(p1, p2, 0.0);
        // without dropout, train and inference passes agree
        MultiLayerNetwork plain = TimeSeriesNetwork.build(SMALL.withLayers(3));
        assertTrue(plain.output(x, true).equalsWithEps(plain.output(x, false), 1e-6));
    }
}
