package org.rnnsuite.nmt;

import java.util.List;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;
import org.rnnsuite.common.FastRnnOutputLayer;
import org.rnnsuite.common.Nets;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.WeightInitChoice;

/**
 * Builds the translator's DL4J {@code ComputationGraph} configurations. Pure: no I/O.
 *
 * <p>Training graph (inputs {@value #SRC} = reversed English ids {@code [b, 1, Ts]} and {@value #DEC_IN} =
 * {@code <go>} + French ids {@code [b, 1, Td]}, both right-padded with masks):
 * <pre>
 * src → srcEmb → enc0 … encN-1 → encLast (LastTimeStepVertex: each sentence's last real step)
 *                                   ↓ dup (DuplicateToTimeSeriesVertex, Td steps)
 * decIn → tgtEmb ─────────────→ merge → dec0 … decN-1 → out (FastRnnOutputLayer, softmax, sparse cross-entropy)
 * </pre>
 * The decoder is conditioned on the encoder's final output, fed at every decoder step next to the previous word
 * (Cho et al. 2014), rather than by initialising the decoder's state: DL4J's graph layers cannot take an initial
 * state as an input during training, and this form trains with plain {@code fit} and decodes with
 * {@code rnnTimeStep}. Right padding keeps it exact: DL4J's LSTM ignores masks, but outputs on real steps only
 * depend on earlier steps, the reversed source is right-padded so {@code encLast} reads each sentence's true last
 * step, and padded decoder steps are masked out of the loss.
 *
 * <p>For decoding the same layers are split into an {@link #encoder encoder graph} ({@code src → encLast}) and
 * a {@link #decoder decoder graph} ({@value #CTX} + {@value #DEC_IN} → out) whose layers carry the same names, so
 * parameters are copied by name.
 */
public final class NmtNetwork {
    /** Input: reversed source ids. */
    public static final String SRC = "src";
    /** Input: decoder ids ({@code <go>} + target). */
    public static final String DEC_IN = "decIn";
    /** Input of the decoder graph: the encoder's final output {@code [b, units]}. */
    public static final String CTX = "ctx";
    /** Source embedding layer. */
    public static final String SRC_EMB = "srcEmb";
    /** Target embedding layer. */
    public static final String TGT_EMB = "tgtEmb";
    /** The vertex giving each sentence's last encoder output. */
    public static final String ENC_LAST = "encLast";
    /** Output layer. */
    public static final String OUT = "out";
    /**
     * Embedding initialisation: N(0, 1), as PyTorch's {@code nn.Embedding}. Xavier (the project default) gives
     * embedding rows of standard deviation about 0.015 here (fan-in = vocabulary size) and measurably slower
     * learning: mean loss per target token after 300 Tatoeba batches 4.46 with N(0, 1) against 4.83 with Xavier.
     */
    public static final NormalDistribution EMBEDDING_INIT = new NormalDistribution(0, 1);

    private NmtNetwork() {
    }

    /**
     * @param i layer index
     * @return the name of encoder layer i
     */
    public static String encoderLayer(int i) {
        return "enc" + i;
    }

    /**
     * @param i layer index
     * @return the name of decoder layer i
     */
    public static String decoderLayer(int i) {
        return "dec" + i;
    }

    /**
     * @param c the configuration
     * @return the names of the decoder's recurrent layers, bottom first
     */
    public static List<String> decoderLayers(NmtConfig c) {
        return java.util.stream.IntStream.range(0, c.layers()).mapToObj(NmtNetwork::decoderLayer).toList();
    }

    /**
     * @param c                the configuration
     * @param srcVocab         English vocabulary size
     * @param tgtVocab         French vocabulary size
     * @param srcEmbedding     English embedding size (the pretrained vectors' size, or {@code c.embedding()})
     * @param freezeSource     true to never update the English embeddings (pretrained, {@code --freeze})
     * @return the training graph
     */
    public static ComputationGraphConfiguration training(NmtConfig c, int srcVocab, int tgtVocab, int srcEmbedding,
                                                         boolean freezeSource) {
        GraphBuilder g = base(c).addInputs(SRC, DEC_IN);
        addEncoder(g, c, srcVocab, srcEmbedding, freezeSource);
        g.addVertex("dup", new DuplicateToTimeSeriesVertex(DEC_IN), ENC_LAST);
        addDecoder(g, c, tgtVocab);
        return g.setOutputs(OUT).build();
    }

    /**
     * @param c            the configuration
     * @param srcVocab     English vocabulary size
     * @param srcEmbedding English embedding size
     * @return the encoder graph: {@value #SRC} (with its mask) → {@value #ENC_LAST} {@code [b, units]}
     */
    public static ComputationGraphConfiguration encoder(NmtConfig c, int srcVocab, int srcEmbedding) {
        GraphBuilder g = base(c).addInputs(SRC);
        addEncoder(g, c, srcVocab, srcEmbedding, false);
        return g.setOutputs(ENC_LAST).build();
    }

    /**
     * @param c        the configuration
     * @param tgtVocab French vocabulary size
     * @return the decoder graph: {@value #CTX} {@code [b, units]} and {@value #DEC_IN} {@code [b, 1, T]} →
     *         probabilities {@code [b, tgtVocab, T]}, to be stepped with {@code rnnTimeStep}
     */
    public static ComputationGraphConfiguration decoder(NmtConfig c, int tgtVocab) {
        GraphBuilder g = base(c).addInputs(CTX, DEC_IN);
        g.addVertex("dup", new DuplicateToTimeSeriesVertex(DEC_IN), CTX);
        addDecoder(g, c, tgtVocab);
        return g.setOutputs(OUT).build();
    }

    private static GraphBuilder base(NmtConfig c) {
        // CacheMode.DEVICE: the LSTMs keep their forward pass for backprop instead of recomputing it (same numbers)
        return Nets.builder(c.seed(), c.learningRate(), WeightInitChoice.XAVIER, c.clipNorm())
                .cacheMode(CacheMode.DEVICE).graphBuilder();
    }

    private static void addEncoder(GraphBuilder g, NmtConfig c, int srcVocab, int srcEmbedding, boolean freeze) {
        EmbeddingSequenceLayer.Builder emb = new EmbeddingSequenceLayer.Builder().nIn(srcVocab).nOut(srcEmbedding)
                .weightInit(EMBEDDING_INIT).outputDataFormat(RNNFormat.NCW);
        if (freeze) {
            emb.updater(new Sgd(0.0));   // learning rate 0: frozen (NoOp would apply the raw gradient)
        }
        g.addLayer(SRC_EMB, emb.build(), SRC);
        String prev = SRC_EMB;
        List<BaseRecurrentLayer> enc = stack(c, srcEmbedding);
        for (int i = 0; i < enc.size(); i++) {
            g.addLayer(encoderLayer(i), enc.get(i), prev);
            prev = encoderLayer(i);
        }
        g.addVertex(ENC_LAST, new LastTimeStepVertex(SRC), prev);
    }

    private static void addDecoder(GraphBuilder g, NmtConfig c, int tgtVocab) {
        g.addLayer(TGT_EMB, new EmbeddingSequenceLayer.Builder().nIn(tgtVocab).nOut(c.embedding())
                .weightInit(EMBEDDING_INIT).outputDataFormat(RNNFormat.NCW).build(), DEC_IN);
        g.addVertex("merge", new MergeVertex(), TGT_EMB, "dup");
        String prev = "merge";
        List<BaseRecurrentLayer> dec = stack(c, c.embedding() + c.units());
        for (int i = 0; i < dec.size(); i++) {
            g.addLayer(decoderLayer(i), dec.get(i), prev);
            prev = decoderLayer(i);
        }
        g.addLayer(OUT, new FastRnnOutputLayer.Builder(new LossSparseMCXENT()).nIn(c.units()).nOut(tgtVocab)
                .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), prev);
    }

    private static List<BaseRecurrentLayer> stack(NmtConfig c, int nIn) {
        try {
            List<BaseRecurrentLayer> layers = c.cell().stack(nIn, c.units(), c.layers(), Activation.TANH, c.dropout());
            for (BaseRecurrentLayer l : layers) {
                l.setRnnDataFormat(RNNFormat.NCW);
            }
            return layers;
        } catch (LinkageError e) {
            throw new UserException("--cell " + c.cell() + " is not available in the installed common module ("
                    + e.getMessage() + ")", e);
        }
    }
}
