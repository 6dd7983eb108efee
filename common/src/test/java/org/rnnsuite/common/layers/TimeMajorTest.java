package org.rnnsuite.common.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** {@link TimeMajor}: the fast layers hand sequences on time-major and read them back without a copy. */
class TimeMajorTest {
    private static final int B = 3;
    private static final int N = 4;
    private static final int T = 5;

    private static float expected(INDArray seq, int i, int k, int s) {
        return seq.getFloat(i, k, s);
    }

    @Test
    void rowsOfATimeMajorSequenceAreAViewOfIt() {
        INDArray tm = Nd4j.rand(DataType.FLOAT, T, B, N);
        INDArray seq = TimeMajor.sequence(tm);
        assertTrue(TimeMajor.isTimeMajor(seq));
        INDArray buffer = Nd4j.zeros(DataType.FLOAT, T * B, N);
        INDArray rows = TimeMajor.rows(seq, buffer);
        assertEquals(0.0, buffer.sumNumber().doubleValue(), "the buffer is not used");
        for (int s = 0; s < T; s++) {
            for (int i = 0; i < B; i++) {
                for (int k = 0; k < N; k++) {
                    assertEquals(expected(seq, i, k, s), rows.getFloat(s * B + i, k));
                }
            }
        }
        rows.putScalar(2 * B + 1, 3, 42f);
        assertEquals(42f, seq.getFloat(1, 3, 2), "a view: written through");
    }

    @Test
    void rowsOfAnNcwSequenceAreCopiedIntoTheBuffer() {
        for (char order : new char[] {'c', 'f'}) {
            INDArray seq = Nd4j.rand(DataType.FLOAT, order, B, N, T);
            assertFalse(TimeMajor.isTimeMajor(seq));
            INDArray buffer = Nd4j.zeros(DataType.FLOAT, T * B, N);
            assertSame(buffer, TimeMajor.rows(seq, buffer));
            for (int s = 0; s < T; s++) {
                for (int i = 0; i < B; i++) {
                    for (int k = 0; k < N; k++) {
                        assertEquals(expected(seq, i, k, s), buffer.getFloat(s * B + i, k));
                    }
                }
            }
        }
    }

    @Test
    void unitDimensionsDoNotMatter() {
        INDArray oneChannel = TimeMajor.sequence(Nd4j.rand(DataType.FLOAT, T, B, 1));
        assertTrue(TimeMajor.isTimeMajor(oneChannel));
        INDArray oneStep = Nd4j.rand(DataType.FLOAT, B, N, 1);   // c order [b, n, 1] is [1, b, n] in memory
        assertTrue(TimeMajor.isTimeMajor(oneStep));
        INDArray rows = TimeMajor.rows(oneStep, Nd4j.zeros(DataType.FLOAT, B, N));
        assertEquals(oneStep.reshape(B, N), rows);
    }

    /** Every fast layer hands on a time-major output and gradient, read in place by the next fast layer. */
    @Test
    void fastLayersHandOnTimeMajorSequences() {
        for (Cell cell : Cell.values()) {
            NeuralNetConfiguration.ListBuilder b = Nets.builder(3, 1e-2, WeightInitChoice.XAVIER, 0).list();
            cell.stack(N, 6, 2, Activation.TANH, 0).forEach(b::layer);
            b.layer(new FastRnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(6).nOut(2)
                    .activation(Activation.IDENTITY).dataFormat(RNNFormat.NCW).build());
            b.setInputType(InputType.recurrent(N, T));
            MultiLayerNetwork net = new MultiLayerNetwork(b.build());
            net.init();
            net.initGradientsView();
            INDArray x = Nd4j.rand(DataType.FLOAT, B, N, T);
            LayerWorkspaceMgr none = LayerWorkspaceMgr.noWorkspaces();
            INDArray h1 = net.getLayer(0).activate(x, true, none);
            assertTrue(TimeMajor.isTimeMajor(h1), cell + ": output of layer 0");
            INDArray h2 = net.getLayer(1).activate(h1, true, none);
            net.getLayer(2).setInput(h2, none);
            ((FastRnnOutputLayerImpl) net.getLayer(2)).setLabels(Nd4j.rand(DataType.FLOAT, B, 2, T));
            INDArray eps2 = net.getLayer(2).backpropGradient(null, none).getSecond();
            assertTrue(TimeMajor.isTimeMajor(eps2), "gradient of the output layer");
            INDArray eps1 = net.getLayer(1).backpropGradient(eps2, none).getSecond();
            assertTrue(TimeMajor.isTimeMajor(eps1), cell + ": gradient of layer 1");
        }
    }
}
