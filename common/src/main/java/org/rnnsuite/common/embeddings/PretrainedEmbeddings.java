package org.rnnsuite.common.embeddings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pretrained word vectors as the weights of an embedding layer (for the translator, or any model whose first layer
 * maps token indices to vectors), as the tutorial does with the GoogleNews vectors:
 * <ol>
 *   <li>{@link #weights(WordVectors, List, long)} builds the {@code [V, D]} matrix for the model's own vocabulary;
 *       row {@code i} is the pretrained vector of word {@code i} (exact match, else its lower-case form); a word
 *       without a vector gets a small random row: Gaussian with a tenth of the standard deviation of the
 *       pretrained values, from the given seed;</li>
 *   <li>{@link #layer(int, int, boolean)} configures the {@link EmbeddingSequenceLayer} (input {@code [mb, T]} of
 *       indices, no bias); <b>frozen</b> wraps it in DL4J's {@link FrozenLayer}, whose parameters receive no update
 *       and no regularisation; trainable leaves it as is so the vectors are fine-tuned;</li>
 *   <li>{@link #install(Model, String, INDArray)} copies the matrix into the initialised network.</li>
 * </ol>
 */
public final class PretrainedEmbeddings {
    private PretrainedEmbeddings() {
    }

    /**
     * @param weights the {@code [V, D]} matrix
     * @param found   words of the vocabulary that had a pretrained vector
     * @param missing words that got a random row
     */
    public record Matrix(INDArray weights, int found, List<String> missing) {
    }

    /**
     * @param vectors    pretrained vectors
     * @param vocabulary the model's vocabulary, index order
     * @param seed       seed of the random rows
     * @return the weight matrix and which words were found
     */
    public static Matrix weights(WordVectors vectors, List<String> vocabulary, long seed) {
        int d = vectors.dim();
        float[] w = new float[vocabulary.size() * d];
        boolean[] known = new boolean[vocabulary.size()];
        List<String> missing = new ArrayList<>();
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (int i = 0; i < vocabulary.size(); i++) {
            String word = vocabulary.get(i);
            int row = vectors.indexOf(word);
            if (row < 0) {
                row = vectors.indexOf(word.toLowerCase(Locale.ROOT));
            }
            if (row < 0) {
                missing.add(word);
                continue;
            }
            known[i] = true;
            for (int j = 0; j < d; j++) {
                float v = vectors.get(row, j);
                w[i * d + j] = v;
                sum += v;
                sumSq += (double) v * v;
                n++;
            }
        }
        double std = n > 1 ? Math.sqrt(Math.max(0, sumSq / n - (sum / n) * (sum / n))) : 1.0 / d;
        Random rnd = new Random(seed);
        for (int i = 0; i < vocabulary.size(); i++) {
            if (!known[i]) {
                for (int j = 0; j < d; j++) {
                    w[i * d + j] = (float) (rnd.nextGaussian() * 0.1 * std);
                }
            }
        }
        INDArray weights = Nd4j.create(w, new long[] {vocabulary.size(), d}, 'c');
        return new Matrix(weights, vocabulary.size() - missing.size(), List.copyOf(missing));
    }

    /**
     * @param vocabSize number of token indices V
     * @param dim       vector dimension D
     * @param frozen    true to keep the pretrained vectors fixed ({@link FrozenLayer}), false to fine-tune them
     * @return the layer configuration to add to a network
     */
    public static Layer layer(int vocabSize, int dim, boolean frozen) {
        EmbeddingSequenceLayer emb = new EmbeddingSequenceLayer.Builder()
                .nIn(vocabSize)
                .nOut(dim)
                .hasBias(false)
                .build();
        return frozen ? new FrozenLayer(emb) : emb;
    }

    /**
     * Copies the weights into an initialised network.
     *
     * @param net     a {@code MultiLayerNetwork} (layer name = its index, e.g. {@code "0"}) or a
     *                {@code ComputationGraph} (layer name as added)
     * @param layer   the embedding layer's name
     * @param weights the {@code [V, D]} matrix
     * @throws IllegalArgumentException if the layer's weight shape differs
     */
    public static void install(Model net, String layer, INDArray weights) {
        String key = layer + "_W";
        INDArray current = net.getParam(key);
        if (current == null) {
            throw new IllegalArgumentException("no parameter " + key + " in the network");
        }
        if (!Arrays.equals(current.shape(), weights.shape())) {
            throw new IllegalArgumentException("layer " + layer + " has weights of shape " + Arrays.toString(current.shape())
                    + ", the matrix is " + Arrays.toString(weights.shape()));
        }
        current.assign(weights.castTo(current.dataType()));
    }
}
