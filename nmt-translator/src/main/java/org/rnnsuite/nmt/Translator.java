package org.rnnsuite.nmt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Decodes with a trained {@link NmtModel}: the encoder runs once per sentence, then the decoder is stepped one word
 * at a time with {@code rnnTimeStep}, fed the word it chose at the previous step, until {@code <eos>} or
 * {@code maxOutput} words. Greedy decoding takes the most probable word; beam search keeps the {@code k} most
 * probable partial translations and ranks the finished ones by log-probability / length^{@code lengthPenalty}
 * (beam 1 gives exactly the greedy translation).
 *
 * <p>The encoder and decoder are separate graphs holding copies of the training graph's parameters (same layer
 * names); call {@link #sync()} after further training. Greedy and beam decoding compute the encoder graph's
 * forward pass and the decoder graph's steps directly from the graphs' parameters ({@link DirectEncoder},
 * {@link DirectDecoder}: OpenBLAS products and Java loops, no graph machinery) where they apply (float LSTM models
 * on the CPU backend), else with the graphs' {@code output} and {@code rnnTimeStep}; both give the same
 * probabilities within float rounding. Not thread-safe.
 */
public final class Translator {
    /** Sentences encoded and decoded together by {@link #greedy(List)}. */
    public static final int GREEDY_BATCH = 128;

    private final NmtModel model;
    private final ComputationGraph encoder;
    private final ComputationGraph decoder;
    private final List<String> decoderLayers;
    private final boolean allowDirect;
    private DirectEncoder directEncoder;
    private DirectDecoder direct;

    /** @param model the trained model (its parameters are copied now; see {@link #sync()}) */
    public Translator(NmtModel model) {
        this(model, true);
    }

    /**
     * @param model       the trained model (its parameters are copied now; see {@link #sync()})
     * @param allowDirect false to run the graphs ({@code output}, {@code rnnTimeStep}) even where
     *                    {@link DirectEncoder} and {@link DirectDecoder} apply (for tests)
     */
    Translator(NmtModel model, boolean allowDirect) {
        this.model = model;
        this.allowDirect = allowDirect;
        NmtConfig c = model.config();
        this.encoder = new ComputationGraph(NmtNetwork.encoder(c, model.source().size(), model.sourceEmbedding()));
        this.encoder.init();
        this.decoder = new ComputationGraph(NmtNetwork.decoder(c, model.target().size()));
        this.decoder.init();
        this.decoderLayers = NmtNetwork.decoderLayers(c);
        sync();
    }

    /** Copies the current parameters of the model's training graph into the decoding graphs. */
    public void sync() {
        copy(encoder);
        copy(decoder);
        directEncoder = allowDirect ? DirectEncoder.of(encoder, model.config()) : null;
        direct = directEncoder == null ? null : DirectDecoder.of(decoder, model.config());
    }

    /**
     * @return true if decoding computes the graphs' layers directly ({@link DirectEncoder}, {@link DirectDecoder}),
     *         not through the graphs
     */
    boolean stepsDirectly() {
        return direct != null;
    }

    private void copy(ComputationGraph into) {
        for (Layer l : into.getLayers()) {
            String name = l.conf().getLayer().getLayerName();
            l.setParams(model.graph().getLayer(name).params());
        }
    }

    /** @return the model being decoded */
    public NmtModel model() {
        return model;
    }

    /**
     * Runs the encoder.
     *
     * @param sources English token lists, each non-empty
     * @return the encoder's final states, the decoder's initial state {@code [n, layers · stateSize]}
     */
    public INDArray encode(List<List<String>> sources) {
        return encodeAll(sources).ctx();
    }

    /**
     * What the decoder reads from the encoder.
     *
     * @param ctx    the encoder's final states {@code [n, layers · stateSize]}
     * @param outs   with attention, the top layer's outputs {@code [n, units, Ts]}, else {@code null}
     * @param ids    with attention, the source ids {@code [n, 1, Ts]} (0 = padding), else {@code null}
     */
    private record Encoded(INDArray ctx, INDArray outs, INDArray ids) {
        /** @return this for one sentence repeated {@code rows} times (beam search) */
        Encoded repeat(int rows) {
            return rows == 1 ? this : new Encoded(ctx.repeat(0, rows), outs == null ? null : outs.repeat(0, rows),
                    ids == null ? null : ids.repeat(0, rows));
        }

        INDArray[] inputs(INDArray decIn) {
            return outs == null ? new INDArray[] {ctx, decIn} : new INDArray[] {ctx, decIn, outs, ids};
        }
    }

    /** @return the reversed source ids of each sentence */
    private List<int[]> sourceIds(List<List<String>> sources) {
        List<int[]> ids = new ArrayList<>();
        for (List<String> s : sources) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("cannot translate an empty sentence");
            }
            ids.add(NmtData.sourceIds(s, model.source()));
        }
        return ids;
    }

    /**
     * Starts decoding: encodes the sentences (directly where {@link DirectDecoder} applies, else with the encoder
     * graph) and clears the decoder graph's state.
     *
     * @param sources English sentences, each non-empty
     * @return the graph path's encoder outputs, or null on the direct path (whose decoder now holds them)
     */
    private Encoded begin(List<List<String>> sources) {
        Encoded ctx = null;
        if (direct != null) {
            direct.start(directEncoder.encode(sourceIds(sources)));
        } else {
            ctx = encodeAll(sources);
        }
        decoder.rnnClearPreviousState();
        return ctx;
    }

    private Encoded encodeAll(List<List<String>> sources) {
        INDArray[] p = NmtData.padded(sourceIds(sources));
        INDArray[] out = encoder.output(false, new INDArray[] {p[0]}, new INDArray[] {p[1]});
        return out.length == 1 ? new Encoded(out[0], null, null) : new Encoded(out[0], out[1], p[0]);
    }

    /**
     * @param sources English token lists, each non-empty
     * @param beam    beam width; 1 = greedy
     * @return French token lists (without {@code <eos>})
     */
    public List<List<String>> translate(List<List<String>> sources, int beam) {
        if (beam <= 1) {
            return greedy(sources);
        }
        List<List<String>> out = new ArrayList<>();
        for (List<String> s : sources) {
            out.add(beam(s, beam));
        }
        return out;
    }

    /**
     * Greedy decoding of many sentences, {@value #GREEDY_BATCH} at a time.
     *
     * @param sources English token lists, each non-empty
     * @return French token lists (without {@code <eos>})
     */
    public List<List<String>> greedy(List<List<String>> sources) {
        List<List<String>> out = new ArrayList<>(sources.size());
        for (int from = 0; from < sources.size(); from += GREEDY_BATCH) {
            out.addAll(greedyBatch(sources.subList(from, Math.min(sources.size(), from + GREEDY_BATCH))));
        }
        return out;
    }

    /**
     * @param source English tokens, non-empty
     * @return the greedy French translation (without {@code <eos>})
     */
    public List<String> greedyOne(List<String> source) {
        return greedyBatch(List.of(source)).get(0);
    }

    private List<List<String>> greedyBatch(List<List<String>> sources) {
        int n = sources.size();
        Encoded ctx = begin(sources);
        List<List<String>> out = new ArrayList<>();
        boolean[] done = new boolean[n];
        int[] prev = new int[n];
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
            prev[i] = Vocabulary.GO_ID;
        }
        int remaining = n;
        int v = model.target().size();
        for (int step = 0; step < model.config().maxOutput() && remaining > 0; step++) {
            // the most probable word is the one with the largest score: no softmax needed on the direct path
            float[] z = direct != null ? direct.step(prev) : null;
            float[][] p = direct != null ? null : step(ctx, prev);
            for (int i = 0; i < n; i++) {
                int best = z != null ? argMax(z, i * v, v) : argMax(p[i], 0, p[i].length);
                prev[i] = best;
                if (done[i]) {
                    continue;
                }
                if (best == Vocabulary.EOS_ID) {
                    done[i] = true;
                    remaining--;
                } else {
                    out.get(i).add(model.target().word(best));
                }
            }
        }
        decoder.rnnClearPreviousState();
        return out;
    }

    /**
     * A greedy translation and where the model looked for each word.
     *
     * @param source  the English tokens, in reading order
     * @param words   the French tokens, then {@code <eos>} if it was produced
     * @param weights {@code weights[i][j]}: the attention of output word i on English token j (each row sums to 1)
     */
    public record Attended(List<String> source, List<String> words, float[][] weights) {
    }

    /**
     * Greedy decoding of one sentence, keeping the attention weights of each step.
     *
     * @param source English tokens, non-empty
     * @return the translation (ending with {@code <eos>} if produced) and its weights
     * @throws IllegalStateException if the model has no attention
     */
    public Attended attend(List<String> source) {
        if (model.config().attention() == Attention.NONE) {
            throw new IllegalStateException("the model has no attention (trained with --attention none)");
        }
        Encoded ctx = encodeAll(List.of(source));
        GlobalAttentionVertex.Impl attn = (GlobalAttentionVertex.Impl) decoder.getVertex(NmtNetwork.ATTN);
        decoder.rnnClearPreviousState();
        List<String> words = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        int prev = Vocabulary.GO_ID;
        int n = source.size();
        for (int step = 0; step < model.config().maxOutput(); step++) {
            float[] p = step(ctx, new int[] {prev})[0];
            prev = argMax(p, 0, p.length);
            float[] reversed = attn.lastWeights().reshape(n).toFloatVector();   // the encoder reads reversed
            float[] row = new float[n];
            for (int j = 0; j < n; j++) {
                row[j] = reversed[n - 1 - j];
            }
            rows.add(row);
            words.add(prev == Vocabulary.EOS_ID ? Vocabulary.EOS : model.target().word(prev));
            if (prev == Vocabulary.EOS_ID) {
                break;
            }
        }
        decoder.rnnClearPreviousState();
        return new Attended(List.copyOf(source), words, rows.toArray(float[][]::new));
    }

    /** One decoder step: feeds {@code prev} (one id per row) and returns the next-word probabilities. */
    private float[][] step(Encoded ctx, int[] prev) {
        float[] tok = new float[prev.length];
        for (int i = 0; i < prev.length; i++) {
            tok[i] = prev[i];
        }
        INDArray in = Nd4j.create(tok, new long[] {prev.length, 1, 1}, 'c');
        INDArray o = decoder.rnnTimeStep(ctx.inputs(in))[0];
        int rows = (int) o.size(0);
        int cols = (int) o.size(1);
        float[] flat = o.dup('c').data().asFloat();   // one copy: toFloatMatrix reads element by element
        float[][] p = new float[rows][];
        for (int i = 0; i < rows; i++) {
            p[i] = Arrays.copyOfRange(flat, i * cols, (i + 1) * cols);
        }
        return p;
    }

    /** @return the index (from {@code from}) of the largest of {@code p[from, from + n)}, the first of ties */
    private static int argMax(float[] p, int from, int n) {
        int best = from;
        for (int j = from + 1; j < from + n; j++) {
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return best - from;
    }

    /**
     * The softmax of each row of scores, as the output layer computes it.
     *
     * @param z    the scores {@code [rows · v]}, row-major
     * @param rows rows
     * @param v    the vocabulary size
     * @return the probabilities, one array per row
     */
    static float[][] softmax(float[] z, int rows, int v) {
        float[][] p = new float[rows][v];
        for (int i = 0; i < rows; i++) {
            int o = i * v;
            float max = z[o];
            for (int j = 1; j < v; j++) {
                max = Math.max(max, z[o + j]);
            }
            double sum = 0;
            float[] row = p[i];
            for (int j = 0; j < v; j++) {
                row[j] = (float) Math.exp(z[o + j] - max);
                sum += row[j];
            }
            float inv = (float) (1 / sum);
            for (int j = 0; j < v; j++) {
                row[j] *= inv;
            }
        }
        return p;
    }

    /**
     * The next-word probabilities of every step of the greedy translation of one sentence (for tests: the direct
     * step against the graph's).
     *
     * @param source English tokens, non-empty
     * @return one array per step, until {@code <eos>} or {@code maxOutput} steps
     */
    List<float[]> greedyProbabilities(List<String> source) {
        Encoded ctx = begin(List.of(source));
        List<float[]> out = new ArrayList<>();
        int prev = Vocabulary.GO_ID;
        for (int step = 0; step < model.config().maxOutput() && prev != Vocabulary.EOS_ID; step++) {
            float[] p = direct != null ? softmax(direct.step(new int[] {prev}), 1, model.target().size())[0]
                    : step(ctx, new int[] {prev})[0];
            out.add(p);
            prev = argMax(p, 0, p.length);
        }
        decoder.rnnClearPreviousState();
        return out;
    }

    private record Hyp(List<Integer> ids, double logProb, boolean ended) {
    }

    private record Candidate(int row, int word, double logProb) {
    }

    /**
     * Beam search with length normalisation.
     *
     * @param source English tokens, non-empty
     * @param k      beam width (1 = greedy)
     * @return the best French translation (without {@code <eos>})
     */
    public List<String> beam(List<String> source, int k) {
        return nBest(source, k, 1).get(0).words();
    }

    /**
     * A translation and its beam-search score.
     *
     * @param words French tokens (without {@code <eos>})
     * @param score log-probability / length^{@code lengthPenalty} (higher is better)
     */
    public record Scored(List<String> words, double score) {
    }

    /**
     * Beam search with length normalisation, keeping the best translations.
     *
     * @param source English tokens, non-empty
     * @param k      beam width (1 = greedy)
     * @param n      how many translations to return, at most {@code k}
     * @return the {@code n} (or, when fewer hypotheses survive, fewer but at least one) best translations, best
     *         first
     */
    public List<Scored> nBest(List<String> source, int k, int n) {
        if (k < 1 || n < 1 || n > k) {
            throw new IllegalArgumentException("need 1 <= n <= beam width, got n " + n + ", width " + k);
        }
        Encoded ctx1 = begin(List.of(source));
        int v = model.target().size();
        List<Hyp> alive = List.of(new Hyp(List.of(), 0, false));
        List<Hyp> finished = new ArrayList<>();
        Map<String, Map<String, INDArray>> states = null;
        for (int step = 0; step < model.config().maxOutput() && !alive.isEmpty() && finished.size() < k; step++) {
            int rows = alive.size();
            float[][] p;
            if (direct != null) {
                p = softmax(direct.step(lastWords(alive)), rows, v);
            } else {
                restoreStates(states);
                p = step(ctx1.repeat(rows), lastWords(alive));
            }
            List<Hyp> next = new ArrayList<>();
            List<Integer> parents = new ArrayList<>();
            for (Candidate c : topCandidates(alive, p, k - finished.size())) {
                List<Integer> ids = alive.get(c.row()).ids();
                if (c.word() == Vocabulary.EOS_ID) {
                    finished.add(new Hyp(ids, c.logProb(), true));
                } else {
                    List<Integer> longer = new ArrayList<>(ids);
                    longer.add(c.word());
                    next.add(new Hyp(longer, c.logProb(), false));
                    parents.add(c.row());
                }
            }
            if (!next.isEmpty()) {
                int[] kept = parents.stream().mapToInt(Integer::intValue).toArray();
                if (direct != null) {
                    direct.keep(kept);
                } else {
                    states = statesOf(kept);
                }
            }
            alive = next;
        }
        decoder.rnnClearPreviousState();
        List<Scored> out = new ArrayList<>();
        for (Hyp h : ranked(finished, alive, k)) {
            if (out.size() == n) {
                break;
            }
            List<String> words = new ArrayList<>();
            for (int id : h.ids()) {
                words.add(model.target().word(id));
            }
            out.add(new Scored(words, score(h)));
        }
        return out;
    }

    /** Candidates compare by log-probability, then earlier row, then smaller word id. */
    private static final Comparator<Candidate> WORST_FIRST = Comparator.comparingDouble(Candidate::logProb)
            .thenComparing(Comparator.comparingInt(Candidate::row).reversed())
            .thenComparing(Comparator.comparingInt(Candidate::word).reversed());

    private static int[] lastWords(List<Hyp> alive) {
        int[] prev = new int[alive.size()];
        for (int i = 0; i < prev.length; i++) {
            List<Integer> ids = alive.get(i).ids();
            prev[i] = ids.isEmpty() ? Vocabulary.GO_ID : ids.get(ids.size() - 1);
        }
        return prev;
    }

    private void restoreStates(Map<String, Map<String, INDArray>> states) {
        if (states == null) {
            decoder.rnnClearPreviousState();
        } else {
            for (String layer : decoderLayers) {
                decoder.rnnSetPreviousState(layer, states.get(layer));
            }
        }
    }

    /** @return the {@code width} most likely extensions of the live hypotheses, best first */
    private static List<Candidate> topCandidates(List<Hyp> alive, float[][] p, int width) {
        PriorityQueue<Candidate> top = new PriorityQueue<>(WORST_FIRST);
        for (int i = 0; i < alive.size(); i++) {
            double base = alive.get(i).logProb();
            for (int w = 0; w < p[i].length; w++) {
                double logProb = base + Math.log(Math.max(p[i][w], 1e-30f));
                if (top.size() == width && logProb < top.peek().logProb()) {
                    continue;   // worse than the worst kept: no candidate object
                }
                Candidate c = new Candidate(i, w, logProb);
                if (top.size() < width) {
                    top.add(c);
                } else if (WORST_FIRST.compare(c, top.peek()) > 0) {
                    top.poll();
                    top.add(c);
                }
            }
        }
        List<Candidate> chosen = new ArrayList<>(top);
        chosen.sort(WORST_FIRST.reversed());
        return chosen;
    }

    /** @return the decoder's current state, rows {@code rows} of each layer's state arrays */
    private Map<String, Map<String, INDArray>> statesOf(int[] rows) {
        Map<String, Map<String, INDArray>> states = new HashMap<>();
        for (String layer : decoderLayers) {
            Map<String, INDArray> s = new HashMap<>();
            for (Map.Entry<String, INDArray> e : decoder.rnnGetPreviousState(layer).entrySet()) {
                s.put(e.getKey(), e.getValue().getRows(rows));
            }
            states.put(layer, s);
        }
        return states;
    }

    /**
     * @return the finished (or, with fewer than {@code k} finished, also the live) hypotheses, best normalised score
     *         first (ties: the earlier found)
     */
    private List<Hyp> ranked(List<Hyp> finished, List<Hyp> alive, int k) {
        List<Hyp> pool = new ArrayList<>(finished);
        if (finished.size() < k) {
            pool.addAll(alive);
        }
        pool.sort(Comparator.comparingDouble(this::score).reversed());
        return pool;
    }

    /** @return log-probability / length^lengthPenalty, {@code <eos>} counted in the length of an ended one */
    private double score(Hyp h) {
        int length = h.ids().size() + (h.ended() ? 1 : 0);
        return h.logProb() / Math.pow(Math.max(1, length), model.config().lengthPenalty());
    }

    /**
     * Translates one line of text, telling {@code notes} when it is truncated to the model's {@code maxLength} or
     * has unknown words.
     *
     * @param line  an English sentence
     * @param beam  beam width (1 = greedy)
     * @param notes receives notes for the user, one line each
     * @return the French translation, detokenised ("" for a blank line)
     */
    public String translateLine(String line, int beam, Consumer<String> notes) {
        List<String> tokens = tokens(line, notes);
        if (tokens.isEmpty()) {
            return "";
        }
        List<String> fr = beam <= 1 ? greedyOne(tokens) : beam(tokens, beam);
        return Tokenizer.detokenizeFrench(fr);
    }

    /**
     * Translates one line of text with beam search, keeping the {@code n} best translations.
     *
     * @param line  an English sentence
     * @param beam  beam width
     * @param n     translations kept, at most {@code beam}
     * @param notes receives notes for the user, one line each
     * @return the best translations, best first (none for a blank line)
     */
    public List<Scored> translateLineNBest(String line, int beam, int n, Consumer<String> notes) {
        List<String> tokens = tokens(line, notes);
        return tokens.isEmpty() ? List.of() : nBest(tokens, beam, n);
    }

    /** The tokens of a line, truncated to the model's {@code maxLength}, unknown words noted. */
    private List<String> tokens(String line, Consumer<String> notes) {
        List<String> tokens = Tokenizer.english(line);
        int max = model.config().maxLength();
        if (tokens.size() > max) {
            notes.accept(String.format(Locale.ROOT, "note: %d tokens, more than the model's --max-length %d: "
                    + "translating the first %d", tokens.size(), max, max));
            tokens = tokens.subList(0, max);
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (String w : tokens) {
            if (!model.source().contains(w)) {
                unknown.add(w);
            }
        }
        if (!unknown.isEmpty()) {
            notes.accept("note: unknown words read as " + Vocabulary.UNK + ": " + String.join(", ", unknown));
        }
        return tokens;
    }
}
