package org.rnnsuite.nmt;

import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/**
 * The decoder graph's step ({@code rnnTimeStep} of {@link NmtNetwork#decoder}) computed directly from the graph's
 * own parameters: the target embedding rows, each LSTM layer's two products and cell update, the attention of the
 * top layer's output over the encoder's outputs (dot, general or additive) with the attentional hidden state, and
 * the output layer's product. The parameters are read where the graph keeps them (views, no copies), the products
 * go to OpenBLAS directly ({@link DirectMath}) and the rest runs in Java loops on buffers allocated once, so a step
 * costs the products and little else. {@code rnnTimeStep} passes every step through DL4J's graph machinery (vertex
 * order, input and output arrays, workspaces) and one ND4J operation after another, and with attention applies
 * {@code W_a} / {@code U_a} to all the encoder's outputs again at every step; here the keys are computed once per
 * sentence.
 *
 * <p>The equations and parameters are the graph's, so the probabilities equal {@code rnnTimeStep}'s within float
 * rounding (the tests compare them). Applies to float LSTM decoders on the CPU backend ({@link #of} returns null
 * otherwise: the translator then steps the graph). Not thread-safe.
 */
final class DirectDecoder {
    private final Attention attention;
    private final int layers;
    private final int units;
    private final int vocab;
    // parameters (views of the graph's)
    private final DirectMath.Embedding emb;
    private final DirectMath.Lstm[] lstm;
    private final DirectMath.Mat keysW;     // general: W_a, additive: U_a [H, H]
    private final DirectMath.Mat queryW;    // additive: W_a [H, H]
    private final float[] scoreV;           // additive: v_a [H]
    private final DirectMath.Mat hiddenW;   // attention: W_c [2H, H]
    private final float[] hiddenB;
    private final DirectMath.Mat outW;      // [H, vocab]
    private final float[] outB;
    // native buffers
    private final DirectMath.Rows xN;
    private final DirectMath.Rows[] hN;
    private final DirectMath.Rows gN;
    private final DirectMath.Rows catN;
    private final DirectMath.Rows hidN;
    private final DirectMath.Rows logitsN;
    // the state of each row
    private int n;
    private int[] sentence = new int[0];    // the sentence each row translates
    private float[][] h;                    // per layer [n, H]
    private float[][] c;
    // the encoder's outputs of each sentence (attention): keys and values [ts, H], the lengths
    private int ts;
    private int[] lengths;
    private float[][] keys;
    private float[][] values;
    // scratch
    private float[] x = new float[0];
    private float[] gates = new float[0];
    private float[] q = new float[0];
    private float[] cat = new float[0];
    private float[] scores = new float[0];
    private float[] hidden = new float[0];
    private float[] logits = new float[0];

    private DirectDecoder(ComputationGraph graph, NmtConfig c) {
        this.attention = c.attention();
        this.layers = c.layers();
        this.units = c.units();
        this.emb = new DirectMath.Embedding(graph.getLayer(NmtNetwork.TGT_EMB));
        this.lstm = new DirectMath.Lstm[layers];
        this.hN = new DirectMath.Rows[layers];
        for (int l = 0; l < layers; l++) {
            lstm[l] = DirectMath.Lstm.of(graph.getLayer(NmtNetwork.decoderLayer(l)));
            hN[l] = new DirectMath.Rows(units);
        }
        keysW = attention == Attention.GENERAL || attention == Attention.ADDITIVE ? weight(graph, NmtNetwork.ATTN_KEYS)
                : null;
        queryW = attention == Attention.ADDITIVE ? weight(graph, NmtNetwork.ATTN_QUERY) : null;
        scoreV = attention == Attention.ADDITIVE ? weight(graph, NmtNetwork.ATTN_SCORES).elements() : null;
        hiddenW = attention != Attention.NONE ? weight(graph, NmtNetwork.ATTN_HIDDEN) : null;
        hiddenB = attention != Attention.NONE ? DirectMath.Mat.of(graph.getLayer(NmtNetwork.ATTN_HIDDEN)
                .getParam(DefaultParamInitializer.BIAS_KEY)).elements() : null;
        this.outW = weight(graph, NmtNetwork.OUT);
        this.outB = DirectMath.Mat.of(graph.getLayer(NmtNetwork.OUT).getParam(DefaultParamInitializer.BIAS_KEY))
                .elements();
        this.vocab = outW.cols();
        this.xN = new DirectMath.Rows(emb.size());
        this.gN = new DirectMath.Rows(4 * units);
        this.catN = new DirectMath.Rows(2 * units);
        this.hidN = new DirectMath.Rows(units);
        this.logitsN = new DirectMath.Rows(vocab);
        this.h = new float[layers][0];
        this.c = new float[layers][0];
    }

    private static DirectMath.Mat weight(ComputationGraph graph, String layer) {
        return DirectMath.Mat.of(graph.getLayer(layer).getParam(DefaultParamInitializer.WEIGHT_KEY));
    }

    /**
     * @param graph the decoder graph ({@link NmtNetwork#decoder})
     * @param c     its configuration
     * @return the direct step of this graph, or null if the graph computes another one (not float, not LSTM
     *         layers with sigmoid gates and tanh, not the CPU backend): then step the graph
     */
    static DirectDecoder of(ComputationGraph graph, NmtConfig c) {
        if (!DirectMath.appliesToStack(graph, c, NmtNetwork.TGT_EMB, NmtNetwork::decoderLayer, true, false)) {
            return null;
        }
        Layer out = graph.getLayer(NmtNetwork.OUT);
        if (out == null || !(out.conf().getLayer() instanceof BaseOutputLayer o)
                || !(o.getActivationFn() instanceof ActivationSoftmax) || !o.hasBias()) {
            return null;
        }
        return new DirectDecoder(graph, c);
    }

    /**
     * Starts decoding sentences, one row each: each decoder layer's state is its encoder layer's final state, and
     * with attention the keys are computed from the encoder's outputs.
     *
     * @param src the encoder's results ({@link DirectEncoder#encode})
     */
    void start(DirectEncoder.Source src) {
        n = src.n();
        int u = units;
        int width = layers * 2 * u;
        for (int l = 0; l < layers; l++) {
            h[l] = new float[n * u];
            c[l] = new float[n * u];
            for (int i = 0; i < n; i++) {
                System.arraycopy(src.states(), i * width + l * 2 * u, h[l], i * u, u);
                System.arraycopy(src.states(), i * width + l * 2 * u + u, c[l], i * u, u);
            }
        }
        sentence = new int[n];
        for (int i = 0; i < n; i++) {
            sentence[i] = i;
        }
        if (attention == Attention.NONE) {
            return;
        }
        ts = src.ts();
        lengths = src.lengths();
        values = src.outputs();
        keys = values;
        if (keysW != null) {   // W_a e_s or U_a e_s, once per sentence
            int rows = n * ts;
            FloatPointer e = catN.ensure(rows);   // 2H wide: room for the values and the keys
            for (int i = 0; i < n; i++) {
                e.getPointer((long) i * ts * u).put(values[i], 0, ts * u);
            }
            FloatPointer k = e.getPointer((long) rows * u);
            DirectMath.product(rows, e, u, keysW, k, 0f);
            keys = new float[n][ts * u];
            for (int i = 0; i < n; i++) {
                k.getPointer((long) i * ts * u).get(keys[i], 0, ts * u);
            }
        }
    }

    /**
     * Keeps some rows, in a new order (beam search: the parents of the hypotheses kept).
     *
     * @param rows for each new row, the old row it continues
     */
    void keep(int[] rows) {
        for (int l = 0; l < layers; l++) {
            float[] hh = new float[rows.length * units];
            float[] cc = new float[rows.length * units];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(h[l], rows[i] * units, hh, i * units, units);
                System.arraycopy(c[l], rows[i] * units, cc, i * units, units);
            }
            h[l] = hh;
            c[l] = cc;
        }
        int[] sent = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            sent[i] = sentence[rows[i]];
        }
        sentence = sent;
        n = rows.length;
    }

    /**
     * One step of every row.
     *
     * @param prev the word each row read last, one id per row
     * @return the scores before the softmax, {@code [rows · vocab]} row-major (the output layer's probabilities are
     *         their softmax); overwritten by the next call
     */
    float[] step(int[] prev) {
        if (prev.length != n) {
            throw new IllegalArgumentException(prev.length + " words for " + n + " rows");
        }
        int e = emb.size();
        int u = units;
        x = DirectMath.grow(x, n * e);
        for (int i = 0; i < n; i++) {
            emb.row(prev[i], x, i * e);
        }
        FloatPointer in = xN.ensure(n);
        in.put(x, 0, n * e);
        int width = e;
        gates = DirectMath.grow(gates, n * 4 * u);
        for (int l = 0; l < layers; l++) {
            FloatPointer g = gN.ensure(n);
            FloatPointer hp = hN[l].ensure(n);
            hp.put(h[l], 0, n * u);
            DirectMath.product(n, in, width, lstm[l].w(), g, 0f);
            DirectMath.product(n, hp, u, lstm[l].rw(), g, 1f);
            g.get(gates, 0, n * 4 * u);
            DirectMath.lstmCell(gates, 0, lstm[l].b(), c[l], h[l], n, u);
            hp.put(h[l], 0, n * u);
            in = hp;
            width = u;
        }
        if (attention != Attention.NONE) {
            in = attend(h[layers - 1], in);
        }
        FloatPointer z = logitsN.ensure(n);
        DirectMath.product(n, in, u, outW, z, 0f);
        logits = DirectMath.grow(logits, n * vocab);
        z.get(logits, 0, n * vocab);
        for (int i = 0; i < n; i++) {
            int o = i * vocab;
            for (int j = 0; j < vocab; j++) {
                logits[o + j] += outB[j];
            }
        }
        return logits;
    }

    /**
     * The attention of each row's top-layer output over its sentence's encoder outputs (the softmax of the scores
     * over the real source steps, the context {@code c_t}), then the attentional hidden state
     * {@code tanh(W_c [c_t; h_t] + b)}.
     *
     * @param top    the top layer's outputs {@code [n, H]}
     * @param topN   the same, native
     * @return the hidden states {@code [n, H]}, native
     */
    private FloatPointer attend(float[] top, FloatPointer topN) {
        int u = units;
        float[] query = top;
        if (attention == Attention.ADDITIVE) {   // W_a h_t
            FloatPointer qn = hidN.ensure(n);
            DirectMath.product(n, topN, u, queryW, qn, 0f);
            q = DirectMath.grow(q, n * u);
            qn.get(q, 0, n * u);
            query = q;
        }
        cat = DirectMath.grow(cat, n * 2 * u);
        scores = DirectMath.grow(scores, ts);
        for (int i = 0; i < n; i++) {
            int si = sentence[i];
            float[] k = keys[si];
            float[] v = values[si];
            int len = lengths[si];
            int qo = i * u;
            float max = Float.NEGATIVE_INFINITY;
            for (int s = 0; s < len; s++) {
                int ko = s * u;
                float sc = 0;
                if (attention == Attention.ADDITIVE) {   // v_a · tanh(W_a h_t + U_a e_s)
                    for (int j = 0; j < u; j++) {
                        sc += scoreV[j] * DirectMath.tanh(query[qo + j] + k[ko + j]);
                    }
                } else {                                  // h_t · k_s
                    for (int j = 0; j < u; j++) {
                        sc += query[qo + j] * k[ko + j];
                    }
                }
                scores[s] = sc;
                max = Math.max(max, sc);
            }
            float sum = 0;
            for (int s = 0; s < len; s++) {
                scores[s] = (float) Math.exp(scores[s] - max);
                sum += scores[s];
            }
            int co = i * 2 * u;
            java.util.Arrays.fill(cat, co, co + u, 0f);
            for (int s = 0; s < len; s++) {   // padded steps have weight exactly 0 in the graph: left out
                float a = scores[s] / sum;
                int vo = s * u;
                for (int j = 0; j < u; j++) {
                    cat[co + j] += a * v[vo + j];
                }
            }
            System.arraycopy(top, i * u, cat, co + u, u);
        }
        FloatPointer cn = catN.ensure(n);
        cn.put(cat, 0, n * 2 * u);
        FloatPointer hid = hidN.ensure(n);
        DirectMath.product(n, cn, 2 * u, hiddenW, hid, 0f);
        hidden = DirectMath.grow(hidden, n * u);
        hid.get(hidden, 0, n * u);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < u; j++) {
                hidden[i * u + j] = DirectMath.tanh(hidden[i * u + j] + hiddenB[j]);
            }
        }
        hid.put(hidden, 0, n * u);
        return hid;
    }
}
