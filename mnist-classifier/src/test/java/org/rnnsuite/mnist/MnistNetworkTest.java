package org.rnnsuite.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;

class MnistNetworkTest {
    private static boolean gruInstalled() {
        try {
            Class.forName("org.rnnsuite.common.layers.FastGru");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void outputIsTenProbabilitiesPerImageForEveryCell(Cell cell) {
        assumeTrue(cell != Cell.GRU || gruInstalled(), "org.rnnsuite.common.layers.FastGru is not in the installed common jar");
        Seeds.init(7);
        MnistConfig config = MnistConfig.defaults().withCell(cell);
        MultiLayerNetwork net = MnistNetwork.create(config, 28, 28);
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 28, 28);
        INDArray y = net.output(x, false);
        assertArrayEquals(new long[] {5, 10}, y.shape());
        assertEquals(DataType.FLOAT, y.dataType());
        for (int i = 0; i < 5; i++) {
            assertEquals(1.0, y.getRow(i).sumNumber().doubleValue(), 1e-5);
        }
        assertInstanceOf(LastTimeStep.class, net.getLayerWiseConfigurations().getConf(0).getLayer());
    }

    @Test
    void basicCellHasTheTutorialsParameters() {
        MultiLayerNetwork net = MnistNetwork.create(MnistConfig.defaults(), 28, 28);
        // recurrent: W 28×150 + U 150×150 + b 150; softmax: 150×10 + 10
        assertEquals(28 * 150 + 150 * 150 + 150 + 150 * 10 + 10, net.numParams());
    }

    @Test
    void deepStackWithDropoutAndOtherImageSizes() {
        MnistConfig deep = new MnistConfig(Cell.LSTM, 3, 20, 0.3, org.rnnsuite.common.layers.WeightInitChoice.HE, 10,
                0.01, 1.0, 1, 0, 1);
        MultiLayerNetwork net = MnistNetwork.create(deep, 9, 5);
        assertEquals(4, net.getnLayers());
        assertArrayEquals(new long[] {2, 10}, net.output(Nd4j.rand(DataType.FLOAT, 2, 5, 9), false).shape());
        assertInstanceOf(LastTimeStep.class, net.getLayerWiseConfigurations().getConf(2).getLayer());
    }

    @Test
    void sameSeedSameParameters() {
        INDArray a = MnistNetwork.create(MnistConfig.defaults(), 28, 28).params();
        INDArray b = MnistNetwork.create(MnistConfig.defaults(), 28, 28).params();
        INDArray c = MnistNetwork.create(MnistConfig.defaults().withSeed(43), 28, 28).params();
        assertEquals(a, b);
        assertEquals(false, a.equals(c));
    }

    @Test
    void invalidConfigurationsNameTheOption() {
        MnistConfig d = MnistConfig.defaults();
        assertEquals("--units must be at least 1, got 0", assertThrows(UserException.class,
                () -> new MnistConfig(d.cell(), 1, 0, 0, d.init(), 150, 0.001, 1.0, 1, 0, 42)).getMessage());
        assertThrows(UserException.class, () -> new MnistConfig(d.cell(), 0, 150, 0, d.init(), 150, 0.001, 1.0, 1, 0, 42));
        assertThrows(UserException.class, () -> new MnistConfig(d.cell(), 1, 150, 1.0, d.init(), 150, 0.001, 1.0, 1, 0, 42));
        assertThrows(UserException.class, () -> new MnistConfig(d.cell(), 1, 150, 0, d.init(), 0, 0.001, 1.0, 1, 0, 42));
        assertThrows(UserException.class, () -> new MnistConfig(d.cell(), 1, 150, 0, d.init(), 150, -1, 1.0, 1, 0, 42));
        assertThrows(UserException.class, () -> new MnistConfig(d.cell(), 1, 150, 0, d.init(), 150, 0.001, 1.0, 0, 0, 42));
        assertThrows(UserException.class, () -> new MnistConfig(d.cell(), 1, 150, 0, d.init(), 150, 0.001, 1.0, 1, -1, 42));
        assertEquals("--learning-rate-decay must be in (0, 1], got 1.5", assertThrows(UserException.class,
                () -> new MnistConfig(d.cell(), 1, 150, 0, d.init(), 150, 0.001, 1.5, 1, 0, 42)).getMessage());
        assertThrows(UserException.class, () -> new MnistConfig(d.cell(), 1, 150, 0, d.init(), 150, 0.001, 0, 1, 0, 42));
    }
}
