package org.rnnsuite.common.layers;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.GravesLSTM;
import org.deeplearning4j.nn.params.GravesLSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer of {@link FastPeepholeLstm}: DL4J's {@link GravesLSTM} with a faster forward and backward pass for float
 * networks (NCW input, sigmoid gates, tanh activation, no weight noise, from the zero state); everything else is
 * DL4J's own code.
 *
 * <p>Equations (DL4J's, gate columns in the order block input, forget, output, input gate; {@code p_f, p_o, p_g} the
 * peephole columns {@code 4H, 4H+1, 4H+2} of {@code RW}): {@code z = x_t·W + h_{t−1}·RW[:, :4H] + b},
 * {@code a = tanh(z_a)}, {@code f = σ(z_f + c_{t−1} ⊙ p_f)}, {@code g = σ(z_g + c_{t−1} ⊙ p_g)},
 * {@code c_t = f ⊙ c_{t−1} + g ⊙ a}, {@code o = σ(z_o + c_t ⊙ p_o)}, {@code h_t = o ⊙ tanh(c_t)}; with a mask,
 * {@code h_t} and {@code c_t} are multiplied by the step's mask value and no gradient flows through masked steps.
 *
 * <p>Buffers are time-major, as in {@link FastLstmImpl}: the off-heap ones ({@code [T·m, ·]}) feed OpenBLAS, the
 * heap ones hold each step's gate activations and cell states for back-propagation; they are reused while the
 * batch size and input size are unchanged.
 */
public class FastPeepholeLstmImpl extends GravesLSTM {
    private long bufM = -1;
    private long capT = -1;
    private long bufNIn = -1;
    private INDArray x2All;   // [T*m, nIn] inputs
    private INDArray g2All;   // [T*m, 4H] gate pre-activations, then dL/d(pre-activations)
    private INDArray h2All;   // [(T+1)*m, H] outputs; block 0 = zeros
    private INDArray dh2All;  // [T*m, H] dL/dh
    private INDArray onesAll; // [1, T*m]
    private INDArray[] gBlocks;
    private INDArray[] hBlocks;
    private INDArray[] dhBlocks;
    private FloatBuffer gBuf;
    private FloatBuffer hBuf;
    private FloatBuffer dhBuf;
    private float[] actF;     // [T, 4, m, H] per step the blocks of a, f, o, g (activations)
    private float[] cF;       // [(T+1)*m, H] cell states; block 0 = zeros
    private float[] tcF;      // [T*m, H] tanh(c_t) before the mask
    private float[] maskF;    // [T*m] the mask, time-major
    private float[] pf;       // [m, H] the peephole weights, repeated for every row
    private float[] po;
    private float[] pg;
    private float[] aW;       // [m, H] one step's gates (activations, then gradients)
    private float[] fW;
    private float[] oW;
    private float[] gW;
    private float[] cpW;      // [m, H] previous cell state
    private float[] cnW;      // [m, H] new cell state
    private float[] tcW;      // [m, H] tanh of it
    private float[] hW;       // [m, H] output
    private float[] dhW;      // [m, H] dL/dh
    private float[] dcW;      // [m, H] dL/dc
    private float[] carryW;   // [m, H] dL/dc_{t} through step t+1: f ⊙ dc + df ⊙ p_f + dg ⊙ p_g
    private float[] accF;     // [m, H] per-row sums over the steps of the peephole weights' gradients
    private float[] accO;
    private float[] accG;
    private INDArray cachedFor;
    private INDArray xRows;   // [T*m, nIn] the inputs of the kept pass: rows of x2All, or a view of the input
    private INDArray cachedMask;
    /** Backward passes computed by this class rather than DL4J's code (for tests). */
    long fastBackwardPasses;

    /**
     * @param conf     the layer's configuration
     * @param dataType the network's data type
     */
    public FastPeepholeLstmImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean fastPathApplies() {
        org.deeplearning4j.nn.conf.layers.GravesLSTM c = layerConf();
        return Kernels.applies(dataType) && c.getGateActivationFn() instanceof ActivationSigmoid
                && c.getActivationFn() instanceof ActivationTanH && c.getWeightNoise() == null
                && c.getRnnDataFormat() == RNNFormat.NCW && input != null && input.rank() == 3
                && input.dataType() == dataType
                && (maskArray == null || maskArray.rank() == 2 && maskArray.size(1) == input.size(2));
    }

    /**
     * The forward pass from the zero state; in training mode its activations are kept for {@link #backpropGradient}.
     *
     * @param training     true while training (dropout on the input, activations kept)
     * @param workspaceMgr DL4J's workspace manager
     * @return the activations {@code [m, H, T]} (NCW)
     */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        cachedFor = null;
        if (!fastPathApplies()) {
            return super.activate(training, workspaceMgr);
        }
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        int m = (int) input.size(0);
        int nIn = (int) layerConf().getNIn();
        int t = (int) input.size(2);
        int h = (int) layerConf().getNOut();
        if (input.size(1) != nIn) {
            throw new IllegalStateException("layer " + layerConf().getLayerName() + " expects " + nIn
                    + " input channels, got " + input.size(1));
        }
        INDArray w = getParamWithNoise(GravesLSTMParamInitializer.INPUT_WEIGHT_KEY, training, workspaceMgr);
        INDArray rwAll = getParamWithNoise(GravesLSTMParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(GravesLSTMParamInitializer.BIAS_KEY, training, workspaceMgr);
        INDArray rw = rwAll.get(all(), interval(0, 4 * h));
        buffers(m, nIn, t, h);
        int n = m * h;
        repeatRows(rwAll.getColumn(4L * h), pf, m, h);
        repeatRows(rwAll.getColumn(4L * h + 1), po, m, h);
        repeatRows(rwAll.getColumn(4L * h + 2), pg, m, h);
        boolean masked = maskArray != null;
        if (masked) {
            Kernels.timeMajorMask(maskArray, maskF, m, t);
        }
        INDArray x2 = TimeMajor.rows(input, rows(x2All, (long) t * m));
        INDArray g2 = rows(g2All, (long) t * m);
        Blas.gemm(x2, w, g2, false, false, 1.0, 0.0);
        g2.addiRowVector(b);
        Arrays.fill(cpW, 0f);
        for (int s = 0; s < t; s++) {
            if (s > 0) {
                Blas.gemm(hBlocks[s], rw, gBlocks[s], false, false, 1.0, 1.0);
            }
            Kernels.deinterleave(gBuf, s * 4 * n, m, h, aW, fW, oW, gW);
            Kernels.tanh(aW, n);
            for (int i = 0; i < n; i++) {
                fW[i] += cpW[i] * pf[i];
            }
            for (int i = 0; i < n; i++) {
                gW[i] += cpW[i] * pg[i];
            }
            Kernels.sigmoid(fW, n);
            Kernels.sigmoid(gW, n);
            for (int i = 0; i < n; i++) {
                cnW[i] = fW[i] * cpW[i] + gW[i] * aW[i];
            }
            for (int i = 0; i < n; i++) {
                oW[i] += cnW[i] * po[i];
            }
            Kernels.sigmoid(oW, n);
            Kernels.tanh(cnW, tcW, n);
            for (int i = 0; i < n; i++) {
                hW[i] = oW[i] * tcW[i];
            }
            if (masked) {
                Kernels.scaleRows(hW, maskF, s * m, m, h);
                Kernels.scaleRows(cnW, maskF, s * m, m, h);
            }
            int act = s * 4 * n;
            System.arraycopy(aW, 0, actF, act, n);
            System.arraycopy(fW, 0, actF, act + n, n);
            System.arraycopy(oW, 0, actF, act + 2 * n, n);
            System.arraycopy(gW, 0, actF, act + 3 * n, n);
            System.arraycopy(cnW, 0, cF, (s + 1) * n, n);
            System.arraycopy(tcW, 0, tcF, s * n, n);
            System.arraycopy(cnW, 0, cpW, 0, n);
            hBuf.put((s + 1) * n, hW, 0, n);
        }
        cachedFor = training ? input : null;
        cachedMask = maskArray;
        xRows = training ? x2 : null;
        INDArray out = TimeMajor.create(workspaceMgr, ArrayType.ACTIVATIONS, dataType, m, h, t);
        out.reshape('c', (long) t * m, h).assign(h2All.get(interval(m, (long) (t + 1) * m), all()));
        return TimeMajor.sequence(out);
    }

    /** DL4J's GravesLSTM runs its own forward pass here; this layer's {@link #activate(boolean, LayerWorkspaceMgr)}. */
    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        return activate(training, workspaceMgr);
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        cachedFor = null;
        return super.rnnActivateUsingStoredState(input, training, storeLastForTBPTT, workspaceMgr);
    }

    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        cachedFor = null;
        return super.rnnTimeStep(input, workspaceMgr);
    }

    @Override
    public void clear() {
        super.clear();
        cachedFor = null;
    }

    /**
     * The backward pass from the activations kept by the last training {@link #activate} on the same input and mask
     * (else DL4J's own implementation).
     *
     * @param epsilon      dL/d(activations) {@code [m, H, T]}
     * @param workspaceMgr DL4J's workspace manager
     * @return the parameter gradients and dL/d(input)
     */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fastPathApplies() || cachedFor != input || cachedMask != maskArray) {
            cachedFor = null;
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        cachedFor = null;
        fastBackwardPasses++;
        int m = (int) input.size(0);
        int nIn = (int) layerConf().getNIn();
        int t = (int) input.size(2);
        int h = (int) layerConf().getNOut();
        int n = m * h;
        boolean masked = maskArray != null;
        INDArray w = getParamWithNoise(GravesLSTMParamInitializer.INPUT_WEIGHT_KEY, true, workspaceMgr);
        INDArray rwAll = getParamWithNoise(GravesLSTMParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = rwAll.get(all(), interval(0, 4 * h));
        INDArray wg = gradientViews.get(GravesLSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray rwgAll = gradientViews.get(GravesLSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray bg = gradientViews.get(GravesLSTMParamInitializer.BIAS_KEY);

        INDArray dh2 = rows(dh2All, (long) t * m);
        dh2.reshape('c', t, m, h).assign(epsilon.permute(2, 0, 1));
        Arrays.fill(carryW, 0f);
        Arrays.fill(accF, 0f);
        Arrays.fill(accO, 0f);
        Arrays.fill(accG, 0f);
        for (int s = t - 1; s >= 0; s--) {
            if (s < t - 1) {
                Blas.gemm(gBlocks[s + 1], rw, dhBlocks[s], false, true, 1.0, 1.0); // += dz_{s+1}·RWᵀ
            }
            dhBuf.get(s * n, dhW, 0, n);
            int act = s * 4 * n;
            System.arraycopy(actF, act, aW, 0, n);
            System.arraycopy(actF, act + n, fW, 0, n);
            System.arraycopy(actF, act + 2 * n, oW, 0, n);
            System.arraycopy(actF, act + 3 * n, gW, 0, n);
            System.arraycopy(cF, s * n, cpW, 0, n);
            System.arraycopy(cF, (s + 1) * n, cnW, 0, n);
            System.arraycopy(tcF, s * n, tcW, 0, n);
            if (masked) {
                Kernels.scaleRows(dhW, maskF, s * m, m, h);
            }
            // output gate: do = dh ⊙ tanh(c) ⊙ o(1 − o), kept in hW
            for (int i = 0; i < n; i++) {
                float ov = oW[i];
                hW[i] = dhW[i] * tcW[i] * ov * (1f - ov);
            }
            // dc = dh ⊙ o ⊙ (1 − tanh²(c)) + do ⊙ p_o + (f ⊙ dc + df ⊙ p_f + dg ⊙ p_g)_{s+1}
            for (int i = 0; i < n; i++) {
                float tcv = tcW[i];
                dcW[i] = dhW[i] * oW[i] * (1f - tcv * tcv) + hW[i] * po[i] + carryW[i];
            }
            if (masked) {
                Kernels.scaleRows(dcW, maskF, s * m, m, h);
            }
            float keepPrev = s == 0 ? 0f : 1f;
            for (int i = 0; i < n; i++) {
                float av = aW[i];
                float fv = fW[i];
                float gv = gW[i];
                float d = dcW[i];
                float df = keepPrev * d * cpW[i] * fv * (1f - fv);
                float dg = d * av * gv * (1f - gv);
                aW[i] = d * gv * (1f - av * av);
                fW[i] = df;
                gW[i] = dg;
                carryW[i] = fv * d + df * pf[i] + dg * pg[i];
            }
            // peephole weight gradients, summed over the steps (rows are summed once at the end)
            for (int i = 0; i < n; i++) {
                accF[i] += fW[i] * cpW[i];
                accG[i] += gW[i] * cpW[i];
                accO[i] += hW[i] * cnW[i];
            }
            Kernels.interleave(gBuf, s * 4 * n, m, h, aW, fW, hW, gW);
        }
        // g2 holds dL/d(pre-activations) of every step: gradients of all steps at once
        INDArray g2 = rows(g2All, (long) t * m);
        Blas.gemm(xRows, g2, wg, true, false, 1.0, 0.0);
        xRows = null;
        Blas.gemm(rows(h2All, (long) t * m), g2, rwgAll.get(all(), interval(0, 4 * h)), true, false, 1.0, 0.0);
        Blas.gemm(onesAll.get(all(), interval(0, (long) t * m)), g2, bg.reshape(1, 4L * h), false, false, 1.0, 0.0);
        rwgAll.get(all(), point(4L * h)).assign(columnSums(accF, m, h));
        rwgAll.get(all(), point(4L * h + 1)).assign(columnSums(accO, m, h));
        rwgAll.get(all(), point(4L * h + 2)).assign(columnSums(accG, m, h));
        INDArray dx = TimeMajor.create(workspaceMgr, ArrayType.ACTIVATION_GRAD, dataType, m, nIn, t);
        Blas.gemm(g2, w, dx.reshape('c', (long) t * m, nIn), false, true, 1.0, 0.0);
        INDArray epsOut = TimeMajor.sequence(dx);

        weightNoiseParams.clear();
        Gradient grad = new DefaultGradient(gradientsFlattened);
        grad.gradientForVariable().put(GravesLSTMParamInitializer.INPUT_WEIGHT_KEY, wg);
        grad.gradientForVariable().put(GravesLSTMParamInitializer.RECURRENT_WEIGHT_KEY, rwgAll);
        grad.gradientForVariable().put(GravesLSTMParamInitializer.BIAS_KEY, bg);
        epsOut = backpropDropOutIfPresent(epsOut);
        return new Pair<>(grad, epsOut);
    }

    /** Backpropagation through the last steps only is DL4J's (truncated BPTT). */
    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
                                                          LayerWorkspaceMgr workspaceMgr) {
        cachedFor = null;
        return super.tbpttBackpropGradient(epsilon, tbpttBackLength, workspaceMgr);
    }

    private INDArray columnSums(float[] acc, int m, int h) {
        float[] sums = new float[h];
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < h; j++) {
                sums[j] += acc[r * h + j];
            }
        }
        return Nd4j.createFromArray(sums).castTo(dataType);
    }

    /** Copies a vector of {@code h} values into each of the {@code m} rows of {@code out}. */
    private static void repeatRows(INDArray v, float[] out, int m, int h) {
        float[] row = v.dup('c').data().asFloat();
        for (int r = 0; r < m; r++) {
            System.arraycopy(row, 0, out, r * h, h);
        }
    }

    private static INDArray rows(INDArray a, long n) {
        return a.get(interval(0, n), all());
    }

    private static INDArray block(INDArray buf, long s, long m) {
        return buf.get(interval(s * m, (s + 1) * m), all());
    }

    /** (Re)allocates the buffers when the batch size or input size changes or more steps are needed. */
    private void buffers(int m, int nIn, int t, int h) {
        if (m == bufM && nIn == bufNIn && t <= capT) {
            return;
        }
        int steps = Math.max(t, m == bufM && nIn == bufNIn ? (int) capT : 0);
        int n = m * h;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            long r = (long) steps * m;
            x2All = Nd4j.createUninitialized(dataType, new long[] {r, nIn}, 'c');
            g2All = Nd4j.createUninitialized(dataType, new long[] {r, 4L * h}, 'c');
            h2All = Nd4j.zeros(dataType, r + m, h);
            dh2All = Nd4j.createUninitialized(dataType, new long[] {r, h}, 'c');
            onesAll = Nd4j.ones(dataType, 1, r);
            gBlocks = new INDArray[steps];
            hBlocks = new INDArray[steps];
            dhBlocks = new INDArray[steps];
            for (int s = 0; s < steps; s++) {
                gBlocks[s] = block(g2All, s, m);
                hBlocks[s] = block(h2All, s, m);
                dhBlocks[s] = block(dh2All, s, m);
            }
            gBuf = Kernels.floats(g2All);
            hBuf = Kernels.floats(h2All);
            dhBuf = Kernels.floats(dh2All);
        }
        actF = new float[steps * 4 * n];
        cF = new float[(steps + 1) * n];
        tcF = new float[steps * n];
        maskF = new float[steps * m];
        float[][] work = new float[18][n];
        pf = work[0];
        po = work[1];
        pg = work[2];
        aW = work[3];
        fW = work[4];
        oW = work[5];
        gW = work[6];
        cpW = work[7];
        cnW = work[8];
        tcW = work[9];
        hW = work[10];
        dhW = work[11];
        dcW = work[12];
        carryW = work[13];
        accF = work[14];
        accO = work[15];
        accG = work[16];
        bufM = m;
        bufNIn = nIn;
        capT = steps;
    }
}
