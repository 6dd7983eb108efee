package org.rnnsuite.nmt;

import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The encoder graph's forward pass ({@link NmtNetwork#encoder}, {@code output} with the source mask) computed
 * directly from the graph's own parameters, as {@link DirectDecoder} computes the decoder's step: the source
 * embedding rows, each LSTM layer's input product for all steps at once, then per step its recurrent product and
 * cell update; right-padded steps are zeroed as the layer's mask does, and each sentence's final state is taken at
 * its last real step, as {@code LastTimeStepVertex} does. {@code output} costs DL4J's graph machinery and one ND4J
 * operation after another, most of the time for one short sentence. Applies where {@link DirectDecoder} does
 * ({@link #of} returns null otherwise). Not thread-safe.
 */
final class DirectEncoder {
    /**
     * What the decoder reads from the encoder, for {@code n} sentences.
     *
     * @param n       sentences
     * @param ts      steps (the longest sentence's length)
     * @param lengths each sentence's length
     * @param states  the final states, row i = sentence i's {@code [h; c]} of every layer, bottom first
     *                {@code [n, layers · 2H]}
     * @param outputs the top layer's outputs {@code h} of each sentence, step by step {@code [ts, H]} (zeros at
     *                padded steps); null unless asked for (attention)
     */
    record Source(int n, int ts, int[] lengths, float[] states, float[][] outputs) {
    }

    private final int layers;
    private final int units;
    private final boolean outputs;
    private final DirectMath.Embedding emb;
    private final DirectMath.Lstm[] lstm;
    private final DirectMath.Rows xN;
    private final DirectMath.Rows gN;
    private final DirectMath.Rows[] hN;
    private float[] x = new float[0];
    private float[] gates = new float[0];
    private float[] top = new float[0];

    private DirectEncoder(ComputationGraph graph, NmtConfig c) {
        this.layers = c.layers();
        this.units = c.units();
        this.outputs = c.attention() != Attention.NONE;
        this.emb = new DirectMath.Embedding(graph.getLayer(NmtNetwork.SRC_EMB));
        this.lstm = new DirectMath.Lstm[layers];
        this.hN = new DirectMath.Rows[layers];
        for (int l = 0; l < layers; l++) {
            lstm[l] = DirectMath.Lstm.of(graph.getLayer(NmtNetwork.encoderLayer(l)));
            hN[l] = new DirectMath.Rows(units);
        }
        this.xN = new DirectMath.Rows(emb.size());
        this.gN = new DirectMath.Rows(4 * units);
    }

    /**
     * @param graph the encoder graph ({@link NmtNetwork#encoder})
     * @param c     its configuration
     * @return the direct forward pass of this graph, or null if it computes another one (then run the graph)
     */
    static DirectEncoder of(ComputationGraph graph, NmtConfig c) {
        return DirectMath.appliesToStack(graph, c, NmtNetwork.SRC_EMB, NmtNetwork::encoderLayer, false, true)
                ? new DirectEncoder(graph, c) : null;
    }

    /**
     * @param ids the reversed source ids of each sentence ({@link NmtData#sourceIds}), each non-empty
     * @return the final states and, with attention, the top layer's outputs
     */
    Source encode(List<int[]> ids) {
        int n = ids.size();
        int ts = ids.stream().mapToInt(s -> s.length).max().orElse(0);
        int[] lengths = ids.stream().mapToInt(s -> s.length).toArray();
        int u = units;
        int rows = ts * n;   // time-major: row s·n + i is sentence i at step s
        int e = emb.size();
        x = DirectMath.grow(x, rows * e);
        for (int s = 0; s < ts; s++) {
            for (int i = 0; i < n; i++) {
                int[] sentence = ids.get(i);
                emb.row(s < sentence.length ? sentence[s] : Vocabulary.PAD_ID, x, (s * n + i) * e);
            }
        }
        FloatPointer in = xN.ensure(rows);
        in.put(x, 0, rows * e);
        int width = e;
        float[] states = new float[n * layers * 2 * u];
        float[] h = new float[n * u];
        float[] c = new float[n * u];
        top = DirectMath.grow(top, rows * u);
        for (int l = 0; l < layers; l++) {
            DirectMath.Lstm p = lstm[l];
            FloatPointer g = gN.ensure(rows);
            FloatPointer out = hN[l].ensure(rows);
            DirectMath.product(rows, in, width, p.w(), g, 0f);   // x_t · W for every step at once
            java.util.Arrays.fill(h, 0f);
            java.util.Arrays.fill(c, 0f);
            gates = DirectMath.grow(gates, n * 4 * u);
            for (int s = 0; s < ts; s++) {
                FloatPointer gs = g.getPointer((long) s * n * 4 * u);
                if (s > 0) {
                    DirectMath.product(n, out.getPointer((long) (s - 1) * n * u), u, p.rw(), gs, 1f);
                }
                gs.get(gates, 0, n * 4 * u);
                DirectMath.lstmCell(gates, 0, p.b(), c, h, n, u);
                for (int i = 0; i < n; i++) {
                    if (s == lengths[i] - 1) {   // the last real step: the final state
                        int o = i * layers * 2 * u + l * 2 * u;
                        System.arraycopy(h, i * u, states, o, u);
                        System.arraycopy(c, i * u, states, o + u, u);
                    } else if (s >= lengths[i]) {   // padding: zeroed, as the layer's mask does
                        java.util.Arrays.fill(h, i * u, (i + 1) * u, 0f);
                        java.util.Arrays.fill(c, i * u, (i + 1) * u, 0f);
                    }
                }
                out.getPointer((long) s * n * u).put(h, 0, n * u);
                if (outputs && l == layers - 1) {
                    System.arraycopy(h, 0, top, s * n * u, n * u);
                }
            }
            in = out;
            width = u;
        }
        float[][] outs = null;
        if (outputs) {
            outs = new float[n][ts * u];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < ts; s++) {
                    System.arraycopy(top, (s * n + i) * u, outs[i], s * u, u);
                }
            }
        }
        return new Source(n, ts, lengths, states, outs);
    }
}
