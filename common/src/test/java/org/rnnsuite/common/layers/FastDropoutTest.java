package org.rnnsuite.common.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class FastDropoutTest {
    private static final double KEEP = 0.8;

    /** Applies dropout to {@code x} (of the given order) and checks every element against DL4J's definition. */
    @ParameterizedTest
    @ValueSource(strings = {"c", "f", "view"})
    void keepsEachInputWithProbabilityPScaledByOneOverPAndTheGradientUsesTheSameMask(String layout) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = layout.equals("view")   // as a recurrent layer hands on rows of its time-major buffer
                ? Nd4j.rand(DataType.FLOAT, 30, 150, 150).addi(0.5f).get(NDArrayIndex.interval(1, 29)).permute(1, 2, 0)
                : Nd4j.rand(DataType.FLOAT, 150, 150, 28).dup(layout.charAt(0)).addi(0.5f);   // no zeros
        FastDropout d = new FastDropout(KEEP);
        long before = FastDropout.fastApplications;
        INDArray out = d.applyDropout(x, Nd4j.createUninitialized(DataType.FLOAT, x.shape(), x.ordering()), 0, 0,
                LayerWorkspaceMgr.noWorkspaces());
        assertEquals(before + 1, FastDropout.fastApplications, "the Java path was taken");
        INDArray g = Nd4j.rand(DataType.FLOAT, x.shape()).addi(0.5f);
        for (INDArray grad : new INDArray[] {g.dup('c'), g.dup('f'), g.permute(2, 0, 1).dup('c').permute(1, 2, 0)}) {
            INDArray back = d.backprop(grad, Nd4j.createUninitialized(DataType.FLOAT, x.shape(), grad.ordering()),
                    0, 0);   // the gradient may come in another layout
            long kept = 0;
            float[] xs = x.dup('c').data().asFloat();
            float[] os = out.dup('c').data().asFloat();
            float[] gs = g.dup('c').data().asFloat();
            float[] bs = back.dup('c').data().asFloat();
            for (int i = 0; i < xs.length; i++) {
                if (os[i] == 0f) {
                    assertEquals(0f, bs[i], "dropped input " + i + " passes no gradient");
                } else {
                    kept++;
                    assertEquals(xs[i] / KEEP, os[i], 1e-6 * Math.abs(os[i]), "kept input " + i);
                    assertEquals(gs[i] / KEEP, bs[i], 1e-6 * Math.abs(bs[i]), "gradient " + i);
                }
            }
            double fraction = kept / (double) xs.length;
            assertEquals(KEEP, fraction, 0.005, "fraction kept");
        }
    }

    @Test
    void theSameNd4jSeedGivesTheSameMaskAndAnotherSeedAnotherOne() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 20, 30, 7);
        INDArray a = apply(x, 5);
        assertEquals(a, apply(x, 5));
        assertFalse(a.equals(apply(x, 6)));
    }

    private static INDArray apply(INDArray x, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return new FastDropout(KEEP).applyDropout(x, x.ulike(), 0, 0, LayerWorkspaceMgr.noWorkspaces());
    }

    @Test
    void otherTypesGoToDl4jsDropout() {
        INDArray x = Nd4j.ones(DataType.DOUBLE, 20, 30, 7);
        FastDropout d = new FastDropout(KEEP);
        long before = FastDropout.fastApplications;
        INDArray out = d.applyDropout(x, x.ulike(), 0, 0, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(before, FastDropout.fastApplications);
        INDArray back = d.backprop(x, x.ulike(), 0, 0);
        assertEquals(out, back, "DL4J's mask, for the values and the gradient");
        double kept = out.neq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertEquals(KEEP, kept, 0.05);
    }

    /** Every cell's stack trains with the Java path and keeps its configuration through JSON. */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void recurrentStacksUseItAndTheConfigurationSurvivesJson(Cell cell) {
        MultiLayerNetwork net = CellTest.sequenceNet(cell, 2, 0.2);
        MultiLayerConfiguration again = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        assertEquals(net.getLayerWiseConfigurations(), again);
        assertEquals(new FastDropout(0.8), again.getConf(1).getLayer().getIDropout());
        long before = FastDropout.fastApplications;
        Nd4j.getRandom().setSeed(3);
        INDArray in = Nd4j.rand(DataType.FLOAT, 3, 4, 6);
        net.fit(in, Nd4j.rand(DataType.FLOAT, 3, 2, 6));
        assertTrue(FastDropout.fastApplications > before, cell + ": the second layer's input went through the Java path");
    }
}
