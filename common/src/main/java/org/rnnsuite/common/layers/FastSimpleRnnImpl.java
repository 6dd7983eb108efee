package org.rnnsuite.common.layers;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.params.SimpleRnnParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The layer of {@link FastSimpleRnn}: DL4J's {@link SimpleRnn} with a faster forward and backward pass for the
 * common case (NCW input, no mask, no layer normalisation, no weight noise, full BPTT); everything else is
 * DL4J's own code.
 *
 * <p>Buffers are time-major {@code [T·m, n]} matrices ({@code m} = mini-batch), so that the rows of time step t
 * form a contiguous {@code [m, n]} block: the input projection of every step is one product {@code X·W}, each
 * step adds {@code h_{t−1}·RW} and applies the activation, and back-propagation computes
 * {@code dW = Xᵀ·dZ}, {@code dRW = H[0..T−2]ᵀ·dZ[1..T−1]}, {@code db = Σ dZ} and {@code dX = dZ·Wᵀ} once for all
 * steps. The buffers live outside workspaces and are reused while the input shape is unchanged; the forward
 * activations of a training pass are kept for the backward pass of the same input. In float networks the tanh or
 * ReLU of a step and its derivative run as one vectorised Java loop over a heap copy of the step's block
 * ({@link Kernels}). The output and dL/d(input) are handed on time-major, and a time-major input is read in place
 * ({@link TimeMajor}).
 */
public class FastSimpleRnnImpl extends SimpleRnn {
    private static final ActivationReLU PLAIN_RELU = new ActivationReLU();
    private long bufM = -1;
    private long bufT = -1;
    private long bufNIn = -1;
    private INDArray x2;       // [T*m, nIn] inputs, time-major, when the input is not laid out so
    private INDArray xRows;    // the inputs of the kept pass: x2, or a view of the input
    private INDArray z2;       // [T*m, nOut] pre-activations (then dL/dz in the backward pass)
    private INDArray h2;       // [T*m, nOut] activations
    private INDArray dh2;      // [T*m, nOut] dL/dh
    private List<INDArray> zSteps;
    private List<INDArray> hSteps;
    private List<INDArray> dhSteps;
    private INDArray ones;     // [1, T*m]
    private INDArray cachedFor; // the input whose training forward pass is in the buffers
    private float[] hF;        // [T*m, nOut] activations on the heap (fused float kernels)
    private float[] dF;        // [T*m, nOut] dL/dh, then dL/dz, on the heap (same indices as hF)
    private FloatBuffer zBuf;  // direct views of z2, h2, dh2
    private FloatBuffer hBuf;
    private FloatBuffer dhBuf;

    /**
     * @param conf     the layer's configuration
     * @param dataType the network's data type
     */
    public FastSimpleRnnImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean fastPathApplies() {
        org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn c = layerConf();
        return maskArray == null && !c.hasLayerNorm() && c.getWeightNoise() == null
                && c.getRnnDataFormat() == RNNFormat.NCW && input != null && input.rank() == 3
                && input.dataType() == dataType;
    }

    /**
     * The forward pass; in training mode its activations are kept for {@link #backpropGradient}.
     *
     * @param training     true while training (dropout on the input, activations kept)
     * @param workspaceMgr DL4J's workspace manager
     * @return the activations {@code [m, nOut, T]} (NCW)
     */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        cachedFor = null;
        if (!fastPathApplies()) {
            return super.activate(training, workspaceMgr);
        }
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        long m = input.size(0);
        long nIn = input.size(1);
        long t = input.size(2);
        long nOut = layerConf().getNOut();
        INDArray w = getParamWithNoise(SimpleRnnParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray rw = getParamWithNoise(SimpleRnnParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(SimpleRnnParamInitializer.BIAS_KEY, training, workspaceMgr);
        buffers(m, nIn, t, nOut);

        // x[(s, i), k] = input[i, k, s]
        INDArray x = TimeMajor.rows(input, x2);
        // z = X·W + b for every step at once
        Blas.gemm(x, w, z2, false, false, 1.0, 0.0);
        z2.addiRowVector(b);
        IActivation act = layerConf().getActivationFn();
        boolean plainRelu = PLAIN_RELU.equals(act);
        boolean fused = fusedApplies(act);
        int n = (int) (m * nOut);
        for (int s = 0; s < t && fused; s++) {
            // fused float kernel: the product, one bulk copy to the heap, one vectorised loop, one copy back
            if (s > 0) {
                Blas.gemm(hSteps.get(s - 1), rw, zSteps.get(s), false, false, 1.0, 1.0);
            }
            zBuf.get(s * n, hF, s * n, n);
            if (plainRelu) {
                Kernels.relu(hF, s * n, n);
            } else {
                Kernels.tanh(hF, s * n, n);
            }
            hBuf.put(s * n, hF, s * n, n);
        }
        for (int s = 0; s < t && !fused; s++) {
            INDArray zs = zSteps.get(s);
            if (s > 0) {
                Blas.gemm(hSteps.get(s - 1), rw, zs, false, false, 1.0, 1.0);
            }
            INDArray hs = hSteps.get(s);
            if (plainRelu) {
                Nd4j.getExecutioner().exec(new RectifiedLinear(zs, hs, 0.0)); // h = max(z, 0): one op
            } else {
                hs.assign(zs);
                act.getActivation(hs, training);
            }
        }
        cachedFor = training ? input : null;
        xRows = training ? x : null;
        INDArray out = TimeMajor.create(workspaceMgr, ArrayType.ACTIVATIONS, dataType, m, nOut, t);
        out.reshape('c', t * m, nOut).assign(h2);
        return TimeMajor.sequence(out);
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

    /**
     * The backward pass from the activations kept by the last training {@link #activate} on the same input (else
     * DL4J's own implementation).
     *
     * @param epsilon      dL/d(activations) {@code [m, nOut, T]}
     * @param workspaceMgr DL4J's workspace manager
     * @return the parameter gradients and dL/d(input)
     */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fastPathApplies() || cachedFor != input) {
            cachedFor = null;
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        cachedFor = null;
        long m = input.size(0);
        long nIn = input.size(1);
        long t = input.size(2);
        long nOut = layerConf().getNOut();
        INDArray w = getParamWithNoise(SimpleRnnParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(SimpleRnnParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        INDArray wg = gradientViews.get(SimpleRnnParamInitializer.WEIGHT_KEY);
        INDArray rwg = gradientViews.get(SimpleRnnParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray bg = gradientViews.get(SimpleRnnParamInitializer.BIAS_KEY);
        IActivation act = layerConf().getActivationFn();
        boolean plainRelu = PLAIN_RELU.equals(act);
        boolean tanh = act instanceof ActivationTanH;

        // dh2[(s, i), j] = epsilon[i, j, s]
        dh2.reshape('c', t, m, nOut).assign(epsilon.permute(2, 0, 1));
        boolean fused = fusedApplies(act);
        int n = (int) (m * nOut);
        for (int s = (int) t - 1; s >= 0 && fused; s--) {
            if (s < t - 1) {
                Blas.gemm(zSteps.get(s + 1), rw, dhSteps.get(s), false, true, 1.0, 1.0); // += dz_{s+1}·RWᵀ
            }
            dhBuf.get(s * n, dF, s * n, n);
            if (plainRelu) {
                Kernels.reluBackward(hF, dF, s * n, n);
            } else {
                Kernels.tanhBackward(hF, dF, s * n, n);
            }
            zBuf.put(s * n, dF, s * n, n);
        }
        for (int s = (int) t - 1; s >= 0 && !fused; s--) {
            INDArray dhs = dhSteps.get(s);
            if (s < t - 1) {
                Blas.gemm(zSteps.get(s + 1), rw, dhs, false, true, 1.0, 1.0); // += dz_{s+1}·RWᵀ
            }
            INDArray zs = zSteps.get(s);
            if (plainRelu) {
                // dL/dz = dL/dh where z > 0, else 0, written over z_s (two light ops: a legacy Step and an in-place
                // product cost 13 µs where ND4J's ThresholdReluBp custom op costs 42 µs)
                Nd4j.getExecutioner().exec(new Step(zs, zs, 0.0));
                zs.muli(dhs);
            } else if (tanh) {
                // dL/dz = dL/dh ⊙ (1 − h²) from the kept output: no tanh recomputed
                INDArray hs = hSteps.get(s);
                hs.mul(hs, zs).muli(dhs);
                dhs.sub(zs, zs);
            } else {
                INDArray dz = act.backprop(zs, dhs).getFirst(); // dL/dz_s, stored over z_s
                if (dz != zs) {
                    zs.assign(dz);
                }
            }
        }
        // z2 now holds dL/dz for every step
        Blas.gemm(xRows, z2, wg, true, false, 1.0, 0.0);
        xRows = null;
        if (t > 1) {
            INDArray hPrev = h2.get(NDArrayIndex.interval(0, (t - 1) * m), NDArrayIndex.all());
            INDArray dzNext = z2.get(NDArrayIndex.interval(m, t * m), NDArrayIndex.all());
            Blas.gemm(hPrev, dzNext, rwg, true, false, 1.0, 0.0);
        } else {
            rwg.assign(0);
        }
        Blas.gemm(ones, z2, bg.reshape(1, nOut), false, false, 1.0, 0.0); // column sums: one product
        INDArray dx = TimeMajor.create(workspaceMgr, ArrayType.ACTIVATION_GRAD, dataType, m, nIn, t);
        Blas.gemm(z2, w, dx.reshape('c', t * m, nIn), false, true, 1.0, 0.0);
        INDArray epsOut = TimeMajor.sequence(dx);

        weightNoiseParams.clear();
        Gradient g = new DefaultGradient(gradientsFlattened);
        g.gradientForVariable().put(SimpleRnnParamInitializer.WEIGHT_KEY, wg);
        g.gradientForVariable().put(SimpleRnnParamInitializer.RECURRENT_WEIGHT_KEY, rwg);
        g.gradientForVariable().put(SimpleRnnParamInitializer.BIAS_KEY, bg);
        epsOut = backpropDropOutIfPresent(epsOut);
        return new Pair<>(g, epsOut);
    }

    /** The fused float kernels cover tanh and plain ReLU on float data (CPU backend). */
    private boolean fusedApplies(IActivation act) {
        return Kernels.applies(dataType) && (act instanceof ActivationTanH || PLAIN_RELU.equals(act));
    }

    /** (Re)allocates the time-major buffers and their per-step views when the input shape changes. */
    private void buffers(long m, long nIn, long t, long nOut) {
        if (m == bufM && t == bufT && nIn == bufNIn) {
            return;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            x2 = Nd4j.createUninitialized(dataType, new long[]{t * m, nIn}, 'c');
            z2 = Nd4j.createUninitialized(dataType, new long[]{t * m, nOut}, 'c');
            h2 = Nd4j.createUninitialized(dataType, new long[]{t * m, nOut}, 'c');
            dh2 = Nd4j.createUninitialized(dataType, new long[]{t * m, nOut}, 'c');
            ones = Nd4j.ones(dataType, 1, t * m);
            zSteps = steps(z2, m, t);
            if (Kernels.applies(dataType)) {
                hF = new float[(int) (t * m * nOut)];
                dF = new float[(int) (t * m * nOut)];
                zBuf = Kernels.floats(z2);
                hBuf = Kernels.floats(h2);
                dhBuf = Kernels.floats(dh2);
            }
            hSteps = steps(h2, m, t);
            dhSteps = steps(dh2, m, t);
        }
        bufM = m;
        bufT = t;
        bufNIn = nIn;
    }

    private static List<INDArray> steps(INDArray buf, long m, long t) {
        List<INDArray> views = new ArrayList<>((int) t);
        for (long s = 0; s < t; s++) {
            views.add(buf.get(NDArrayIndex.interval(s * m, (s + 1) * m), NDArrayIndex.all()));
        }
        return views;
    }
}
