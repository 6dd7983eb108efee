package org.rnnsuite.notebooks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.rnnsuite.common.layers.FastGru;
import org.rnnsuite.common.Seeds;

/**
 * Section 7, "LSTM", "Peephole connections" and "GRU": each cell's equations written by hand with ND4J for one time
 * step, applied step after step, against the library layer given the same parameters.
 *
 * <p>Checkout the complete code under "LSTM", "Peephole connections" and "GRU" in notebook (the notebook only swaps
 * {@code BasicLSTMCell}, {@code LSTMCell(use_peepholes=True)} and {@code GRUCell} into the MNIST classifier; the
 * equations are the book's). The LSTM step, in the book's notation (⊗ is the element-wise product):
 * <pre>
 *   i = σ(x·Wxi + h·Whi + bi)          input gate
 *   f = σ(x·Wxf + h·Whf + bf)          forget gate
 *   o = σ(x·Wxo + h·Who + bo)          output gate
 *   g = tanh(x·Wxg + h·Whg + bg)       candidate ("main layer")
 *   c' = f ⊗ c + i ⊗ g
 *   h' = y = o ⊗ tanh(c')
 * </pre>
 * With peephole connections the gates also look at the long-term state: the forget and input gates at the previous
 * c, the output gate at the new c' (one weight per unit: {@code f = σ(... + wf ⊗ c)}, {@code i = σ(... + wi ⊗ c)},
 * {@code o = σ(... + wo ⊗ c')}).
 *
 * <p><b>How DL4J stores the gates</b> (read in {@code LSTMHelpers.activateHelper} of 1.0.0-M2.1 and confirmed by this
 * section's equality to 1e-10): {@code W} is {@code [nIn, 4H]}, {@code RW} is {@code [H, 4H]} ({@code LSTM}) or
 * {@code [H, 4H + 3]} ({@code GravesLSTM}), {@code b} is {@code [1, 4H]}, and the four blocks of H columns are, in
 * order:
 * <pre>
 *   columns  [0, H)    [H, 2H)   [2H, 3H)   [3H, 4H)     4H    4H+1   4H+2     (GravesLSTM RW only)
 *   DL4J     "input"   forget    output     "input mod"  wFF   wOO    wGG
 *   book     g         f         o          i            wf    wo     wi
 * </pre>
 * DL4J's "input" block is the candidate g (it gets the layer's activation, tanh) and its "input modulation gate" is
 * the book's input gate i (it gets the gate activation, sigmoid). For comparison: TensorFlow 1's {@code LSTMCell}
 * kernel is ordered i, g (called j), f, o; Keras and PyTorch use i, f, g, o. Importing weights from either means
 * reordering the blocks. Note also that DL4J initialises the forget-gate bias to 1.0 by default
 * ({@code forgetGateBiasInit}), as TensorFlow's {@code forget_bias=1.0} does.
 *
 * <p><b>GRU.</b> DL4J has no GRU layer for {@code MultiLayerNetwork}; the project's {@link FastGru} follows PyTorch's
 * {@code nn.GRU}, with blocks [r, z, n] in {@code W [nIn, 3H]}, {@code RW [H, 3H]} and {@code b [3H]}, plus a
 * recurrent candidate bias {@code RB [H]}:
 * <pre>
 *   r  = σ(x·Wr + h·RWr + br)              reset gate
 *   z  = σ(x·Wz + h·RWz + bz)              update gate
 *   n  = tanh(x·Wn + bn + r ⊗ (h·RWn + RB))  candidate
 *   h' = (1 − z) ⊗ n + z ⊗ h
 * </pre>
 * The book's GRU (TensorFlow 1's {@code GRUCell}) applies the reset gate before the recurrent product,
 * {@code g = tanh(x·Wxg + (r ⊗ h)·Whg + bg)}, and has no {@code RB}; the update rule
 * {@code h' = z ⊗ h + (1 − z) ⊗ g} is the same. The two variants train equally well but are not interchangeable
 * weight for weight: this deviation comes from the project's layer, and the hand-written step here follows it.
 *
 * <p>Deliberate deviations: double precision (so the comparison holds to 1e-10) and a few steps of a tiny random
 * batch instead of MNIST (the classifier itself is section 5).
 */
public final class S07Cells {
    /** Inputs per step. */
    public static final int N_INPUTS = 3;
    /** Units (H). */
    public static final int N_UNITS = 4;
    /** Time steps. */
    public static final int N_STEPS = 3;
    /** Instances in the batch. */
    public static final int BATCH = 2;

    private S07Cells() {
    }

    /**
     * What the section computed: for each cell ({@code lstm}, {@code peephole}, ...), the outputs
     * {@code [batch, units, time]}.
     *
     * @param text    what it printed
     * @param byHand  outputs of the hand-written equations, by cell name
     * @param library outputs of the DL4J layer with the same parameters, by cell name
     */
    public record Result(String text, Map<String, INDArray> byHand, Map<String, INDArray> library)
            implements Section.Printed {
    }

    /**
     * Runs the section.
     *
     * @param seed random seed for parameters and inputs (default 42)
     * @param out  where to print
     * @return the printed text and both computations' outputs for each cell
     */
    @SuppressWarnings("deprecation")  // GravesLSTM: deprecated, yet DL4J's only LSTM with peepholes
    public static Result run(long seed, Transcript out) {
        Seeds.init(seed);
        INDArray x = Nd4j.randn(DataType.DOUBLE, BATCH, N_INPUTS, N_STEPS);
        Map<String, INDArray> byHand = new LinkedHashMap<>();
        Map<String, INDArray> library = new LinkedHashMap<>();

        out.heading("LSTM: the book's equations vs DL4J's LSTM (gate blocks [g, f, o, i])");
        {
            INDArray w = Nd4j.randn(DataType.DOUBLE, N_INPUTS, 4 * N_UNITS).muli(0.5);
            INDArray rw = Nd4j.randn(DataType.DOUBLE, N_UNITS, 4 * N_UNITS).muli(0.5);
            INDArray b = Nd4j.randn(DataType.DOUBLE, 1, 4 * N_UNITS).muli(0.5);
            MultiLayerNetwork net = single(seed, new LSTM.Builder().nIn(N_INPUTS).nOut(N_UNITS)
                    .activation(Activation.TANH).build());
            net.setParam("0_W", w);
            net.setParam("0_RW", rw);
            net.setParam("0_b", b);
            compare("lstm", x, net, (xt, state) -> lstmStep(xt, state[0], state[1], w, rw, b, false), 2, byHand,
                    library, out);
        }

        out.heading("Peephole LSTM: the book's equations vs DL4J's GravesLSTM (RW has 3 more columns)");
        {
            INDArray w = Nd4j.randn(DataType.DOUBLE, N_INPUTS, 4 * N_UNITS).muli(0.5);
            INDArray rw = Nd4j.randn(DataType.DOUBLE, N_UNITS, 4 * N_UNITS + 3).muli(0.5);
            INDArray b = Nd4j.randn(DataType.DOUBLE, 1, 4 * N_UNITS).muli(0.5);
            MultiLayerNetwork net = single(seed, new GravesLSTM.Builder().nIn(N_INPUTS).nOut(N_UNITS)
                    .activation(Activation.TANH).build());
            net.setParam("0_W", w);
            net.setParam("0_RW", rw);
            net.setParam("0_b", b);
            out.printf("RW %s: columns %d, %d, %d are the peepholes wf, wo, wi", S01ManualRnn.shape(rw),
                    4 * N_UNITS, 4 * N_UNITS + 1, 4 * N_UNITS + 2);
            compare("peephole", x, net, (xt, state) -> lstmStep(xt, state[0], state[1], w, rw, b, true), 2, byHand,
                    library, out);
        }

        out.heading("GRU: the project's FastGru layer (PyTorch's formulation, gate blocks [r, z, n])");
        {
            MultiLayerNetwork net = single(seed, new FastGru.Builder().nIn(N_INPUTS).nOut(N_UNITS)
                    .activation(Activation.TANH).build());
            INDArray w = Nd4j.randn(DataType.DOUBLE, N_INPUTS, 3 * N_UNITS).muli(0.5);
            INDArray rw = Nd4j.randn(DataType.DOUBLE, N_UNITS, 3 * N_UNITS).muli(0.5);
            INDArray b = Nd4j.randn(DataType.DOUBLE, net.getParam("0_b").shape()).muli(0.5);
            INDArray rb = Nd4j.randn(DataType.DOUBLE, net.getParam("0_RB").shape()).muli(0.5);
            net.setParam("0_W", w);
            net.setParam("0_RW", rw);
            net.setParam("0_b", b);
            net.setParam("0_RB", rb);
            out.printf("W %s, RW %s, b %s, RB %s", S01ManualRnn.shape(w), S01ManualRnn.shape(rw),
                    S01ManualRnn.shape(b), S01ManualRnn.shape(rb));
            compare("gru", x, net, (xt, state) -> new INDArray[] {gruStep(xt, state[0], w, rw, b, rb)}, 1, byHand,
                    library, out);
        }
        return new Result(out.text(), byHand, library);
    }

    /** One step of a cell: input {@code [batch, nIn]} and state arrays in, new state arrays out (output first). */
    @FunctionalInterface
    interface Step {
        /**
         * @param xt    the input at one step, {@code [batch, nIn]}
         * @param state the state arrays, output first
         * @return the new state arrays, output first
         */
        INDArray[] apply(INDArray xt, INDArray[] state);
    }

    private static void compare(String name, INDArray x, MultiLayerNetwork net, Step step, int stateArrays,
                                Map<String, INDArray> byHand, Map<String, INDArray> library, Transcript out) {
        INDArray expected = unroll(x, step, stateArrays);
        INDArray actual = net.output(x);
        byHand.put(name, expected);
        library.put(name, actual);
        out.array("by hand, last step", expected.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.point(N_STEPS - 1)));
        out.array("DL4J,    last step", actual.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.point(N_STEPS - 1)));
        out.printf("all %d steps: max |by hand - DL4J| = %.2e", N_STEPS, Tensors.maxAbsDiff(expected, actual));
    }

    /** Applies a one-step function over every time step from a zero state; returns the outputs [batch, H, time]. */
    private static INDArray unroll(INDArray x, Step step, int stateArrays) {
        INDArray[] state = new INDArray[stateArrays];
        for (int s = 0; s < stateArrays; s++) {
            state[s] = Nd4j.zeros(x.dataType(), x.size(0), N_UNITS);
        }
        INDArray outputs = Nd4j.zeros(x.dataType(), x.size(0), N_UNITS, x.size(2));
        for (long t = 0; t < x.size(2); t++) {
            INDArray xt = x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t));
            state = step.apply(xt, state);
            outputs.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)).assign(state[0]);
        }
        return outputs;
    }

    /**
     * One LSTM step, the book's equations with DL4J's parameter layout.
     *
     * @param x         input {@code [batch, nIn]}
     * @param h         previous output {@code [batch, H]}
     * @param c         previous long-term state {@code [batch, H]}
     * @param w         input weights {@code [nIn, 4H]}, blocks [g, f, o, i]
     * @param rw        recurrent weights {@code [H, 4H]}, or {@code [H, 4H + 3]} with the peepholes wf, wo, wi last
     * @param b         bias {@code [1, 4H]}
     * @param peepholes whether to use the three peephole columns of {@code rw}
     * @return {@code {h', c'}}
     */
    public static INDArray[] lstmStep(INDArray x, INDArray h, INDArray c, INDArray w, INDArray rw, INDArray b,
                                      boolean peepholes) {
        int units = (int) h.size(1);
        INDArray z = x.mmul(w).addi(h.mmul(rw.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4 * units))))
                .addiRowVector(b);
        INDArray zg = block(z, 0, units);
        INDArray zf = block(z, 1, units);
        INDArray zo = block(z, 2, units);
        INDArray zi = block(z, 3, units);
        if (peepholes) {
            zf.addi(c.mulRowVector(column(rw, 4 * units)));
            zi.addi(c.mulRowVector(column(rw, 4 * units + 2)));
        }
        INDArray f = Transforms.sigmoid(zf);
        INDArray i = Transforms.sigmoid(zi);
        INDArray g = Transforms.tanh(zg);
        INDArray cNew = f.mul(c).addi(i.mul(g));
        if (peepholes) {
            zo.addi(cNew.mulRowVector(column(rw, 4 * units + 1)));
        }
        INDArray o = Transforms.sigmoid(zo);
        INDArray hNew = o.mul(Transforms.tanh(cNew));
        return new INDArray[] {hNew, cNew};
    }

    /**
     * One GRU step in the formulation of the project's {@link FastGru} (PyTorch's {@code nn.GRU}).
     *
     * @param x  input {@code [batch, nIn]}
     * @param h  previous state {@code [batch, H]}
     * @param w  input weights {@code [nIn, 3H]}, blocks [r, z, n]
     * @param rw recurrent weights {@code [H, 3H]}, blocks [r, z, n]
     * @param b  bias {@code [3H]}, blocks [r, z, n]
     * @param rb recurrent candidate bias {@code [H]}
     * @return the new state {@code h'} (also the output)
     */
    public static INDArray gruStep(INDArray x, INDArray h, INDArray w, INDArray rw, INDArray b, INDArray rb) {
        int units = (int) h.size(1);
        INDArray xw = x.mmul(w).addiRowVector(b.reshape(1, 3L * units));
        INDArray hw = h.mmul(rw);
        INDArray r = Transforms.sigmoid(block(xw, 0, units).addi(block(hw, 0, units)));
        INDArray z = Transforms.sigmoid(block(xw, 1, units).addi(block(hw, 1, units)));
        INDArray n = Transforms.tanh(block(xw, 2, units)
                .addi(r.mul(block(hw, 2, units).addiRowVector(rb.reshape(1, units)))));
        return z.rsub(1.0).muli(n).addi(z.mul(h));   // h' = (1 - z) ⊗ n + z ⊗ h
    }

    /**
     * @param a     a {@code [rows, n·H]} array
     * @param k     the block index
     * @param units H
     * @return columns {@code [k·H, (k+1)·H)} of {@code a}, as a copy
     */
    static INDArray block(INDArray a, int k, int units) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval((long) k * units, (long) (k + 1) * units)).dup();
    }

    /** Column {@code j} of a matrix as a row vector {@code [1, rows]}. */
    private static INDArray column(INDArray m, int j) {
        INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.point(j)};
        return m.get(idx).reshape(1, m.size(0));
    }

    /**
     * A one-layer network around a recurrent layer, double precision.
     *
     * @param seed  seed of the (overwritten) initial weights
     * @param layer the recurrent layer
     * @return the initialised network
     */
    static MultiLayerNetwork single(long seed, Layer layer) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.DOUBLE)
                .list()
                .layer(layer)
                .build());
        net.init();
        return net;
    }

    /**
     * Runs the section with seed 42 and prints it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(Seeds.DEFAULT_SEED, Transcript.echoing(System.out));
    }
}
