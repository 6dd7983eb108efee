package org.rnnsuite.common.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.junit.jupiter.api.Test;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.UserException;

public class CellTest {
    private static final int BATCH = 3;
    private static final int N_IN = 4;
    private static final int UNITS = 5;
    private static final int STEPS = 6;

    @BeforeAll
    static void setUp() {
        Seeds.init(Seeds.DEFAULT_SEED);
    }

    public static MultiLayerNetwork sequenceNet(Cell cell, int layers, double dropout) {
        NeuralNetConfiguration.ListBuilder b = Nets.builder(7, 1e-3, WeightInitChoice.XAVIER, 0).list();
        List<BaseRecurrentLayer> stack = cell.stack(N_IN, UNITS, layers, Activation.TANH, dropout);
        stack.forEach(b::layer);
        b.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(UNITS).nOut(2)
                .activation(Activation.IDENTITY).build());
        b.setInputType(InputType.recurrent(N_IN, STEPS));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void everyCellGivesOneOutputPerStep(Cell cell) {
        MultiLayerNetwork net = sequenceNet(cell, 2, 0);
        INDArray out = net.output(Nd4j.rand(BATCH, N_IN, STEPS));
        assertArrayEquals(new long[] {BATCH, 2, STEPS}, out.shape());
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void lastTimeStepWithMaskPicksEachSequencesLastRealStep(Cell cell) {
        NeuralNetConfiguration.ListBuilder b = Nets.builder(7, 1e-3, WeightInitChoice.XAVIER, 0).list();
        b.layer(new LastTimeStep(cell.layer(N_IN, UNITS, Activation.TANH)));
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(UNITS).nOut(3)
                .activation(Activation.SOFTMAX).build());
        b.setInputType(InputType.recurrent(N_IN, STEPS));
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();

        INDArray x = Nd4j.rand(BATCH, N_IN, STEPS);
        INDArray mask = Nd4j.ones(BATCH, STEPS);
        mask.get(NDArrayIndex.point(1), NDArrayIndex.interval(3, STEPS)).assign(0); // sequence 1 has 3 steps
        INDArray masked = net.output(x, false, mask, null);
        assertArrayEquals(new long[] {BATCH, 3}, masked.shape());

        // The same sequence alone, cut to its 3 real steps, must give the same class probabilities.
        INDArray alone = x.get(NDArrayIndex.interval(1, 2), NDArrayIndex.all(), NDArrayIndex.interval(0, 3)).dup();
        INDArray expected = net.output(alone);
        assertArrayEquals(expected.toFloatVector(), masked.getRow(1).toFloatVector(), 1e-5f);
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void dropoutActsOnlyWhileTraining(Cell cell) {
        MultiLayerNetwork net = sequenceNet(cell, 3, 0.5);
        INDArray x = Nd4j.rand(BATCH, N_IN, STEPS);
        INDArray inference1 = net.output(x, false);
        INDArray inference2 = net.output(x, false);
        assertEquals(inference1, inference2, "inference must be deterministic");
        INDArray training = net.output(x, true);
        assertFalse(inference1.equalsWithEps(training, 1e-6), "dropout must change training outputs");
    }

    @Test
    void parseAcceptsTheFourNamesAndRejectsOthers() {
        assertEquals(Cell.GRU, Cell.parse("GRU"));
        assertEquals(Cell.PEEPHOLE, Cell.parse("peephole"));
        UserException e = assertThrows(UserException.class, () -> Cell.parse("tree"));
        assertTrue(e.getMessage().contains("basic, lstm, peephole, gru"), e.getMessage());
        assertThrows(UserException.class, () -> Cell.BASIC.stack(1, 2, 0, Activation.TANH, 0));
        assertThrows(UserException.class, () -> Cell.BASIC.stack(1, 2, 1, Activation.TANH, 1.0));
    }

    @Test
    void tbpttIsConfigured() {
        NeuralNetConfiguration.ListBuilder b = Nets.builder(7, 1e-3, WeightInitChoice.HE, 1.0).list();
        b.layer(Cell.BASIC.layer(N_IN, UNITS, Activation.TANH));
        b.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(UNITS).nOut(1)
                .activation(Activation.IDENTITY).build());
        MultiLayerConfiguration conf = Nets.tbptt(b, 4).build();
        assertEquals(4, conf.getTbpttFwdLength());
        assertEquals(4, conf.getTbpttBackLength());
        assertEquals(org.deeplearning4j.nn.conf.BackpropType.TruncatedBPTT, conf.getBackpropType());
    }
}
