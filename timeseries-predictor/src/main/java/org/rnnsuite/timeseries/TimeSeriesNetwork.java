package org.rnnsuite.timeseries;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.RnnLossLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.TimeDistributed;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.rnnsuite.common.MemoryBudget;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.layers.FastRnnOutputLayer;
import org.rnnsuite.common.layers.FastSimpleRnn;
import org.rnnsuite.common.layers.Nets;
import org.rnnsuite.common.layers.WeightInitChoice;

/**
 * Builds the network of a {@link TimeSeriesConfig}: a stack of recurrent layers (1 input per step, {@code units}
 * outputs per step) followed by a linear projection to 1 output per step, trained with MSE and Adam.
 * Pure: no I/O.
 *
 * <ul>
 *   <li>{@link Projection#STACKED}: recurrent stack → {@code RnnOutputLayer(identity, MSE)} (the common module's
 *       {@link FastRnnOutputLayer}: DL4J's layer, one product per training step instead of two), which reshapes
 *       {@code [batch, units, steps]} to {@code [batch·steps, units]}, applies one dense layer, and reshapes back
 *       (the tutorial's faster variant);</li>
 *   <li>{@link Projection#WRAPPER}: recurrent stack → {@code TimeDistributed(DenseLayer(identity), NCW)} →
 *       {@code RnnLossLayer(MSE)} (the tutorial's {@code OutputProjectionWrapper}).</li>
 * </ul>
 * Both have exactly the same parameters (recurrent layers, then projection weights {@code [units, 1]} and bias
 * {@code [1]}) and compute the same outputs for the same weights.
 */
public final class TimeSeriesNetwork {
    /** Inputs per time step. */
    public static final int N_INPUTS = 1;
    /** Outputs per time step. */
    public static final int N_OUTPUTS = 1;

    private TimeSeriesNetwork() {
    }

    /**
     * @param c the configuration
     * @return the network configuration (NCW layout, float32)
     */
    public static MultiLayerConfiguration configuration(TimeSeriesConfig c) {
        checkSize(c);
        NeuralNetConfiguration.ListBuilder list = Nets.builder(c.seed(), c.learningRate(), WeightInitChoice.XAVIER, 0)
                .list();
        int i = 0;
        for (BaseRecurrentLayer layer : recurrentStack(c)) {
            layer.setRnnDataFormat(RNNFormat.NCW);
            list.layer(i++, layer);
        }
        if (c.projection() == Projection.STACKED) {
            list.layer(i, new FastRnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                    .nIn(c.units()).nOut(N_OUTPUTS).activation(Activation.IDENTITY)
                    .dataFormat(RNNFormat.NCW).build());
        } else {
            DenseLayer dense = new DenseLayer.Builder().nIn(c.units()).nOut(N_OUTPUTS)
                    .activation(Activation.IDENTITY).build();
            list.layer(i++, new TimeDistributed(dense, RNNFormat.NCW));
            list.layer(i, new RnnLossLayer.Builder(LossFunctions.LossFunction.MSE)
                    .activation(Activation.IDENTITY).dataFormat(RNNFormat.NCW).build());
        }
        list.setInputType(InputType.recurrent(N_INPUTS, RNNFormat.NCW));
        return Nets.tbptt(list, c.tbptt()).build();
    }

    /**
     * The recurrent layers: {@code c.cell().stack(...)} from the common module (whose basic cell is
     * {@link FastSimpleRnn}), except that {@code --rnn-impl dl4j} selects DL4J's own {@link SimpleRnn}. Dropout, if any, is applied to the input of every
     * layer after the first, only while training.
     *
     * @param c the configuration
     * @return the layer configurations, bottom first
     */
    public static List<BaseRecurrentLayer> recurrentStack(TimeSeriesConfig c) {
        if (c.cell() != Cell.BASIC || c.rnnImpl().equals(TimeSeriesConfig.FUSED)) {
            return c.cell().stack(N_INPUTS, c.units(), c.layers(), c.activationFunction(), c.dropout());
        }
        List<BaseRecurrentLayer> out = new ArrayList<>();
        for (int l = 0; l < c.layers(); l++) {
            BaseRecurrentLayer layer = new SimpleRnn.Builder().nIn(l == 0 ? N_INPUTS : c.units()).nOut(c.units())
                    .activation(c.activationFunction()).build();
            if (l > 0 && c.dropout() > 0) {
                layer.setIDropout(Nets.dropout(c.dropout()));
            }
            out.add(layer);
        }
        return out;
    }

    /**
     * Refuses, before anything is built, a network this process cannot hold.
     *
     * @param c the configuration
     * @throws org.rnnsuite.common.UserException naming the sizes and the memory they need
     */
    public static void checkSize(TimeSeriesConfig c) {
        MemoryBudget.checkRecurrentStack(String.format(Locale.ROOT, "--cell %s --layers %d --units %d --batch-size "
                + "%d --steps %d", c.cell(), c.layers(), c.units(), c.batchSize(), c.steps()), c.cell().gates(),
                N_INPUTS, c.units(), c.layers(), c.batchSize(), c.steps(), N_OUTPUTS);
    }

    /**
     * @param c the configuration
     * @return a new, initialised network (weights drawn from {@code c.seed()})
     */
    public static MultiLayerNetwork build(TimeSeriesConfig c) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(c));
        net.init();
        return net;
    }
}
