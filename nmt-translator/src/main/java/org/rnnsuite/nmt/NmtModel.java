package org.rnnsuite.nmt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnnsuite.common.UserException;
import org.rnnsuite.common.embeddings.PretrainedEmbeddings;
import org.rnnsuite.common.embeddings.WordVectors;
import org.rnnsuite.common.layers.FastGru;
import org.rnnsuite.common.layers.FastLstm;
import org.rnnsuite.common.run.DataFingerprint;
import org.rnnsuite.common.run.ModelCard;
import org.rnnsuite.common.run.ModelIO;

/**
 * A trained translator: the training graph, its configuration and both vocabularies. Saved as one model zip
 * ({@value #FILE}, written by {@link ModelIO}) whose {@link ModelCard} holds the configuration and whose further
 * entries hold the vocabularies.
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
     * @param vectors pretrained vectors; their dimension becomes the English embedding size (kept fixed during
     *                training if {@link NmtConfig#freezeSource()}, else fine-tuned)
     * @return the model and how many English words had a vector (special tokens never do)
     */
    public static Pretrained createWithSourceVectors(NmtConfig config, Vocabulary source, Vocabulary target,
                                                     WordVectors vectors) {
        NmtModel m = create(config, source, target, vectors.dim(), config.freezeSource());
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

    /**
     * @param source English vocabulary
     * @param target French vocabulary
     * @return the zip entries that go beside the network: both vocabularies
     */
    public static Map<String, byte[]> entries(Vocabulary source, Vocabulary target) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(SRC_VOCAB_ENTRY, source.toBytes());
        m.put(TGT_VOCAB_ENTRY, target.toBytes());
        return m;
    }

    /**
     * @param source       English vocabulary
     * @param target       French vocabulary
     * @param srcEmbedding English embedding size
     * @return the facts the card records for a person reading it (sizes; the vocabularies are entries)
     */
    public static Map<String, Object> info(Vocabulary source, Vocabulary target, int srcEmbedding) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sourceVocabulary", source.size());
        m.put("targetVocabulary", target.size());
        m.put("sourceEmbedding", srcEmbedding);
        return m;
    }

    /**
     * Saves atomically, without the updater state, with a card whose data are not recorded (a model trained by
     * {@link NmtTrainer} is saved by its run, with the data's fingerprint).
     *
     * @param file the zip to write
     * @return the file
     */
    public Path save(Path file) {
        Map<String, byte[]> entries = entries(source, target);
        ModelCard card = ModelCard.create(WORKFLOW, config, DataFingerprint.of("not recorded (saved by NmtModel.save)"),
                "epoch", info(source, target, sourceEmbedding()), List.copyOf(entries.keySet()));
        return ModelIO.save(graph, file, card, entries, false);
    }

    /**
     * @param file a model zip written by {@link #save} or by a training run
     * @return the model
     * @throws UserException if the file is missing, not a translator model, lacks a vocabulary, or was saved by an
     *                       earlier version of the network
     */
    public static NmtModel load(Path file) {
        ModelIO.Loaded<ComputationGraph> loaded = ModelIO.load(file, WORKFLOW, ComputationGraph.class);
        return of(loaded.model(), loaded.card().config(NmtConfig.class), loaded.entries(), file.toString());
    }

    /**
     * @param g       a translator graph
     * @param config  its configuration
     * @param entries the zip entries holding the vocabularies
     * @param source  where they come from, for messages
     * @return the model
     * @throws UserException if a vocabulary is missing or does not fit the network, or the network is of an
     *                       earlier version
     */
    static NmtModel of(ComputationGraph g, NmtConfig config, Map<String, byte[]> entries, String source) {
        Vocabulary src = Vocabulary.fromBytes(entry(entries, source, SRC_VOCAB_ENTRY, "English vocabulary"),
                source + "!" + SRC_VOCAB_ENTRY);
        Vocabulary tgt = Vocabulary.fromBytes(entry(entries, source, TGT_VOCAB_ENTRY, "French vocabulary"),
                source + "!" + TGT_VOCAB_ENTRY);
        if (!startsFromState(g)) {
            throw new UserException(source + " was saved by an earlier version of the translator, whose decoder did"
                    + " not start from the encoder's state: train it again");
        }
        long srcRows = g.getLayer(NmtNetwork.SRC_EMB).getParam("W").size(0);
        long tgtRows = g.getLayer(NmtNetwork.TGT_EMB).getParam("W").size(0);
        if (srcRows != src.size() || tgtRows != tgt.size()) {
            throw new UserException(source + ": vocabularies (" + src.size() + ", " + tgt.size()
                    + " words) do not match the network (" + srcRows + ", " + tgtRows + ")");
        }
        return new NmtModel(g, config, src, tgt);
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
        if (Files.isDirectory(dirOrFile)) {
            return ModelIO.modelFile(dirOrFile);
        }
        if (!Files.exists(dirOrFile)) {
            throw new UserException("no model directory or file " + dirOrFile);
        }
        return dirOrFile;
    }

    private static byte[] entry(Map<String, byte[]> entries, String file, String name, String what) {
        byte[] b = entries.get(name);
        if (b == null) {
            throw new UserException(file + " has no " + what + " (zip entry " + name + "): not a model saved by nmt train");
        }
        return b;
    }
}
