package org.rnnsuite.nmt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnnsuite.common.run.ModelIO;
import org.rnnsuite.common.layers.FastLstm;
import org.rnnsuite.common.layers.FastGru;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.PretrainedEmbeddings;
import org.rnnsuite.common.embeddings.WordVectors;

/**
 * A trained translator: the training graph, its configuration and both vocabularies. Saved as one DL4J model zip
 * ({@value #FILE}) whose extra entries hold the vocabularies and the configuration.
 *
 * @param graph  the training graph (see {@link NmtNetwork#training})
 * @param config the hyper-parameters it was built with
 * @param source the English vocabulary
 * @param target the French vocabulary
 */
public record NmtModel(ComputationGraph graph, NmtConfig config, Vocabulary source, Vocabulary target) {
    /** The workflow name recorded in model zips. */
    public static final String WORKFLOW = "nmt";
    /** Model file name inside a run directory. */
    public static final String FILE = "model.zip";
    /** Zip entry: English vocabulary, one word per line. */
    public static final String SRC_VOCAB_ENTRY = "nmt-source-vocab.txt";
    /** Zip entry: French vocabulary, one word per line. */
    public static final String TGT_VOCAB_ENTRY = "nmt-target-vocab.txt";
    /** Zip entry: configuration as properties. */
    public static final String CONFIG_ENTRY = "nmt-config.properties";

    /**
     * @param config the configuration
     * @param source English vocabulary
     * @param target French vocabulary
     * @return a new, initialised model with random parameters
     */
    public static NmtModel create(NmtConfig config, Vocabulary source, Vocabulary target) {
        return create(config, source, target, config.embedding(), false);
    }

    /**
     * @param config       the configuration
     * @param source       English vocabulary
     * @param target       French vocabulary
     * @param srcEmbedding English embedding size
     * @param freezeSource true to never update the English embeddings
     * @return a new, initialised model with random parameters
     */
    public static NmtModel create(NmtConfig config, Vocabulary source, Vocabulary target, int srcEmbedding,
                                  boolean freezeSource) {
        ComputationGraph g = new ComputationGraph(NmtNetwork.training(config, source.size(), target.size(),
                srcEmbedding, freezeSource));
        g.init();
        return new NmtModel(g, config, source, target);
    }

    /**
     * A new model whose English embeddings start from pretrained word vectors (the {@code word2vec-trainer} module's
     * {@link PretrainedEmbeddings}: row i is the vector of word i, or a small random row if it has none).
     *
     * @param config  the configuration
     * @param source  English vocabulary
     * @param target  French vocabulary
     * @param vectors pretrained vectors; their dimension becomes the English embedding size
     * @param freeze  true to keep the English embeddings fixed during training, false to fine-tune them
     * @return the model and how many English words had a vector (special tokens never do)
     */
    public static Pretrained createWithSourceVectors(NmtConfig config, Vocabulary source, Vocabulary target,
                                                     WordVectors vectors, boolean freeze) {
        NmtModel m = create(config, source, target, vectors.dim(), freeze);
        PretrainedEmbeddings.Matrix w = PretrainedEmbeddings.weights(vectors, source.words(), config.seed());
        PretrainedEmbeddings.install(m.graph(), NmtNetwork.SRC_EMB, w.weights());
        return new Pretrained(m, w.found());
    }

    /**
     * @param model the model
     * @param found English vocabulary words that had a pretrained vector
     */
    public record Pretrained(NmtModel model, int found) {
    }

    /** @return the English embedding size of this model */
    public int sourceEmbedding() {
        return (int) graph.getLayer(NmtNetwork.SRC_EMB).getParam("W").size(1);
    }

    /** @return the zip entries that go beside the network: vocabularies and configuration */
    public Map<String, byte[]> extras() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(SRC_VOCAB_ENTRY, source.toBytes());
        m.put(TGT_VOCAB_ENTRY, target.toBytes());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            config.toProperties().store(out, "nmt-translator configuration");
            m.put(CONFIG_ENTRY, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /**
     * Saves atomically, with the updater state.
     *
     * @param file the zip to write
     * @return the file
     */
    public Path save(Path file) {
        return ModelIO.save(graph, file, WORKFLOW, extras());
    }

    /**
     * @param file a model zip written by {@link #save}
     * @return the model
     * @throws UserException if the file is missing, not a translator model, lacks a vocabulary, or was saved by an
     *                       earlier version of the network
     */
    public static NmtModel load(Path file) {
        ComputationGraph g = ModelIO.loadGraph(file, WORKFLOW);
        Vocabulary src = Vocabulary.fromBytes(entry(file, SRC_VOCAB_ENTRY, "English vocabulary"),
                file + "!" + SRC_VOCAB_ENTRY);
        Vocabulary tgt = Vocabulary.fromBytes(entry(file, TGT_VOCAB_ENTRY, "French vocabulary"),
                file + "!" + TGT_VOCAB_ENTRY);
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(entry(file, CONFIG_ENTRY, "configuration"), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UserException("cannot read the configuration in " + file + ": " + e.getMessage(), e);
        }
        NmtConfig config = NmtConfig.fromProperties(p, file + "!" + CONFIG_ENTRY);
        if (!startsFromState(g)) {
            throw new UserException(file + " was saved by an earlier version of the translator, whose decoder did not"
                    + " start from the encoder's state: train it again");
        }
        NmtModel m = new NmtModel(g, config, src, tgt);
        long srcRows = g.getLayer(NmtNetwork.SRC_EMB).getParam("W").size(0);
        long tgtRows = g.getLayer(NmtNetwork.TGT_EMB).getParam("W").size(0);
        if (srcRows != src.size() || tgtRows != tgt.size()) {
            throw new UserException(file + ": vocabularies (" + src.size() + ", " + tgt.size()
                    + " words) do not match the network (" + srcRows + ", " + tgtRows + ")");
        }
        return m;
    }

    /** True if the graph's first decoder layer reads its initial state from its input (the current network). */
    private static boolean startsFromState(ComputationGraph g) {
        if (!(g.getConfiguration().getVertices().get(NmtNetwork.decoderLayer(0))
                instanceof org.deeplearning4j.nn.conf.graph.LayerVertex v)) {
            return false;
        }
        org.deeplearning4j.nn.conf.layers.Layer dec = v.getLayerConf().getLayer();
        return dec instanceof FastLstm f && f.isStateInput() || dec instanceof FastGru r && r.isStateInput();
    }

    /**
     * @param dirOrFile a run directory holding {@value #FILE}, or a model zip
     * @return the model zip path
     */
    public static Path resolve(Path dirOrFile) {
        if (java.nio.file.Files.isDirectory(dirOrFile)) {
            return dirOrFile.resolve(FILE);
        }
        if (!java.nio.file.Files.exists(dirOrFile)) {
            throw new UserException("no model directory or file " + dirOrFile);
        }
        return dirOrFile;
    }

    private static byte[] entry(Path file, String name, String what) {
        return ModelIO.readExtra(file, name).orElseThrow(() ->
                new UserException(file + " has no " + what + " (zip entry " + name + "): not a model saved by nmt train"));
    }
}
