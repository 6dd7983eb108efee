package org.rnnsuite.common.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.rnnsuite.common.Seeds;

class PretrainedEmbeddingsTest {
    /** The tiny vector file of the tests (king, queen, man, woman, apple, ...). */
    static WordVectors tiny() {
        try {
            return VectorsIO.read(java.nio.file.Path.of(PretrainedEmbeddingsTest.class.getResource("/vectors-tiny.txt").toURI()), 0);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final List<String> VOCAB = List.of("<pad>", "king", "Queen", "man", "zebra");

    @Test
    void rowsComeFromTheVectorsAndMissingWordsAreSeededNoise() {
        WordVectors v = tiny();
        PretrainedEmbeddings.Matrix m = PretrainedEmbeddings.weights(v, VOCAB, 7);
        assertArrayEquals(new long[] {5, 9}, m.weights().shape());
        assertEquals(3, m.found());
        assertEquals(List.of("<pad>", "zebra"), m.missing());
        assertArrayEquals(v.vector(v.indexOf("king")), m.weights().getRow(1).toFloatVector());
        assertArrayEquals(v.vector(v.indexOf("queen")), m.weights().getRow(2).toFloatVector()); // lower-case match
        assertEquals(m.weights(), PretrainedEmbeddings.weights(v, VOCAB, 7).weights());
        assertNotEquals(m.weights(), PretrainedEmbeddings.weights(v, VOCAB, 8).weights());
        assertTrue(m.weights().getRow(4).norm2Number().doubleValue() < 0.5);
    }

    @Test
    void frozenLayerKeepsThePretrainedWeightsTrainableOneChangesThem() {
        Seeds.init(42);
        INDArray w = PretrainedEmbeddings.weights(tiny(), VOCAB, 1).weights();
        assertEquals(w, trainedEmbedding(w, true));
        assertNotEquals(w, trainedEmbedding(w, false));
    }

    private static INDArray trainedEmbedding(INDArray w, boolean frozen) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(1)
                .updater(new Sgd(0.5))
                .list()
                .layer(PretrainedEmbeddings.layer(VOCAB.size(), 9, frozen))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(9).nOut(2)
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        PretrainedEmbeddings.install(net, "0", w);
        assertEquals(w, net.getParam("0_W"));
        INDArray x = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 0, 1}});
        INDArray y = Nd4j.zeros(2, 2, 3);
        y.putScalar(new int[] {0, 0, 0}, 1).putScalar(new int[] {0, 1, 1}, 1).putScalar(new int[] {0, 0, 2}, 1);
        y.putScalar(new int[] {1, 1, 0}, 1).putScalar(new int[] {1, 1, 1}, 1).putScalar(new int[] {1, 0, 2}, 1);
        for (int i = 0; i < 5; i++) {
            net.fit(x, y);
        }
        return net.getParam("0_W").dup();
    }
}
