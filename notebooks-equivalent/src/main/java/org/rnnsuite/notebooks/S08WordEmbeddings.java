package org.rnnsuite.notebooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInitDistribution;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnnsuite.common.Seeds;
import org.rnnsuite.common.embeddings.VectorsIO;
import org.rnnsuite.word2vec.Word2VecConfig;
import org.rnnsuite.word2vec.Word2VecTrainer;
import org.rnnsuite.common.embeddings.WordVectors;

/**
 * Section 8, "Word Embeddings": an embedding matrix initialised uniformly in [-1, 1], the lookup of word ids, then
 * nearest neighbours among trained word vectors, and trained vectors as the weights of an embedding layer.
 *
 * <p>Checkout the complete code under "Word Embeddings" in notebook (and the chapter's word2vec section). The
 * notebook creates {@code embeddings = tf.Variable(tf.random_uniform([vocabulary_size, embedding_size], -1.0, 1.0))}
 * with {@code vocabulary_size = 50000}, {@code embedding_size = 150} and looks words up with
 * {@code tf.nn.embedding_lookup(embeddings, train_inputs)}. DL4J's {@link EmbeddingSequenceLayer} holds the same
 * matrix as its {@code W} ({@code [vocabulary, embedding]}, initialised here from a uniform distribution on
 * [-1, 1]); given word ids {@code [batch, time]} it returns {@code [batch, embedding, time]}, and the section checks
 * that every returned vector is exactly row {@code id} of {@code W}: a lookup is a row selection, no arithmetic.
 *
 * <p>Then word vectors trained by {@code word2vec-trainer} (skip-gram with negative sampling): the notebook finds
 * the nearest words of a few "valid" words by normalising every embedding to unit length and multiplying,
 * {@code similarity = valid_embeddings · normalized_embeddingsᵀ}, then {@code (-similarity).argsort()[1:top_k+1]}.
 * The section does exactly that with ND4J and compares it with {@link WordVectors#nearest}. Finally the trained
 * matrix becomes the (pretrained) weights of an {@link EmbeddingSequenceLayer}, which then looks up a sentence.
 *
 * <p>Deliberate deviations: no bias and identity activation are set explicitly on the layer (DL4J layers otherwise
 * default to a sigmoid activation); the ids of the first part are a made-up batch; the vectors come from a tiny
 * model ({@link Word2VecConfig#tiny()}) trained on the bundled book of Genesis (38,516 words, a few seconds)
 * unless a vectors file is given ({@code ./rnn notebooks word-embeddings --vectors FILE}, e.g. from
 * {@code ./rnn word2vec train}), instead of the tutorial's 50,000-word Wikipedia model.
 */
public final class S08WordEmbeddings {
    /** Words in the vocabulary ({@code vocabulary_size}). */
    public static final int VOCABULARY_SIZE = 50_000;
    /** Dimensions of a word vector ({@code embedding_size}). */
    public static final int EMBEDDING_SIZE = 150;
    /** Neighbours shown per word ({@code top_k}). */
    public static final int TOP_K = 5;
    /** Query words tried in this order; those in the vocabulary are used, at most {@value #MAX_QUERIES}. */
    public static final List<String> CANDIDATE_QUERIES = List.of("god", "jacob", "water", "day", "king", "woman",
            "france", "computer", "three", "good");
    /** At most this many query words. */
    public static final int MAX_QUERIES = 4;
    /** The sentence looked up through the pretrained layer (unknown words are skipped). */
    public static final String SENTENCE = "in the beginning god created the heaven and the earth";
    private static final String CORPUS_RESOURCE = "/org/rnnsuite/notebooks/kjv-genesis.txt";

    private S08WordEmbeddings() {
    }

    /**
     * A neighbour found the tutorial's way.
     *
     * @param word       the word
     * @param similarity its cosine similarity to the query
     */
    public record Neighbour(String word, double similarity) {
    }

    /**
     * What the section computed.
     *
     * @param text               what it printed
     * @param embeddings         the random embedding matrix {@code [vocabulary, embedding]}
     * @param ids                the looked-up word ids {@code [batch, time]}
     * @param looked             the layer's output {@code [batch, embedding, time]}
     * @param selected           the same vectors by row selection, {@code [batch, embedding, time]}
     * @param queries            the query words of the neighbour search
     * @param nearestTutorial    each query's {@value #TOP_K} neighbours, computed as the notebook does (ND4J)
     * @param nearestWord2vec    each query's neighbours from {@link WordVectors#nearest}
     * @param pretrainedLooked   the sentence through the layer holding the trained vectors, {@code [1, D, T]}
     * @param pretrainedSelected the same by row selection of the trained matrix
     */
    public record Result(String text, INDArray embeddings, INDArray ids, INDArray looked, INDArray selected,
                         List<String> queries, Map<String, List<Neighbour>> nearestTutorial,
                         Map<String, List<WordVectors.Neighbour>> nearestWord2vec, INDArray pretrainedLooked,
                         INDArray pretrainedSelected) implements Section.Printed {
    }

    /**
     * Runs the section, training the tiny word2vec model on the bundled text.
     *
     * @param seed  random seed of the embedding matrix (default 42)
     * @param quiet true to show no progress bar while training the word vectors
     * @param out   where to print
     * @return the printed text and the lookups
     */
    public static Result run(long seed, boolean quiet, Transcript out) {
        return run(seed, quiet, null, out);
    }

    /**
     * Runs the section.
     *
     * @param seed    random seed of the embedding matrix and of the word2vec model (default 42)
     * @param quiet   true to show no progress bar while training the word vectors
     * @param vectors a word-vectors file (word2vec text or binary format), or {@code null} to train a tiny model on
     *                the bundled book of Genesis
     * @param out     where to print
     * @return the printed text and the lookups
     */
    public static Result run(long seed, boolean quiet, Path vectors, Transcript out) {
        Seeds.init(seed);
        out.heading("An embedding matrix, uniform in [-1, 1]");
        MultiLayerNetwork net = embeddingNetwork(seed, VOCABULARY_SIZE, EMBEDDING_SIZE, null);
        INDArray embeddings = net.getParam("0_W");
        out.printf("embeddings %s: min %.5f, max %.5f, mean %.5f", S01ManualRnn.shape(embeddings),
                embeddings.minNumber().doubleValue(), embeddings.maxNumber().doubleValue(),
                embeddings.meanNumber().doubleValue());

        out.heading("embedding_lookup: the layer's output is row selection");
        INDArray ids = Nd4j.createFromArray(new int[][] {{12, 7, 42, 9}, {3, 3, 0, VOCABULARY_SIZE - 1}})
                .castTo(DataType.FLOAT);
        INDArray looked = net.output(ids);
        INDArray selected = selectRows(embeddings, ids);
        out.printf("word ids %s -> embedded %s ([batch, embedding, time])", S01ManualRnn.shape(ids),
                S01ManualRnn.shape(looked));
        out.array("ids", ids.castTo(DataType.INT32));
        out.array("embedding of id 42, first 6 dims",
                looked.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 6), NDArrayIndex.point(2)));
        out.array("embeddings[42, :6]              ", embeddings.get(NDArrayIndex.point(42), NDArrayIndex.interval(0, 6)));
        out.printf("max |lookup - row selection| over the batch = %.1f", Tensors.maxAbsDiff(looked, selected));

        out.heading("Nearest neighbours of trained word vectors (word2vec-trainer)");
        WordVectors wv = vectors == null ? trainTiny(seed, quiet, out) : VectorsIO.read(vectors, 0);
        if (vectors != null) {
            out.printf("read %d vectors of dimension %d from %s", wv.size(), wv.dim(), vectors);
        }
        INDArray matrix = matrix(wv);
        List<String> queries = queries(wv);
        Map<String, List<Neighbour>> tutorial = nearestLikeTheNotebook(wv, matrix, queries, TOP_K);
        Map<String, List<WordVectors.Neighbour>> module = new LinkedHashMap<>();
        for (String q : queries) {
            module.put(q, wv.nearest(q, TOP_K));
            out.printf("Nearest to %-8s %s", q + ":", format(tutorial.get(q)));
        }
        double worst = 0;
        for (String q : queries) {
            for (int i = 0; i < TOP_K; i++) {
                worst = Math.max(worst, Math.abs(tutorial.get(q).get(i).similarity()
                        - module.get(q).get(i).similarity()));
            }
        }
        out.printf("(normalised matrix product with ND4J vs WordVectors.nearest: max |similarity difference| = %.1e)",
                worst);

        out.heading("The trained vectors as the weights of an EmbeddingSequenceLayer");
        List<String> sentence = new ArrayList<>();
        for (String w : SENTENCE.split(" ")) {
            if (wv.indexOf(w) >= 0) {
                sentence.add(w);
            }
        }
        if (sentence.isEmpty()) {
            sentence.add(wv.word(0));
        }
        INDArray sentenceIds = Nd4j.zeros(DataType.FLOAT, 1, sentence.size());
        for (int t = 0; t < sentence.size(); t++) {
            sentenceIds.putScalar(0, t, wv.indexOf(sentence.get(t)));
        }
        MultiLayerNetwork pretrained = embeddingNetwork(seed, wv.size(), wv.dim(), matrix);
        INDArray pretrainedLooked = pretrained.output(sentenceIds);
        INDArray pretrainedSelected = selectRows(matrix, sentenceIds);
        out.printf("\"%s\" -> ids %s -> %s", String.join(" ", sentence),
                Tensors.format(sentenceIds.castTo(DataType.INT32), 0), S01ManualRnn.shape(pretrainedLooked));
        out.printf("max |lookup - trained rows| = %.1f", Tensors.maxAbsDiff(pretrainedLooked, pretrainedSelected));
        return new Result(out.text(), embeddings, ids, looked, selected, queries, tutorial, module, pretrainedLooked,
                pretrainedSelected);
    }

    /**
     * The notebook's neighbour search: every row scaled to unit length, the query rows multiplied with the whole
     * normalised matrix, the {@code k} largest similarities after the query itself.
     *
     * @param words   the vocabulary, giving row numbers
     * @param matrix  the vectors {@code [V, D]}
     * @param queries query words (in the vocabulary)
     * @param k       neighbours per query
     * @return the neighbours of each query, most similar first
     */
    public static Map<String, List<Neighbour>> nearestLikeTheNotebook(WordVectors words, INDArray matrix,
                                                                      List<String> queries, int k) {
        INDArray norms = matrix.norm2(1).reshape(matrix.size(0), 1);
        norms = norms.add(norms.eq(0).castTo(norms.dataType()));   // zero rows stay zero
        INDArray normalized = matrix.divColumnVector(norms);
        int[] rows = queries.stream().mapToInt(words::require).toArray();
        INDArray valid = normalized.getRows(rows);
        INDArray similarity = valid.mmul(normalized.transpose());    // [queries, V]
        Map<String, List<Neighbour>> result = new LinkedHashMap<>();
        for (int q = 0; q < rows.length; q++) {
            double[] sims = similarity.getRow(q).toDoubleVector();
            sims[rows[q]] = Double.NEGATIVE_INFINITY;                  // argsort()[1:]: the word itself is first
            List<Neighbour> best = new ArrayList<>();
            for (int n = 0; n < k && n < sims.length - 1; n++) {
                int arg = 0;
                for (int j = 1; j < sims.length; j++) {
                    if (sims[j] > sims[arg]) {
                        arg = j;
                    }
                }
                best.add(new Neighbour(words.word(arg), sims[arg]));
                sims[arg] = Double.NEGATIVE_INFINITY;
            }
            result.put(queries.get(q), best);
        }
        return result;
    }

    /**
     * @param wv word vectors
     * @return their matrix {@code [V, D]}, float32
     */
    static INDArray matrix(WordVectors wv) {
        float[] flat = new float[wv.size() * wv.dim()];
        for (int i = 0; i < wv.size(); i++) {
            System.arraycopy(wv.vector(i), 0, flat, i * wv.dim(), wv.dim());
        }
        return Nd4j.create(flat, new long[] {wv.size(), wv.dim()}, 'c');
    }

    private static List<String> queries(WordVectors wv) {
        List<String> q = new ArrayList<>();
        for (String w : CANDIDATE_QUERIES) {
            if (q.size() < MAX_QUERIES && wv.indexOf(w) >= 0) {
                q.add(w);
            }
        }
        if (q.isEmpty()) {
            // none of the candidates: some ordinary words, past the most frequent ones when there are enough
            for (int i = wv.size() > 100 + MAX_QUERIES ? 100 : 0; i < wv.size() && q.size() < MAX_QUERIES; i++) {
                q.add(wv.word(i));
            }
        }
        return q;
    }

    private static WordVectors trainTiny(long seed, boolean quiet, Transcript out) {
        Word2VecConfig t = Word2VecConfig.tiny();
        Word2VecConfig config = new Word2VecConfig(t.vectorSize(), t.window(), t.negative(), t.sample(),
                t.minCount(), t.vocabSize(), t.epochs(), t.learningRate(), t.minLearningRate(), t.threads(), t.cbow(),
                seed);
        Path corpus = null;
        try (InputStream in = S08WordEmbeddings.class.getResourceAsStream(CORPUS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + CORPUS_RESOURCE);
            }
            corpus = Files.createTempFile("kjv-genesis", ".txt");
            Files.copy(in, corpus, StandardCopyOption.REPLACE_EXISTING);
            out.printf("training skip-gram (size %d, window %d, negative %d, %d epochs) on the book of Genesis...",
                    config.vectorSize(), config.window(), config.negative(), config.epochs());
            Word2VecTrainer.Result r = new Word2VecTrainer(config).train(corpus, quiet);
            out.printf("%d words in the vocabulary, %.1f s", r.vectors().size(), r.countSeconds() + r.fitSeconds());
            return r.vectors();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (corpus != null) {
                try {
                    Files.deleteIfExists(corpus);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    private static String format(List<Neighbour> neighbours) {
        StringBuilder sb = new StringBuilder();
        for (Neighbour n : neighbours) {
            sb.append(sb.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s (%.3f)", n.word(), n.similarity()));
        }
        return sb.toString();
    }

    /** Row {@code ids[i, t]} of {@code matrix} at {@code [i, :, t]}: what an embedding lookup must return. */
    private static INDArray selectRows(INDArray matrix, INDArray ids) {
        INDArray selected = Nd4j.zeros(matrix.dataType(), ids.size(0), matrix.size(1), ids.size(1));
        for (long i = 0; i < ids.size(0); i++) {
            for (long t = 0; t < ids.size(1); t++) {
                selected.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.point(t))
                        .assign(matrix.getRow(ids.getLong(i, t)));
            }
        }
        return selected;
    }

    /**
     * An embedding network: one {@link EmbeddingSequenceLayer}, no bias, identity activation.
     *
     * @param seed       seed of the weights
     * @param vocabulary rows of the matrix
     * @param dimension  columns of the matrix
     * @param weights    the matrix to start from ({@code [vocabulary, dimension]}), or {@code null} for uniform
     *                   values in [-1, 1]
     * @return the initialised network (float32)
     */
    static MultiLayerNetwork embeddingNetwork(long seed, int vocabulary, int dimension, INDArray weights) {
        EmbeddingSequenceLayer.Builder layer = new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(dimension)
                .hasBias(false).activation(Activation.IDENTITY);
        if (weights == null) {
            layer.weightInit(new WeightInitDistribution(new UniformDistribution(-1.0, 1.0)));
        } else {
            layer.weightInit(weights);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .list()
                .layer(layer.build())
                .build());
        net.init();
        return net;
    }

    /**
     * Runs the section with seed 42 and prints it.
     *
     * @param args optionally a word-vectors file
     */
    public static void main(String[] args) {
        run(Seeds.DEFAULT_SEED, false, args.length > 0 ? Path.of(args[0]) : null, Transcript.echoing(System.out));
    }
}
