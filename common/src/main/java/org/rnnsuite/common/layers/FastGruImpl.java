package org.rnnsuite.common.layers;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.nio.FloatBuffer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.BaseRecurrentLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.base.Preconditions;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastAddOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Implementation of the {@link FastGru} layer (equations, masking and parameters are documented there and in
 * {@link FastGruParamInitializer}).
 *
 * <p>Computation: the input is copied once to time-major order {@code [T·mb, nIn]} and projected for all time steps
 * by one gemm per gate; the time loop then does only the recurrent gemms ({@code h·RW_k}) and element-wise ops on
 * contiguous {@code [mb, H]} blocks. A training forward pass keeps its gate activations (in the activations
 * workspace, which stays open until backpropagation) so that backpropagation need not recompute it; it runs the loop
 * backwards for the state gradient using the activations only (no transcendental functions for the gates or a tanh
 * candidate), then computes the weight, bias and input gradients of all time steps at once. In float networks with a
 * tanh candidate the element-wise work of a step (gates, candidate, state update, mask and their derivatives) runs
 * in a few vectorised Java loops over heap copies of the step's blocks ({@link Kernels}), one bulk copy each way,
 * instead of one ND4J operation per term.
 *
 * <p>States are carried in {@link #stateMap} ({@code rnnTimeStep}) and {@link #tBpttStateMap} (truncated BPTT) under
 * {@link #STATE_KEY_PREV_ACTIVATION}; the output at a step is the state after it (zero at masked steps).
 */
public class FastGruImpl extends BaseRecurrentLayer<FastGru> {

    /** Key of the hidden state {@code [mb, H]} in the state maps. */
    public static final String STATE_KEY_PREV_ACTIVATION = "prevAct";

    private static final long serialVersionUID = 1L;

    /**
     * Initial state of the most recent forward pass (null: zeros); backpropagation differentiates that pass. So a
     * truncated-BPTT segment is differentiated from the state it started from: DL4J M2.1's {@code MultiLayerNetwork}
     * and {@code ComputationGraph} run a segment with {@link #rnnActivateUsingStoredState} and then call
     * {@link #backpropGradient}, not {@link #tbpttBackpropGradient}.
     */
    private transient INDArray forwardStart;

    /** The most recent training forward pass, for backpropagation; used once, only if still valid. */
    private transient Pass cached;

    /**
     * Creates the layer; called by {@link FastGru#instantiate}.
     *
     * @param conf     the layer's configuration
     * @param dataType the network's data type
     */
    public FastGruImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Always false: the layer has no unsupervised pretraining. */
    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    /** Forward pass from the zero state; output {@code [mb, H, T]} (NCW) or {@code [mb, T, H]} (NWC). */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        forwardStart = null;
        return forward(null, training, false, workspaceMgr).output;
    }

    /** Inference from the state left by the previous call (zeros after {@code rnnClearPreviousState}). */
    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        forwardStart = stateMap.get(STATE_KEY_PREV_ACTIVATION);
        Pass p = forward(forwardStart, false, false, workspaceMgr);
        stateMap.put(STATE_KEY_PREV_ACTIVATION, p.detachedLastState());
        return p.output;
    }

    /** Forward pass from the truncated-BPTT state, which is then replaced by the final state if requested. */
    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
            LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        forwardStart = tBpttStateMap.get(STATE_KEY_PREV_ACTIVATION);
        Pass p = forward(forwardStart, training, false, workspaceMgr);
        if (storeLastForTBPTT) {
            tBpttStateMap.put(STATE_KEY_PREV_ACTIVATION, p.detachedLastState());
        }
        return p.output;
    }

    /** Backpropagation through all time steps of the most recent forward pass, from its initial state. */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return backprop(epsilon, -1, workspaceMgr);
    }

    /**
     * Like {@link #backpropGradient}, but gradients flow back through at most {@code tbpttBackLength} steps from the
     * end; the gradient with respect to earlier inputs is zero.
     */
    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
            LayerWorkspaceMgr workspaceMgr) {
        return backprop(epsilon, tbpttBackLength, workspaceMgr);
    }

    /** Clears the input and the kept forward pass. */
    @Override
    public void clear() {
        super.clear();
        cached = null;
    }

    /** Buffers of one forward pass; 2D arrays are time-major, rows {@code [t·mb, (t+1)·mb)} hold step t. */
    private static final class Pass {
        INDArray input;
        INDArray start;
        INDArray maskArray;
        long mb;
        long steps;
        /** Input {@code [T·mb, nIn]}. */
        INDArray x;
        /** Gate activations r, z, n {@code [T·mb, H]}; backpropagation overwrites them with dL/d(pre-activation). */
        INDArray[] gates = new INDArray[3];
        /** Candidate pre-activation, kept only for a candidate activation other than tanh. */
        INDArray candidatePre;
        /** {@code h·RW_n + RB} per step; backpropagation overwrites it with its gradient. */
        INDArray hn;
        /** States {@code [(T+1)·mb, H]}: block 0 is the initial state, block t+1 the state after step t. */
        INDArray states;
        /** Mask and 1 − mask, {@code [T, mb]}, or null. */
        INDArray mask;
        INDArray keep;
        /** Layer output in the layer's data format. */
        INDArray output;

        INDArray at(INDArray a, long t) {
            return a.get(interval(t * mb, (t + 1) * mb), all());
        }

        /** True if the buffers still hold this pass: not in a workspace, or in one not closed or reused since. */
        boolean valid() {
            for (INDArray a : new INDArray[] {x, states}) {
                MemoryWorkspace ws = a.isAttached() ? a.data().getParentWorkspace() : null;
                if (ws != null && (!ws.isScopeActive() || ws.getGenerationId() != a.data().getGenerationId())) {
                    return false;
                }
            }
            return true;
        }

        INDArray detachedLastState() {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                return at(states, steps).dup();
            }
        }
    }

    /**
     * Forward pass from state {@code h0} (null: zeros). A training pass is kept for backpropagation, in the
     * activations workspace; {@code forBackprop} (recomputation inside backpropagation) uses backprop working memory.
     */
    private Pass forward(INDArray h0, boolean training, boolean forBackprop, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        Preconditions.checkState(input.rank() == 3, "GRU layer expects 3D input, got rank %s", input.rank());
        applyDropOutIfNecessary(training, mgr);
        INDArray in = permuteIfNWC(input.castTo(dataType));
        Pass p = new Pass();
        p.input = input;
        p.start = h0;
        p.maskArray = maskArray;
        long h = layerConf().getNOut();
        if (layerConf().isStateInput()) {
            long n = layerConf().getNIn();
            Preconditions.checkState(layerConf().getRnnDataFormat() != RNNFormat.NWC && in.size(1) == n + h,
                    "GRU layer with a state input expects NCW input of %s channels, got %ndShape", n + h, input);
            if (h0 == null) {
                h0 = in.get(all(), interval(n, n + h), point(0));
            }
            in = in.get(all(), interval(0, n), all());
        }
        long mb = p.mb = in.size(0);
        long nIn = in.size(1);
        long steps = p.steps = in.size(2);
        Preconditions.checkState(nIn == layerConf().getNIn(), "GRU layer expects nIn = %s, got input of shape %ndShape",
                layerConf().getNIn(), input);
        Preconditions.checkState(h0 == null || h0.size(0) == mb, "Stored GRU state has minibatch size %s but input has"
                + " %s: call rnnClearPreviousState() between minibatches of different sizes", h0 == null ? 0
                : h0.size(0), mb);
        ArrayType outType = forBackprop ? ArrayType.BP_WORKING_MEM : ArrayType.ACTIVATIONS;
        ArrayType work = forBackprop ? ArrayType.BP_WORKING_MEM
                : training ? ArrayType.ACTIVATIONS : ArrayType.FF_WORKING_MEM;
        boolean masked = maskArray != null;
        if (masked) {
            Preconditions.checkState(maskArray.rank() == 2 && maskArray.size(0) == mb && maskArray.size(1) == steps,
                    "GRU features mask must have shape [mb, T] = [%s, %s], got %ndShape", mb, steps, maskArray);
            p.mask = mgr.createUninitialized(work, dataType, new long[] {steps, mb}, 'c');
            p.mask.assign(maskArray.castTo(dataType).transpose());
            p.keep = mgr.createUninitialized(work, dataType, new long[] {steps, mb}, 'c');
            p.mask.rsub(1.0, p.keep);
        }

        INDArray w = getParamWithNoise(FastGruParamInitializer.WEIGHT_KEY, training, mgr);
        INDArray rw = getParamWithNoise(FastGruParamInitializer.RECURRENT_WEIGHT_KEY, training, mgr);
        INDArray b = getParamWithNoise(FastGruParamInitializer.BIAS_KEY, training, mgr);
        INDArray rb = getParamWithNoise(FastGruParamInitializer.RECURRENT_BIAS_KEY, training, mgr);

        // Input projection of all time steps, one gemm per gate, bias included
        p.x = mgr.createUninitialized(work, dataType, new long[] {steps, mb, nIn}, 'c');
        p.x.assign(in.permute(2, 0, 1));
        p.x = p.x.reshape('c', steps * mb, nIn);
        long[] shape = {steps * mb, h};
        for (int k = 0; k < 3; k++) {
            p.gates[k] = mgr.createUninitialized(work, dataType, shape, 'c');
            Blas.gemm(p.x, gate(w, k, h), p.gates[k], false, false, 1.0, 0.0);
            Nd4j.getExecutioner().exec(new BroadcastAddOp(p.gates[k], gate(b, k, h), p.gates[k], 1));
        }
        p.hn = mgr.createUninitialized(work, dataType, shape, 'c');
        Nd4j.getExecutioner().exec(new BroadcastCopyOp(p.hn, rb, p.hn, 1));
        IActivation candidateFn = layerConf().getActivationFn();
        boolean keepCandidatePre = (training || forBackprop) && !(candidateFn instanceof ActivationTanH);
        if (keepCandidatePre) {
            p.candidatePre = mgr.createUninitialized(work, dataType, shape, 'c');
        }

        // Without a mask the states after each step are the output; with one, the output is a separate array
        p.states = mgr.createUninitialized(masked ? work : outType, dataType, new long[] {(steps + 1) * mb, h}, 'c');
        INDArray out = masked ? mgr.createUninitialized(outType, dataType, shape, 'c') : null;
        INDArray tmp = mgr.createUninitialized(work, dataType, new long[] {mb, h}, 'c');
        if (h0 == null) {
            p.at(p.states, 0).assign(0);
        } else {
            p.at(p.states, 0).assign(h0);
        }

        INDArray[] rwk = {gate(rw, 0, h), gate(rw, 1, h), gate(rw, 2, h)};
        boolean fused = fused(candidateFn);
        if (fused) {
            forwardFused(p, h0 != null, out, rwk, (int) h);
        }
        for (long t = 0; t < steps && !fused; t++) {
            INDArray hPrev = p.at(p.states, t);
            INDArray hNext = p.at(p.states, t + 1);
            INDArray hn = p.at(p.hn, t);
            INDArray r = p.at(p.gates[0], t);
            INDArray z = p.at(p.gates[1], t);
            INDArray n = p.at(p.gates[2], t);
            if (t > 0 || h0 != null) {
                Blas.gemm(hPrev, rwk[0], r, false, false, 1.0, 1.0);
                Blas.gemm(hPrev, rwk[1], z, false, false, 1.0, 1.0);
                Blas.gemm(hPrev, rwk[2], hn, false, false, 1.0, 1.0);
            }
            Nd4j.getExecutioner().exec(new Sigmoid(r, r));
            Nd4j.getExecutioner().exec(new Sigmoid(z, z));
            n.addi(r.mul(hn, tmp));
            if (keepCandidatePre) {
                p.at(p.candidatePre, t).assign(n);
            }
            candidateFn.getActivation(n, training);
            // h' = n + z ⊙ (h − n)
            INDArray hNew = masked ? p.at(out, t) : hNext;
            hPrev.sub(n, hNew).muli(z).addi(n);
            if (masked) {
                // output m ⊙ h'; state m ⊙ h' + (1 − m) ⊙ h
                Nd4j.getExecutioner().exec(new BroadcastMulOp(hNew, p.mask.get(point(t), all()), hNew, 0));
                Nd4j.getExecutioner().exec(new BroadcastMulOp(hPrev, p.keep.get(point(t), all()), hNext, 0));
                hNext.addi(hNew);
            }
        }
        INDArray seq = masked ? out : p.states.get(interval(mb, (steps + 1) * mb), all());
        p.output = permuteIfNWC(seq.reshape('c', steps, mb, h).permute(1, 2, 0));
        cached = training && !forBackprop ? p : null;
        return p;
    }

    private Pair<Gradient, INDArray> backprop(INDArray epsilon, int backLength, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        Pass p = cached;
        cached = null;
        if (p == null || p.input != input || p.start != forwardStart || p.maskArray != maskArray || !p.valid()) {
            p = forward(forwardStart, true, true, mgr);
        }
        long mb = p.mb;
        long steps = p.steps;
        long nIn = p.x.size(1);
        long h = layerConf().getNOut();
        long end = backLength > 0 ? Math.max(0, steps - backLength) : 0;
        INDArray w = getParamWithNoise(FastGruParamInitializer.WEIGHT_KEY, true, mgr);
        INDArray rw = getParamWithNoise(FastGruParamInitializer.RECURRENT_WEIGHT_KEY, true, mgr);
        INDArray[] rwk = {gate(rw, 0, h), gate(rw, 1, h), gate(rw, 2, h)};
        IActivation candidateFn = layerConf().getActivationFn();

        // dL/d(output), time-major; per step it becomes dL/dh' and then scratch space
        INDArray grad = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, new long[] {steps, mb, h}, 'c');
        grad.assign(permuteIfNWC(epsilon).permute(2, 0, 1));
        grad = grad.reshape('c', steps * mb, h);
        INDArray dState = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, new long[] {mb, h}, 'c');
        INDArray dPrev = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, new long[] {mb, h}, 'c');
        INDArray tmp = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, new long[] {mb, h}, 'c');
        INDArray tmp2 = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, new long[] {mb, h}, 'c');

        boolean fused = fused(candidateFn) && p.candidatePre == null;
        if (fused) {
            dState = backwardFused(p, grad, end, dState, dPrev, rwk, (int) h);
        }
        for (long t = steps - 1; t >= end && !fused; t--) {
            INDArray g = p.at(grad, t);
            if (t < steps - 1) {
                g.addi(dState);
            }
            if (p.mask != null) {
                Nd4j.getExecutioner().exec(new BroadcastMulOp(g, p.mask.get(point(t), all()), g, 0));
                if (t < steps - 1) {
                    Nd4j.getExecutioner().exec(new BroadcastMulOp(dState, p.keep.get(point(t), all()), dState, 0));
                }
            }
            INDArray hPrev = p.at(p.states, t);
            INDArray hn = p.at(p.hn, t);
            INDArray r = p.at(p.gates[0], t);
            INDArray z = p.at(p.gates[1], t);
            INDArray n = p.at(p.gates[2], t);
            // h' = n + z ⊙ (h − n): direct path to h is g ⊙ z; dn = g ⊙ (1 − z) =: g'
            hPrev.sub(n, tmp);
            g.mul(z, dPrev);
            g.subi(dPrev);
            // z's pre-activation: g ⊙ (h − n) ⊙ z ⊙ (1 − z) = (h − n) ⊙ g' ⊙ z
            tmp.muli(g).mul(z, z);
            // n's pre-activation: g' ⊙ act'(.)
            if (p.candidatePre == null) {
                n.mul(n, tmp).rsubi(1.0);
                g.mul(tmp, n);
            } else {
                n.assign(candidateFn.backprop(p.at(p.candidatePre, t), g).getFirst());
            }
            // r's pre-activation: dn ⊙ hn ⊙ r ⊙ (1 − r); hn's gradient: dn ⊙ r
            n.mul(hn, tmp);
            n.mul(r, hn);
            r.rsub(1.0, tmp2).muli(tmp);
            r.muli(tmp2);
            if (t > end || layerConf().isStateInput() && t == 0) {   // dL/dh_{t-1}; at t = 0 for a state input
                if (p.mask != null && t < steps - 1) {
                    dPrev.addi(dState);
                }
                Blas.gemm(r, rwk[0], dPrev, false, true, 1.0, 1.0);
                Blas.gemm(z, rwk[1], dPrev, false, true, 1.0, 1.0);
                Blas.gemm(hn, rwk[2], dPrev, false, true, 1.0, 1.0);
                INDArray swap = dState;
                dState = dPrev;
                dPrev = swap;
            }
        }

        // Gradients of all steps at once (rows of steps before 'end' are excluded)
        long r0 = end * mb;
        long r1 = steps * mb;
        INDArray x = p.x.get(interval(r0, r1), all());
        INDArray prevStates = p.states.get(interval(r0, r1), all());
        INDArray dHn = p.hn.get(interval(r0, r1), all());
        INDArray wg = gradientViews.get(FastGruParamInitializer.WEIGHT_KEY);
        INDArray rwg = gradientViews.get(FastGruParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray bg = gradientViews.get(FastGruParamInitializer.BIAS_KEY);
        INDArray rbg = gradientViews.get(FastGruParamInitializer.RECURRENT_BIAS_KEY);
        INDArray epsOut = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, new long[] {r1, nIn}, 'c');
        if (r0 > 0) {
            epsOut.get(interval(0, r0), all()).assign(0);
        }
        INDArray epsActive = epsOut.get(interval(r0, r1), all());
        // column sums as gemms with a row of ones: much faster than a sum over dimension 0
        INDArray ones = mgr.createUninitialized(ArrayType.BP_WORKING_MEM, dataType, new long[] {1, r1 - r0}, 'c');
        ones.assign(1);
        for (int k = 0; k < 3; k++) {
            INDArray dk = p.gates[k].get(interval(r0, r1), all());
            Blas.gemm(x, dk, gate(wg, k, h), true, false, 1.0, 0.0);
            Blas.gemm(prevStates, k == 2 ? dHn : dk, gate(rwg, k, h), true, false, 1.0, 0.0);
            Blas.gemm(ones, dk, gate(bg, k, h).reshape(1, h), false, false, 1.0, 0.0);
            Blas.gemm(dk, gate(w, k, h), epsActive, false, true, 1.0, k == 0 ? 0.0 : 1.0);
        }
        Blas.gemm(ones, dHn, rbg.reshape(1, h), false, false, 1.0, 0.0);
        weightNoiseParams.clear();

        Gradient gradient = new DefaultGradient(gradientsFlattened);
        gradient.gradientForVariable().put(FastGruParamInitializer.WEIGHT_KEY, wg);
        gradient.gradientForVariable().put(FastGruParamInitializer.RECURRENT_WEIGHT_KEY, rwg);
        gradient.gradientForVariable().put(FastGruParamInitializer.BIAS_KEY, bg);
        gradient.gradientForVariable().put(FastGruParamInitializer.RECURRENT_BIAS_KEY, rbg);
        INDArray eps = epsOut.reshape('c', steps, mb, nIn).permute(1, 2, 0);
        if (layerConf().isStateInput()) {
            INDArray withState = mgr.create(ArrayType.ACTIVATION_GRAD, dataType, new long[] {mb, nIn + h, steps}, 'c');
            withState.get(all(), interval(0, nIn), all()).assign(eps);
            withState.get(all(), interval(nIn, nIn + h), point(0)).assign(dState);
            eps = withState;
        }
        eps = backpropDropOutIfPresent(eps);
        return new Pair<>(gradient, permuteIfNWC(eps));
    }

    /** True if the fused float kernels apply: float data on the CPU backend and a tanh candidate. */
    private boolean fused(IActivation candidateFn) {
        return Kernels.applies(dataType) && candidateFn instanceof ActivationTanH;
    }

    /** Heap working arrays of the fused kernels, {@code [mb, H]} each, reused while the size is unchanged. */
    private transient float[][] work;

    private float[][] work(int n, int count) {
        if (work == null || work.length < count || work[0].length != n) {
            work = new float[count][n];
        }
        return work;
    }

    /** The mask and 1 − mask, time-major {@code [T·mb]}, on the heap. */
    private static float[][] heapMask(Pass p) {
        if (p.mask == null) {
            return null;
        }
        return new float[][] {p.mask.dup('c').data().asFloat(), p.keep.dup('c').data().asFloat()};
    }

    /**
     * The time loop of the forward pass for float networks with a tanh candidate: per step the three recurrent
     * products (OpenBLAS), bulk copies of the step's gate blocks to the heap, the gates, the candidate and the new
     * state in a few vectorised loops ({@link Kernels}), and bulk copies of the activations and the state back.
     */
    private void forwardFused(Pass p, boolean fromState, INDArray out, INDArray[] rwk, int h) {
        int mb = (int) p.mb;
        int n = mb * h;
        float[][] wk = work(n, 8);
        float[] r = wk[0];
        float[] z = wk[1];
        float[] c = wk[2];
        float[] hn = wk[3];
        float[] hp = wk[4];
        float[] hNew = wk[5];
        float[] state = wk[6];
        float[][] masks = heapMask(p);
        FloatBuffer rBuf = Kernels.floats(p.gates[0]);
        FloatBuffer zBuf = Kernels.floats(p.gates[1]);
        FloatBuffer nBuf = Kernels.floats(p.gates[2]);
        FloatBuffer hnBuf = Kernels.floats(p.hn);
        FloatBuffer sBuf = Kernels.floats(p.states);
        FloatBuffer oBuf = out == null ? null : Kernels.floats(out);
        sBuf.get(0, hp, 0, n);
        for (int t = 0; t < p.steps; t++) {
            if (t > 0 || fromState) {
                INDArray hPrev = p.at(p.states, t);
                Blas.gemm(hPrev, rwk[0], p.at(p.gates[0], t), false, false, 1.0, 1.0);
                Blas.gemm(hPrev, rwk[1], p.at(p.gates[1], t), false, false, 1.0, 1.0);
                Blas.gemm(hPrev, rwk[2], p.at(p.hn, t), false, false, 1.0, 1.0);
            }
            int off = t * n;
            rBuf.get(off, r, 0, n);
            zBuf.get(off, z, 0, n);
            nBuf.get(off, c, 0, n);
            hnBuf.get(off, hn, 0, n);
            Kernels.sigmoid(r, n);
            Kernels.sigmoid(z, n);
            for (int i = 0; i < n; i++) {
                c[i] += r[i] * hn[i];
            }
            Kernels.tanh(c, n);
            // h' = n + z ⊙ (h − n)
            for (int i = 0; i < n; i++) {
                hNew[i] = c[i] + z[i] * (hp[i] - c[i]);
            }
            rBuf.put(off, r, 0, n);
            zBuf.put(off, z, 0, n);
            nBuf.put(off, c, 0, n);
            if (masks != null) {
                // output m ⊙ h'; state m ⊙ h' + (1 − m) ⊙ h
                for (int row = 0; row < mb; row++) {
                    float mv = masks[0][t * mb + row];
                    float kv = masks[1][t * mb + row];
                    int b = row * h;
                    for (int j = 0; j < h; j++) {
                        hNew[b + j] *= mv;
                        state[b + j] = hNew[b + j] + kv * hp[b + j];
                    }
                }
                oBuf.put(off, hNew, 0, n);
                sBuf.put(off + n, state, 0, n);
                System.arraycopy(state, 0, hp, 0, n);
            } else {
                sBuf.put(off + n, hNew, 0, n);
                System.arraycopy(hNew, 0, hp, 0, n);
            }
        }
    }

    /**
     * The time loop of back-propagation for float networks with a tanh candidate, from step T − 1 down to
     * {@code end}: writes the pre-activation gradients over the gate activations and {@code hn} (as the general loop
     * does) and returns the array holding {@code dL/dh} before step {@code end} (the last one computed).
     */
    private INDArray backwardFused(Pass p, INDArray grad, long end, INDArray dState, INDArray dPrev, INDArray[] rwk,
                                   int h) {
        int mb = (int) p.mb;
        int n = mb * h;
        int steps = (int) p.steps;
        float[][] wk = work(n, 8);
        float[] g = wk[0];
        float[] ds = wk[1];
        float[] r = wk[2];
        float[] z = wk[3];
        float[] c = wk[4];
        float[] hn = wk[5];
        float[] hp = wk[6];
        float[] dp = wk[7];
        float[][] masks = heapMask(p);
        FloatBuffer gradBuf = Kernels.floats(grad);
        FloatBuffer rBuf = Kernels.floats(p.gates[0]);
        FloatBuffer zBuf = Kernels.floats(p.gates[1]);
        FloatBuffer nBuf = Kernels.floats(p.gates[2]);
        FloatBuffer hnBuf = Kernels.floats(p.hn);
        FloatBuffer sBuf = Kernels.floats(p.states);
        FloatBuffer dsBuf = Kernels.floats(dState);
        FloatBuffer dpBuf = Kernels.floats(dPrev);
        for (int t = steps - 1; t >= end; t--) {
            int off = t * n;
            gradBuf.get(off, g, 0, n);
            if (t < steps - 1) {
                dsBuf.get(0, ds, 0, n);
                for (int i = 0; i < n; i++) {
                    g[i] += ds[i];
                }
            }
            if (masks != null) {
                Kernels.scaleRows(g, masks[0], t * mb, mb, h);
                if (t < steps - 1) {
                    Kernels.scaleRows(ds, masks[1], t * mb, mb, h);
                }
            }
            rBuf.get(off, r, 0, n);
            zBuf.get(off, z, 0, n);
            nBuf.get(off, c, 0, n);
            hnBuf.get(off, hn, 0, n);
            sBuf.get(off, hp, 0, n);
            // h' = n + z ⊙ (h − n): direct path to h is g ⊙ z; dn = g ⊙ (1 − z) =: g'
            for (int i = 0; i < n; i++) {
                dp[i] = g[i] * z[i];
                g[i] -= dp[i];
            }
            // z's pre-activation: (h − n) ⊙ g' ⊙ z (g' holds the factor 1 − z)
            for (int i = 0; i < n; i++) {
                z[i] = (hp[i] - c[i]) * g[i] * z[i];
            }
            // n's pre-activation: g' ⊙ (1 − n²)
            for (int i = 0; i < n; i++) {
                c[i] = g[i] * (1f - c[i] * c[i]);
            }
            // r's pre-activation: dn ⊙ hn ⊙ r ⊙ (1 − r); hn's gradient: dn ⊙ r
            for (int i = 0; i < n; i++) {
                float d = c[i];
                float rv = r[i];
                r[i] = rv * (1f - rv) * d * hn[i];
                hn[i] = d * rv;
            }
            rBuf.put(off, r, 0, n);
            zBuf.put(off, z, 0, n);
            nBuf.put(off, c, 0, n);
            hnBuf.put(off, hn, 0, n);
            if (t > end || layerConf().isStateInput() && t == 0) {   // dL/dh_{t-1}; at t = 0 for a state input
                if (masks != null && t < steps - 1) {
                    for (int i = 0; i < n; i++) {
                        dp[i] += ds[i];
                    }
                }
                dpBuf.put(0, dp, 0, n);
                Blas.gemm(p.at(p.gates[0], t), rwk[0], dPrev, false, true, 1.0, 1.0);
                Blas.gemm(p.at(p.gates[1], t), rwk[1], dPrev, false, true, 1.0, 1.0);
                Blas.gemm(p.at(p.hn, t), rwk[2], dPrev, false, true, 1.0, 1.0);
                INDArray swap = dState;
                dState = dPrev;
                dPrev = swap;
                FloatBuffer swapBuf = dsBuf;
                dsBuf = dpBuf;
                dpBuf = swapBuf;
            }
        }
        return dState;
    }

    /** Columns {@code [k·H, (k+1)·H)} of a {@code [n, 3H]} matrix, or elements of a {@code [3H]} vector. */
    private static INDArray gate(INDArray a, int k, long h) {
        return a.rank() == 1 ? a.get(interval(k * h, (k + 1) * h)) : a.get(all(), interval(k * h, (k + 1) * h));
    }
}
