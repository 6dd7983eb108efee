package org.rnnsuite.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.layers.FastRnnOutputLayer;

/**
 * The project's layers ({@code common.layers.Fast*}) travel to Spark executors and back: a network with every one
 * of them goes, as DL4J's Spark integration sends it (a {@link NetBroadcastTuple} of configuration, parameters and
 * updater state), into a task, whose closure Spark serialises and deserialises even on {@code local[N]}; the
 * executors rebuild it and compute exactly the driver's outputs.
 */
class LayerSerializationTest {
    private static final int IN = 3;
    private static final int UNITS = 4;
    private static final int STEPS = 5;

    static MultiLayerNetwork everyFastLayer() {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(7)
                .dataType(DataType.FLOAT).updater(new Adam(0.01)).list();
        int nIn = IN;
        List<Layer> layers = new ArrayList<>();
        for (Cell c : Cell.values()) {
            layers.add(c.layer(nIn, UNITS, Activation.TANH));
            nIn = UNITS;
        }
        layers.add(new FastRnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(UNITS).nOut(2)
                .activation(Activation.IDENTITY).build());
        for (int i = 0; i < layers.size(); i++) {
            b.layer(i, layers.get(i));
        }
        MultiLayerNetwork net = new MultiLayerNetwork(b.build());
        net.init();
        return net;
    }

    static MultiLayerNetwork rebuild(NetBroadcastTuple t) {
        MultiLayerNetwork copy = new MultiLayerNetwork(t.getConfiguration().clone());
        copy.init(t.getParameters().dup(), false);
        return copy;
    }

    @Test
    void everyFastLayerIsRebuiltOnExecutorsWithTheSameOutputs() {
        MultiLayerNetwork net = everyFastLayer();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, IN, STEPS);
        net.fit(x, Nd4j.rand(DataType.FLOAT, 2, 2, STEPS));   // an updater state to send too
        float[] expected = net.output(x, false).data().asFloat();
        NetBroadcastTuple tuple = new NetBroadcastTuple(net.getLayerWiseConfigurations(), net.params(),
                net.getUpdater().getStateViewArray());
        Broadcast<NetBroadcastTuple> broadcast = LocalSpark.context().broadcast(tuple);
        List<float[]> fromExecutors = LocalSpark.context().parallelize(List.of(0, 1), 2).map(i -> {
            // the captured tuple (in the task's closure) and the broadcast were both serialised by Spark
            NetBroadcastTuple t = tuple;
            MultiLayerNetwork copy = rebuild(t);
            copy.getUpdater().setStateViewArray(copy, t.getUpdaterState().dup(), false);
            float[] a = copy.output(x, false).data().asFloat();
            float[] b = rebuild(broadcast.value()).output(x, false).data().asFloat();
            assertArrayEquals(a, b);
            return a;
        }).collect();
        assertEquals(2, fromExecutors.size());
        for (float[] out : fromExecutors) {
            assertArrayEquals(expected, out);
        }
    }

    @Test
    void theConfigurationNamesTheProjectsLayersAfterTheTrip() {
        MultiLayerNetwork net = everyFastLayer();
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        List<String> names = LocalSpark.context().parallelize(List.of(0), 1).map(i -> {
            List<String> n = new ArrayList<>();
            for (NeuralNetConfiguration c : conf.getConfs()) {
                n.add(c.getLayer().getClass().getSimpleName());
            }
            return n;
        }).collect().get(0);
        assertEquals(List.of("FastSimpleRnn", "FastLstm", "FastPeepholeLstm", "FastGru", "FastRnnOutputLayer"), names);
    }

    @Test
    void theTranslatorsGraphMakesTheTripUnchanged() {
        java.util.List<org.rnnsuite.nmt.SentencePair> pairs = SparkNmtTest.pairs();
        org.rnnsuite.nmt.NmtConfig config = org.rnnsuite.nmt.NmtConfig.small();
        org.rnnsuite.nmt.NmtCorpus data = org.rnnsuite.nmt.NmtCorpus.of(config,
                org.rnnsuite.nmt.NmtData.splitByCount(pairs, 10, 7), "toy grammar");
        org.deeplearning4j.nn.graph.ComputationGraph graph = org.rnnsuite.nmt.NmtModel.create(config, data.source(),
                data.target()).graph();
        NetBroadcastTuple tuple = new NetBroadcastTuple(graph.getConfiguration(), graph.params(), null);
        String json = graph.getConfiguration().toJson();
        float[] params = graph.params().data().asFloat();
        List<Boolean> same = LocalSpark.context().parallelize(List.of(0, 1), 2).map(i -> {
            org.deeplearning4j.nn.graph.ComputationGraph copy = new org.deeplearning4j.nn.graph.ComputationGraph(
                    tuple.getGraphConfiguration().clone());
            copy.init(tuple.getParameters().dup(), false);
            return copy.getConfiguration().toJson().equals(json)
                    && java.util.Arrays.equals(copy.params().data().asFloat(), params);
        }).collect();
        assertEquals(List.of(true, true), same);
    }
}
