package org.rnnsuite.common.layers;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

/**
 * The layer of {@link FastRnnOutputLayer}. For training with {@code LossSparseMCXENT} and softmax, or {@code
 * LossMSE} and the identity (the time-series projection), on NCW data it computes, once per step and shared by
 * {@link #backpropGradient} and {@link #computeScore}: the time-major input {@code X [T·b, nIn]} (rows {@code t·b +
 * i}, DL4J's own row order for RNN output layers), {@code P = softmax(X·W + b)}, the summed masked cross-entropy
 * {@code −Σ m_r log max(P[r, y_r], 1e-10)} (DL4J clips the same way), and {@code dZ = m_r (P[r] − onehot(y_r))}
 * written over {@code P} (for MSE: {@code Σ m_r |Z[r] − Y[r]|² / nOut} and {@code dZ = 2 m_r (Z[r] − Y[r]) /
 * nOut}). Back-propagation is then {@code dW = Xᵀ·dZ}, {@code db = Σ_r dZ[r]}, {@code dX = dZ·Wᵀ}. With softmax
 * and a mask, the masked (padding) rows, whose loss and gradient are zero, are left out of every product: a third
 * of the rows of the translator's batches. Buffers live outside workspaces and grow to the largest {@code T·b}
 * seen. Everything else is DL4J's code.
 */
public class FastRnnOutputLayerImpl extends RnnOutputLayer {
    private static final double CLIP = 1e-10;

    private long capRows = -1;
    private long bufNIn = -1;
    private long bufNOut = -1;
    private INDArray xBuf;
    private INDArray zBuf;
    private INDArray yBuf;
    private INDArray dxBuf;
    private INDArray onesBuf;

    // the training pass in the buffers: valid for this input, labels and mask only
    private INDArray passInput;
    private INDArray passLabels;
    private INDArray passMask;
    private double passLoss;
    private long passRows;
    private int[] runs;   // the packed rows of the pass (see runs(...)), or null: all T·b rows
    private boolean passUsedByBackprop;
    private boolean passUsedByScore;
    /** Training passes computed by this class rather than DL4J's code (for tests). */
    long fastPasses;

    /**
     * @param conf     the layer's configuration
     * @param dataType the network's data type
     */
    public FastRnnOutputLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The loss the fast path computes, or null for DL4J's own code. */
    private enum Mode { SPARSE_SOFTMAX, MSE }

    private Mode fastMode() {
        org.deeplearning4j.nn.conf.layers.RnnOutputLayer c = layerConf();
        if (c.getRnnDataFormat() != RNNFormat.NCW || c.getIDropout() != null || c.getWeightNoise() != null
                || !c.hasBias() || input == null || input.rank() != 3 || input.dataType() != dataType
                || labels == null || labels.rank() != 3 || labels.size(0) != input.size(0)
                || labels.size(2) != input.size(2)
                || maskArray != null && maskArray.length() != input.size(0) * input.size(2)) {
            return null;
        }
        if (c.getLossFn() instanceof LossSparseMCXENT && ((LossSparseMCXENT) c.getLossFn()).getWeights() == null
                && c.getActivationFn() instanceof ActivationSoftmax && labels.size(1) == 1) {
            return Mode.SPARSE_SOFTMAX;
        }
        if (c.getLossFn() instanceof LossMSE && ((LossMSE) c.getLossFn()).getWeights() == null
                && c.getActivationFn() instanceof ActivationIdentity && labels.size(1) == c.getNOut()) {
            return Mode.MSE;
        }
        return null;
    }

    private boolean fastPathApplies() {
        return fastMode() != null;
    }

    /**
     * True if the kept pass is for the current input, labels and mask. A {@code ComputationGraph} back-propagates
     * with the mask propagated from the inputs and then scores with the labels mask: different arrays, usually
     * with the same values, so masks are compared by value.
     */
    private boolean passValid() {
        return passInput == input && passLabels == labels
                && (passMask == maskArray || passMask != null && maskArray != null && passMask.equals(maskArray));
    }

    private INDArray rows(INDArray buf, long n) {
        return buf.get(interval(0, n), all());
    }

    /**
     * Forward pass, loss and dL/dZ of the current input and labels, into the buffers. With softmax and a mask, only
     * the unmasked rows are computed: they are packed, run by run, at the top of the buffers ({@link #runs}).
     */
    private void computePass() {
        long b = input.size(0);
        long nIn = input.size(1);
        long t = input.size(2);
        long n = b * t;
        long nOut = layerConf().getNOut();
        Mode mode = fastMode();
        buffers(n, nIn, nOut, mode == Mode.MSE);
        // mask as a Java array in DL4J's time-major row order, row r = s·b + i
        float[] m = maskArray == null ? null : maskArray.reshape(n).dup().data().asFloat();
        runs = mode == Mode.SPARSE_SOFTMAX && m != null ? runs(m, b, t) : null;
        long used = runs == null ? n : runs[runs.length - 1];
        INDArray x = rows(xBuf, used);
        INDArray z = rows(zBuf, used);
        if (runs == null) {
            timeMajor(input, x);
        } else {
            copyRuns(input, x, true);
        }
        Blas.gemm(x, getParam(DefaultParamInitializer.WEIGHT_KEY), z, false, false, 1.0, 0.0);
        z.addiRowVector(getParam(DefaultParamInitializer.BIAS_KEY));
        double loss = mode == Mode.MSE ? mse(z, n) : sparseSoftmax(z, used, m);
        passInput = input;
        passLabels = labels;
        passMask = maskArray;
        passLoss = loss;
        passRows = used;
        passUsedByBackprop = false;
        passUsedByScore = false;
        fastPasses++;
    }

    /**
     * Runs of unmasked rows, as pairs (first packed row, first source row) — a run is consecutive examples of one
     * time step and ends where the next pair's packed row starts — followed by the number of packed rows.
     */
    private static int[] runs(float[] m, long b, long t) {
        int[] out = new int[(int) (2 * b * t + 1)];
        int k = 0;
        int packed = 0;
        for (int s = 0; s < t; s++) {
            for (int i = 0; i < b; i++) {
                int r = (int) (s * b + i);
                if (m[r] == 0f) {
                    continue;
                }
                if (i == 0 || m[r - 1] == 0f) {   // a run starts
                    out[k] = packed;
                    out[k + 1] = r;
                    k += 2;
                }
                packed++;
            }
        }
        out[k] = packed;
        return java.util.Arrays.copyOf(out, k + 1);
    }

    /** The source row (time-major, {@code s·b + i}) of packed row {@code r}. */
    private int sourceRow(int r) {
        if (runs == null) {
            return r;
        }
        int lo = 0;
        int hi = runs.length / 2 - 1;
        while (lo < hi) {   // last run starting at or before r
            int mid = (lo + hi + 1) >>> 1;
            if (runs[2 * mid] <= r) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return runs[2 * lo + 1] + r - runs[2 * lo];
    }

    /**
     * Copies between a sequence {@code [b, n, T]} and the packed rows {@code [rows, n]} of {@link #runs}: into the
     * packed rows ({@code toPacked}) or back into the sequence (whose masked steps are left as they are).
     */
    private void copyRuns(INDArray seq, INDArray packed, boolean toPacked) {
        long b = seq.size(0);
        for (int k = 0; k + 2 < runs.length; k += 2) {
            int r0 = runs[k];
            int r1 = runs[k + 2];
            int src = runs[k + 1];
            INDArray inSeq = seq.get(interval(src % b, src % b + r1 - r0), all(), point(src / b));
            INDArray inPacked = packed.get(interval(r0, r1), all());
            (toPacked ? inPacked : inSeq).assign(toPacked ? inSeq : inPacked);
        }
    }

    /** {@code dest [T·b, n]} (row {@code s·b + i}) = {@code seq [b, n, T]}: DL4J's row order for RNN output layers. */
    private static void timeMajor(INDArray seq, INDArray dest) {
        dest.reshape('c', seq.size(2), seq.size(0), seq.size(1)).assign(seq.permute(2, 0, 1));
    }

    /** Softmax, summed masked cross-entropy, and dL/dZ = m (P − onehot) over P, for the {@code n} rows in use. */
    private double sparseSoftmax(INDArray z, long n, float[] m) {
        Nd4j.exec(new SoftMax(z, z, 1));
        // labels [b, 1, T] as a Java array, row r = s·b + i
        float[] y = labels.get(all(), point(0), all()).transpose().dup('c').data().asFloat();
        double loss = 0;
        for (int r = 0; r < n; r++) {
            int src = sourceRow(r);
            float w = m == null ? 1f : m[src];   // never 0: masked rows are not among the packed ones
            int label = (int) y[src];
            double p = z.getDouble(r, label);
            loss -= w * Math.log(Math.min(Math.max(p, CLIP), 1.0 - CLIP));
            z.putScalar(r, label, p - 1.0);
            if (w != 1f) {
                z.getRow(r).muli(w);
            }
        }
        return loss;
    }

    /** DL4J's LossMSE: summed Σ m (z − y)² / nOut, and dL/dZ = 2 m (z − y) / nOut over Z. */
    private double mse(INDArray z, long n) {
        long nOut = z.size(1);
        INDArray y = rows(yBuf, n);
        timeMajor(labels, y);
        z.subi(y);
        INDArray sq = z.mul(z, y);
        INDArray mask = maskArray == null ? null : maskArray.reshape(n, 1);
        if (mask != null) {
            sq.muliColumnVector(mask);
        }
        double loss = sq.sumNumber().doubleValue() / nOut;
        z.muli(2.0 / nOut);
        if (mask != null) {
            z.muliColumnVector(mask);
        }
        return loss;
    }

    private void release(boolean byBackprop) {
        if (byBackprop) {
            passUsedByBackprop = true;
        } else {
            passUsedByScore = true;
        }
        if (passUsedByBackprop && passUsedByScore) {
            passInput = null;
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fastPathApplies()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        if (!passValid() || passUsedByBackprop) {
            computePass();
        }
        long b = input.size(0);
        long nIn = input.size(1);
        long t = input.size(2);
        long n = passRows;
        INDArray x = rows(xBuf, n);
        INDArray dz = rows(zBuf, n);
        INDArray wg = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        INDArray bg = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
        Blas.gemm(x, dz, wg, true, false, 1.0, 0.0);
        Blas.gemm(onesBuf.get(point(0), interval(0, n)).reshape(1, n), dz, bg.reshape(1, bg.length()), false, false,
                1.0, 0.0);
        INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray eps;
        if (runs == null) {   // dL/dX straight into a time-major array (see TimeMajor)
            INDArray dx = TimeMajor.create(workspaceMgr, ArrayType.ACTIVATION_GRAD, dataType, b, nIn, t);
            Blas.gemm(dz, w, dx.reshape('c', n, nIn), false, true, 1.0, 0.0);
            eps = TimeMajor.sequence(dx);
        } else {   // masked steps get no gradient
            INDArray dx = rows(dxBuf, n);
            Blas.gemm(dz, w, dx, false, true, 1.0, 0.0);
            eps = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, dataType, new long[] {b, nIn, t}, 'c');
            copyRuns(eps, dx, false);
        }
        release(true);

        Gradient g = new DefaultGradient(gradientsFlattened);
        g.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, wg);
        g.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, bg);
        return new Pair<>(g, eps);
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!fastPathApplies()) {
            return super.computeScore(fullNetRegTerm, training, workspaceMgr);
        }
        if (!passValid() || passUsedByScore) {
            computePass();
        }
        double s = passLoss;
        if (conf().isMiniBatch()) {
            s /= getInputMiniBatchSize();
        }
        s += fullNetRegTerm;
        release(false);
        this.score = s;
        return s;
    }

    /**
     * Inference ({@code training} false) with softmax or the identity on NCW input: one direct product for all steps
     * ({@code [T·b, nIn]·W + b}), then the activation; DL4J's own code otherwise. DL4J's {@code mmul} of a single
     * row by the 256 x 9,075 weights of the translator took 2.5 ms per decoding step.
     */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        org.deeplearning4j.nn.conf.layers.RnnOutputLayer c = layerConf();
        boolean softmax = c.getActivationFn() instanceof ActivationSoftmax;
        if (training || !(softmax || c.getActivationFn() instanceof ActivationIdentity)
                || c.getRnnDataFormat() != RNNFormat.NCW || c.getWeightNoise() != null || !c.hasBias()
                || input == null || input.rank() != 3 || input.dataType() != dataType) {
            return super.activate(training, workspaceMgr);
        }
        long b = input.size(0);
        long nIn = input.size(1);
        long t = input.size(2);
        long nOut = c.getNOut();
        INDArray x = workspaceMgr.createUninitialized(ArrayType.FF_WORKING_MEM, dataType, new long[] {t * b, nIn}, 'c');
        timeMajor(input, x);
        INDArray z = workspaceMgr.createUninitialized(ArrayType.FF_WORKING_MEM, dataType, new long[] {t * b, nOut},
                'c');
        Blas.gemm(x, getParam(DefaultParamInitializer.WEIGHT_KEY), z, false, false, 1.0, 0.0);
        z.addiRowVector(getParam(DefaultParamInitializer.BIAS_KEY));
        if (softmax) {
            Nd4j.exec(new SoftMax(z, z, 1));
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {b, nOut, t}, 'c');
        out.assign(z.reshape('c', t, b, nOut).permute(1, 2, 0));
        return out;
    }

    @Override
    public void clear() {
        super.clear();
        passInput = null;
    }

    /** Grows the buffers to hold {@code n} rows (kept for later, smaller steps); {@code targets}: MSE targets too. */
    private void buffers(long n, long nIn, long nOut, boolean targets) {
        if (n <= capRows && nIn == bufNIn && nOut == bufNOut && (!targets || yBuf != null)) {
            return;
        }
        long cap = Math.max(n, capRows);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            xBuf = Nd4j.createUninitialized(dataType, new long[] {cap, nIn}, 'c');
            zBuf = Nd4j.createUninitialized(dataType, new long[] {cap, nOut}, 'c');
            yBuf = targets ? Nd4j.createUninitialized(dataType, new long[] {cap, nOut}, 'c') : null;   // MSE only
            dxBuf = Nd4j.createUninitialized(dataType, new long[] {cap, nIn}, 'c');
            onesBuf = Nd4j.ones(dataType, 1, cap);
        }
        capRows = cap;
        bufNIn = nIn;
        bufNOut = nOut;
    }
}
