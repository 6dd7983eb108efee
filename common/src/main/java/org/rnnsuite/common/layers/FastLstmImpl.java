package org.rnnsuite.common.layers;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.TimesOneMinus;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer of {@link FastLstm}: DL4J's {@link LSTM} with a faster forward and backward pass for the common case
 * (NCW input, sigmoid gates, tanh activation, no weight noise, from the zero state or a
 * {@link FastLstm#stateInput state input}); everything else is DL4J's own code.
 *
 * <p>Equations (DL4J's, gate columns in the order block input, forget, output, input gate):
 * {@code [a, f, o, g] = [tanh, σ, σ, σ](x_t·W + h_{t−1}·RW + b)}, {@code c_t = f ⊙ c_{t−1} + g ⊙ a},
 * {@code h_t = o ⊙ tanh(c_t)}; with a mask, {@code h_t} and {@code c_t} are multiplied by the step's mask value, as
 * DL4J does (the state restarts from zero after a masked step), and no gradient flows through masked steps.
 *
 * <p>Buffers are time-major {@code [T·m, ·]} matrices kept outside workspaces and reused while the batch size and
 * input size are unchanged (shorter sequences use their first rows): the gate block of step t is rows {@code [t·m, (t+1)·m)}; states {@code h} and {@code c} have one more
 * block (block 0 is the zero initial state, block t+1 the state after step t). Back-propagation overwrites the gate
 * activations with the gradients of the gate pre-activations, then computes {@code dW}, {@code dRW}, {@code db} and
 * {@code dx} with one product each over all steps.
 */
public class FastLstmImpl extends LSTM {
    private long bufM = -1;
    private long capT = -1;
    private long bufNIn = -1;
    private INDArray x2All;   // storage of the buffers below, for up to capT steps
    private INDArray g2All;
    private INDArray h2All;
    private INDArray c2All;
    private INDArray tc2All;
    private INDArray dh2All;
    private INDArray dx2All;
    private INDArray mask2All;
    private INDArray dcExt2All;
    private INDArray onesAll;
    private INDArray x2;      // [T*m, nIn] inputs, when the input is not laid out so (or carries a state)
    private INDArray xRows;   // the inputs of the kept pass: x2, or a view of the input
    private INDArray g2;      // [T*m, 4H] gate activations, then dL/d(pre-activations)
    private INDArray h2;      // [(T+1)*m, H] outputs; block 0 = zeros
    private INDArray c2;      // [(T+1)*m, H] cell states; block 0 = zeros
    private INDArray tc2;     // [T*m, H] tanh(c_t)
    private INDArray dh2;     // [T*m, H] dL/dh
    private INDArray dx2;     // [T*m, nIn] dL/dx
    private INDArray mask2;   // [T*m, H] the features mask, time-major, repeated over the units
    private INDArray ones;    // [1, T*m]
    private INDArray tmp;     // [m, H] scratch
    private INDArray tmp2;    // [m, H] scratch
    private INDArray dc;      // [m, H] dL/dc at the current step
    private INDArray dcNext;  // [m, H] f_{t+1} ⊙ dL/dc_{t+1}
    private INDArray dcExt2;  // [T*m, H] dL/dc_t from the output (state output only)
    private List<INDArray[]> gates; // per step: block [m, 4H], a, f, o, g, sigmoid part [m, 3H]
    private INDArray[] hBlocks;     // per step s: block s of h2 (h_{s-1})
    private INDArray[] dhBlocks;    // per step s: block s of dh2
    // the fused kernels' heap buffers (float networks): same layouts as the off-heap ones
    private float[] actF;     // [T, 4, m, H] per step the [m, H] blocks of a, f, o, g (activations)
    private float[] cF;       // [(T+1)*m, H] cell states
    private float[] tcF;      // [T*m, H] tanh(c_t) before the mask
    private float[] maskF;    // [T*m] the mask, time-major
    private float[] aW;       // [m, H] one step's gates a, f, o, g (activations, then gradients)
    private float[] fW;
    private float[] oW;
    private float[] gW;
    private float[] cpW;      // [m, H] one step's previous cell state
    private float[] cnW;      // [m, H] its new cell state
    private float[] tcW;      // [m, H] tanh of it
    private float[] hW;       // [m, H] its output
    private float[] dhW;      // [m, H] dL/dh
    private float[] dcW;      // [m, H] dL/dc
    private float[] dcNextW;  // [m, H] f_{t+1} ⊙ dL/dc_{t+1}
    private float[] dcExtW;   // [m, H] dL/dc_t from the output (state output only; else zeros)
    private FloatBuffer gBuf; // direct views of g2All, h2All, c2All, dh2All, dcExt2All
    private FloatBuffer hBuf;
    private FloatBuffer cBuf;
    private FloatBuffer dhBuf;
    private FloatBuffer dcExtBuf;
    private INDArray cachedFor;     // the input whose training forward pass is in the buffers
    private INDArray cachedMask;
    /** Backward passes computed by this class rather than DL4J's code (for tests). */
    long fastBackwardPasses;
    /** Calls of step-by-step inference computed by this class rather than DL4J's code (for tests). */
    long fastSteps;

    /**
     * @param conf     the layer's configuration
     * @param dataType the network's data type
     */
    public FastLstmImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private boolean stateInput() {
        return layerConf() instanceof FastLstm f && f.isStateInput();
    }

    private boolean stateOutput() {
        return layerConf() instanceof FastLstm f && f.isStateOutput();
    }

    /** @return true if the layer computes the equations this class implements (sigmoid gates, tanh, NCW) */
    private boolean standardCell() {
        org.deeplearning4j.nn.conf.layers.LSTM c = layerConf();
        return c.getGateActivationFn() instanceof ActivationSigmoid && c.getActivationFn() instanceof ActivationTanH
                && c.getWeightNoise() == null && c.getRnnDataFormat() == RNNFormat.NCW;
    }

    private boolean fastPathApplies() {
        org.deeplearning4j.nn.conf.layers.LSTM c = layerConf();
        boolean applies = standardCell() && input != null
                && input.rank() == 3 && input.dataType() == dataType
                && (maskArray == null || maskArray.rank() == 2 && maskArray.size(1) == input.size(2));
        if (!applies && (stateInput() || stateOutput())) {
            throw new IllegalStateException("the state input/output of layer " + c.getLayerName()
                    + " needs NCW float input, sigmoid gates, tanh and no weight noise");
        }
        return applies;
    }

    /**
     * The forward pass from the zero state (or the state input); in training mode its activations are kept for {@link #backpropGradient}.
     *
     * @param training     true while training (dropout on the input, activations kept)
     * @param workspaceMgr DL4J's workspace manager
     * @return the activations {@code [m, H, T]} (NCW)
     */
    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        cachedFor = null;
        if (!fastPathApplies()) {
            return super.activate(input, training, workspaceMgr);
        }
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        long m = input.size(0);
        long nIn = layerConf().getNIn();
        long t = input.size(2);
        long h = layerConf().getNOut();
        boolean init = stateInput();
        if (input.size(1) != nIn + (init ? 2 * h : 0)) {
            throw new IllegalStateException("layer " + layerConf().getLayerName() + " expects "
                    + (nIn + (init ? 2 * h : 0)) + " input channels, got " + input.size(1));
        }
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, training, workspaceMgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, training, workspaceMgr);
        INDArray b = getParamWithNoise(LSTMParamInitializer.BIAS_KEY, training, workspaceMgr);
        buffers(m, nIn, t, h);
        boolean masked = maskArray != null;
        boolean fused = Kernels.applies(dataType);
        if (masked && !fused) {
            // one broadcast per pass; per step an in-place product (8 µs) instead of a broadcast product (43 µs)
            INDArray column = maskArray.castTo(dataType).transpose().dup('c').reshape(t * m);
            Nd4j.getExecutioner().exec(new BroadcastCopyOp(mask2, column, mask2, 0));
        }

        INDArray x = x2;
        if (init) {
            x2.reshape('c', t, m, nIn).assign(input.get(all(), interval(0, nIn), all()).permute(2, 0, 1));
            block(h2, 0, m).assign(input.get(all(), interval(nIn, nIn + h), point(0)));
            block(c2, 0, m).assign(input.get(all(), interval(nIn + h, nIn + 2 * h), point(0)));
        } else {
            x = TimeMajor.rows(input, x2);
        }
        Blas.gemm(x, w, g2, false, false, 1.0, 0.0);
        g2.addiRowVector(b);
        if (fused) {
            forwardFused((int) m, (int) t, (int) h, init, masked, rw);
        }
        for (int s = 0; s < t && !fused; s++) {
            INDArray[] gs = gates.get(s);
            if (s > 0 || init) {
                Blas.gemm(block(h2, s, m), rw, gs[0], false, false, 1.0, 1.0);
            }
            INDArray a = gs[1];
            INDArray f = gs[2];
            INDArray o = gs[3];
            INDArray g = gs[4];
            Nd4j.getExecutioner().exec(new Sigmoid(gs[5], gs[5]));
            Nd4j.getExecutioner().exec(new Tanh(a, a));
            INDArray cNew = block(c2, s + 1, m);
            if (s > 0 || init) {
                f.mul(block(c2, s, m), cNew);
                g.mul(a, tmp);
                cNew.addi(tmp);
            } else {
                g.mul(a, cNew);
            }
            INDArray tc = block(tc2, s, m);
            Nd4j.getExecutioner().exec(new Tanh(cNew, tc));
            INDArray hNew = block(h2, s + 1, m);
            o.mul(tc, hNew);
            if (masked) {
                INDArray ms = block(mask2, s, m);
                hNew.muli(ms);
                cNew.muli(ms);
            }
        }
        cachedFor = training ? input : null;
        cachedMask = maskArray;
        xRows = training ? x : null;
        // c order: the permuted copy from the time-major buffer is 2.5x cheaper than into f order
        if (stateOutput()) {
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType,
                    new long[] {m, 2 * h, t}, 'c');
            out.get(all(), interval(0, h), all())
                    .assign(h2.get(interval(m, (t + 1) * m), all()).reshape('c', t, m, h).permute(1, 2, 0));
            out.get(all(), interval(h, 2 * h), all())
                    .assign(c2.get(interval(m, (t + 1) * m), all()).reshape('c', t, m, h).permute(1, 2, 0));
            return out;
        }
        INDArray out = TimeMajor.create(workspaceMgr, ArrayType.ACTIVATIONS, dataType, m, h, t);
        out.reshape('c', t * m, h).assign(h2.get(interval(m, (t + 1) * m), all()));
        return TimeMajor.sequence(out);
    }

    /** DL4J's LSTM runs its own forward pass here; this layer's {@link #activate(boolean, LayerWorkspaceMgr)}. */
    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        return activate(training, workspaceMgr);
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        cachedFor = null;
        if (stateInput() || stateOutput()) {
            throw new UnsupportedOperationException("truncated BPTT is not supported with a state input/output");
        }
        return super.rnnActivateUsingStoredState(input, training, storeLastForTBPTT, workspaceMgr);
    }

    /**
     * Step-by-step inference ({@link #fastStep} for float networks without a mask, else DL4J's). With a state input, the initial state is read from the input's last
     * {@code 2H} channels when the layer holds no state, and those channels are ignored otherwise.
     */
    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        cachedFor = null;
        if (stateOutput() && stateInput()) {
            throw new UnsupportedOperationException("rnnTimeStep with both a state input and a state output");
        }
        if (stateOutput()) {
            return rnnTimeStepWithState(input, workspaceMgr);
        }
        if (stateInput()) {
            long nIn = layerConf().getNIn();
            long h = layerConf().getNOut();
            INDArray in = input.rank() == 2 ? input.reshape(input.size(0), input.size(1), 1) : input;
            if (!stateMap.containsKey(STATE_KEY_PREV_ACTIVATION)) {
                stateMap.put(STATE_KEY_PREV_ACTIVATION, in.get(all(), interval(nIn, nIn + h), point(0)).detach());
                stateMap.put(STATE_KEY_PREV_MEMCELL, in.get(all(), interval(nIn + h, nIn + 2 * h), point(0)).detach());
            }
            input = in.get(all(), interval(0, nIn), all()).dup('c');
        }
        return step(input, workspaceMgr);
    }

    /** One call of step-by-step inference: {@link #fastStep} where it applies, else DL4J's code. */
    private INDArray step(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        if (Kernels.applies(dataType) && input.rank() == 3 && input.dataType() == dataType && maskArray == null
                && standardCell()) {
            return fastStep(input, workspaceMgr);
        }
        return super.rnnTimeStep(input, workspaceMgr);
    }

    /**
     * Step-by-step inference for float networks without a mask: the forward pass's buffers and fused kernels
     * ({@link #forwardFused}) from the stored state (zeros if none), instead of DL4J's general helper (about 0.4 ms
     * per step for one sentence of the translator, most of its greedy latency).
     *
     * @param input        {@code [m, nIn, T]}
     * @param workspaceMgr DL4J's workspace manager
     * @return the outputs {@code [m, H, T]}; the last step's state is stored as DL4J's {@code rnnTimeStep} does
     */
    private INDArray fastStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        long m = input.size(0);
        long nIn = layerConf().getNIn();
        long h = layerConf().getNOut();
        long t = input.size(2);
        if (input.size(1) != nIn) {
            throw new IllegalStateException("layer " + layerConf().getLayerName() + " expects " + nIn
                    + " input channels, got " + input.size(1));
        }
        INDArray h0 = stateMap.get(STATE_KEY_PREV_ACTIVATION);
        INDArray c0 = stateMap.get(STATE_KEY_PREV_MEMCELL);
        boolean init = h0 != null;
        if (init && h0.size(0) != m) {
            throw new IllegalStateException("layer " + layerConf().getLayerName() + " holds a state for "
                    + h0.size(0) + " sequences, given " + m + " (call rnnClearPreviousState first)");
        }
        fastSteps++;
        buffers(m, nIn, t, h);
        x2.reshape('c', t, m, nIn).assign(input.permute(2, 0, 1));
        if (init) {
            block(h2, 0, m).assign(h0);
            block(c2, 0, m).assign(c0);
        }
        Blas.gemm(x2, getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY), g2, false, false, 1.0, 0.0);
        g2.addiRowVector(getParam(LSTMParamInitializer.BIAS_KEY));
        forwardFused((int) m, (int) t, (int) h, init, false, getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY));
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            stateMap.put(STATE_KEY_PREV_ACTIVATION, block(h2, t, m).dup('c'));
            stateMap.put(STATE_KEY_PREV_MEMCELL, block(c2, t, m).dup('c'));
        }
        if (init) {   // block 0 is the zero initial state of the training forward pass and its gradients
            block(h2, 0, m).assign(0);
            block(c2, 0, m).assign(0);
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, new long[] {m, h, t}, 'c');
        return out.assign(h2.get(interval(m, (t + 1) * m), all()).reshape('c', t, m, h).permute(1, 2, 0));
    }

    /** Steps one time step at a time, appending the cell state kept to each output. */
    private INDArray rnnTimeStepWithState(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        long h = layerConf().getNOut();
        INDArray in = input.rank() == 2 ? input.reshape(input.size(0), input.size(1), 1) : input;
        long m = in.size(0);
        long t = in.size(2);
        INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, dataType, new long[] {m, 2 * h, t}, 'c');
        for (long s = 0; s < t; s++) {
            INDArray y = step(in.get(all(), all(), interval(s, s + 1)).dup('c'), workspaceMgr);
            out.get(all(), interval(0, h), point(s)).assign(y.reshape(m, h));
            out.get(all(), interval(h, 2 * h), point(s)).assign(stateMap.get(STATE_KEY_PREV_MEMCELL));
        }
        return input.rank() == 2 ? out.reshape(m, 2 * h) : out;
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
            if (stateInput() || stateOutput()) {
                throw new IllegalStateException("layer " + layerConf().getLayerName()
                        + ": backpropagation with a state input/output needs the training forward pass first");
            }
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        cachedFor = null;
        fastBackwardPasses++;
        long m = input.size(0);
        long nIn = layerConf().getNIn();
        long t = input.size(2);
        long h = layerConf().getNOut();
        boolean init = stateInput();
        boolean stateOut = stateOutput();
        boolean masked = maskArray != null;
        INDArray w = getParamWithNoise(LSTMParamInitializer.INPUT_WEIGHT_KEY, true, workspaceMgr);
        INDArray rw = getParamWithNoise(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, true, workspaceMgr);
        INDArray wg = gradientViews.get(LSTMParamInitializer.INPUT_WEIGHT_KEY);
        INDArray rwg = gradientViews.get(LSTMParamInitializer.RECURRENT_WEIGHT_KEY);
        INDArray bg = gradientViews.get(LSTMParamInitializer.BIAS_KEY);

        if (stateOut) {
            dh2.reshape('c', t, m, h).assign(epsilon.get(all(), interval(0, h), all()).permute(2, 0, 1));
            dcExt2.reshape('c', t, m, h).assign(epsilon.get(all(), interval(h, 2 * h), all()).permute(2, 0, 1));
        } else {
            dh2.reshape('c', t, m, h).assign(epsilon.permute(2, 0, 1));
        }
        boolean fused = Kernels.applies(dataType);
        if (fused) {
            backwardFused((int) m, (int) t, (int) h, init, stateOut, masked, rw);
        }
        for (int s = (int) t - 1; s >= 0 && !fused; s--) {
            INDArray[] gs = gates.get(s);
            INDArray a = gs[1];
            INDArray f = gs[2];
            INDArray o = gs[3];
            INDArray g = gs[4];
            INDArray dh = block(dh2, s, m);
            if (s < t - 1) {
                Blas.gemm(gates.get(s + 1)[0], rw, dh, false, true, 1.0, 1.0); // += dz_{s+1}·RWᵀ
            }
            INDArray ms = masked ? block(mask2, s, m) : null;
            if (masked) {
                dh.muli(ms);
            }
            INDArray tc = block(tc2, s, m);
            // dc = dh ⊙ o ⊙ (1 − tanh²(c)) + f_{s+1} ⊙ dc_{s+1}
            tc.mul(tc, dc).rsubi(1.0).muli(o).muli(dh);
            if (s < t - 1) {
                dc.addi(dcNext);
            }
            if (stateOut) {
                dc.addi(block(dcExt2, s, m));
            }
            if (masked) {
                dc.muli(ms);
            }
            // output gate: dh ⊙ tanh(c) ⊙ o(1 − o)
            Nd4j.getExecutioner().exec(new TimesOneMinus(o, tmp));
            tmp.muli(tc).mul(dh, o);
            // carried to the previous step before f is overwritten
            f.mul(dc, dcNext);
            // forget gate: dc ⊙ c_{s−1} ⊙ f(1 − f); zero at s = 0 from the zero state
            if (s > 0 || init) {
                Nd4j.getExecutioner().exec(new TimesOneMinus(f, f));
                f.muli(dc).muli(block(c2, s, m));
            } else {
                f.assign(0);
            }
            // input gate: dc ⊙ a ⊙ g(1 − g); block input: dc ⊙ g ⊙ (1 − a²)
            dc.mul(g, tmp2);
            Nd4j.getExecutioner().exec(new TimesOneMinus(g, g));
            g.muli(dc).muli(a);
            a.muli(a).rsubi(1.0).muli(tmp2);
        }
        // g2 now holds dL/d(pre-activations) of every step; gradients of all steps at once
        // dW = Xᵀ·G, dRW = H_prevᵀ·G (Blas writes DL4J's column-major gradient views directly)
        Blas.gemm(xRows, g2, wg, true, false, 1.0, 0.0);
        xRows = null;
        Blas.gemm(h2.get(interval(0, t * m), all()), g2, rwg, true, false, 1.0, 0.0);
        Blas.gemm(ones, g2, bg.reshape(1, 4 * h), false, false, 1.0, 0.0);
        INDArray epsOut;
        if (init) {
            Blas.gemm(g2, w, dx2, false, true, 1.0, 0.0);
            // the state channels: dL/dh_0 = dz_0·RWᵀ and dL/dc_0 = f_0 ⊙ dL/dc_0' at the first step, zero after
            epsOut = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, dataType, new long[] {m, nIn + 2 * h, t}, 'c');
            epsOut.get(all(), interval(0, nIn), all()).assign(dx2.reshape('c', t, m, nIn).permute(1, 2, 0));
            Blas.gemm(gates.get(0)[0], rw, tmp, false, true, 1.0, 0.0);
            epsOut.get(all(), interval(nIn, nIn + h), point(0)).assign(tmp);
            if (fused) {
                Kernels.floats(dcNext).put(0, dcNextW, 0, (int) (m * h));
            }
            epsOut.get(all(), interval(nIn + h, nIn + 2 * h), point(0)).assign(dcNext);
        } else {
            INDArray dx = TimeMajor.create(workspaceMgr, ArrayType.ACTIVATION_GRAD, dataType, m, nIn, t);
            Blas.gemm(g2, w, dx.reshape('c', t * m, nIn), false, true, 1.0, 0.0);
            epsOut = TimeMajor.sequence(dx);
        }

        weightNoiseParams.clear();
        Gradient grad = new DefaultGradient(gradientsFlattened);
        grad.gradientForVariable().put(LSTMParamInitializer.INPUT_WEIGHT_KEY, wg);
        grad.gradientForVariable().put(LSTMParamInitializer.RECURRENT_WEIGHT_KEY, rwg);
        grad.gradientForVariable().put(LSTMParamInitializer.BIAS_KEY, bg);
        epsOut = backpropDropOutIfPresent(epsOut);
        return new Pair<>(grad, epsOut);
    }

    /**
     * The time loop of the forward pass for float networks: per step the recurrent product (OpenBLAS), one bulk
     * copy of each gate's columns to the heap, then the gate non-linearities, the cell update, {@code tanh(c)}, the
     * output and the mask in a few vectorised loops ({@link Kernels}); {@code h} and {@code c} go back for the next
     * product and the output, the activations stay on the heap for back-propagation.
     */
    private void forwardFused(int m, int t, int h, boolean init, boolean masked, INDArray rw) {
        int n = m * h;
        if (masked) {
            Kernels.timeMajorMask(maskArray, maskF, m, t);
        }
        if (init) {
            cBuf.get(0, cpW, 0, n);
        } else {
            java.util.Arrays.fill(cpW, 0, n, 0f);
        }
        System.arraycopy(cpW, 0, cF, 0, n);
        for (int s = 0; s < t; s++) {
            if (s > 0 || init) {
                Blas.gemm(hBlocks[s], rw, gates.get(s)[0], false, false, 1.0, 1.0);
            }
            Kernels.deinterleave(gBuf, s * 4 * n, m, h, aW, fW, oW, gW);
            Kernels.tanh(aW, n);
            Kernels.sigmoid(fW, n);
            Kernels.sigmoid(oW, n);
            Kernels.sigmoid(gW, n);
            cellForward(aW, fW, oW, gW, cpW, cnW, tcW, hW, n);
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
            cBuf.put((s + 1) * n, cnW, 0, n);
        }
    }

    /**
     * {@code c' = f ⊙ c + g ⊙ a}, {@code tanh(c')}, {@code h' = o ⊙ tanh(c')} over {@code n} values; three loops,
     * because the JIT vectorises each of them but not their fusion (whose body is too large to unroll): 15 µs
     * instead of 190 µs for 150 × 150 values.
     */
    private static void cellForward(float[] a, float[] f, float[] o, float[] g, float[] cp, float[] cn, float[] tc,
                                    float[] hOut, int n) {
        for (int i = 0; i < n; i++) {
            cn[i] = f[i] * cp[i] + g[i] * a[i];
        }
        Kernels.tanh(cn, tc, n);
        for (int i = 0; i < n; i++) {
            hOut[i] = o[i] * tc[i];
        }
    }

    /**
     * The time loop of back-propagation for float networks: per step the product {@code dz_{s+1}·RWᵀ} into
     * {@code dL/dh_s} (OpenBLAS), one bulk copy of it to the heap, the cell's derivatives in two vectorised loops
     * and one copy of each gate's {@code dL/dz} back into {@code g2} for the products over all steps.
     */
    private void backwardFused(int m, int t, int h, boolean init, boolean stateOut, boolean masked, INDArray rw) {
        int n = m * h;
        java.util.Arrays.fill(dcNextW, 0, n, 0f);
        if (!stateOut) {
            java.util.Arrays.fill(dcExtW, 0, n, 0f);
        }
        for (int s = t - 1; s >= 0; s--) {
            if (s < t - 1) {
                Blas.gemm(gates.get(s + 1)[0], rw, dhBlocks[s], false, true, 1.0, 1.0); // += dz_{s+1}·RWᵀ
            }
            dhBuf.get(s * n, dhW, 0, n);
            if (stateOut) {
                dcExtBuf.get(s * n, dcExtW, 0, n);
            }
            int act = s * 4 * n;
            System.arraycopy(actF, act, aW, 0, n);
            System.arraycopy(actF, act + n, fW, 0, n);
            System.arraycopy(actF, act + 2 * n, oW, 0, n);
            System.arraycopy(actF, act + 3 * n, gW, 0, n);
            System.arraycopy(cF, s * n, cpW, 0, n);
            System.arraycopy(tcF, s * n, tcW, 0, n);
            if (masked) {
                Kernels.scaleRows(dhW, maskF, s * m, m, h);
            }
            // dc = dh ⊙ o ⊙ (1 − tanh²(c)) + f_{s+1} ⊙ dc_{s+1} (+ dL/dc from a state output)
            cellState(dhW, oW, tcW, dcNextW, dcExtW, dcW, n);
            if (masked) {
                Kernels.scaleRows(dcW, maskF, s * m, m, h);
            }
            cellBackward(aW, fW, oW, gW, cpW, tcW, dhW, dcW, dcNextW, s == 0 && !init ? 0f : 1f, n);
            Kernels.interleave(gBuf, s * 4 * n, m, h, aW, fW, oW, gW);
        }
    }

    /** {@code dc = dh ⊙ o ⊙ (1 − tc²) + dcNext + dcExt} over {@code n} values. */
    private static void cellState(float[] dh, float[] o, float[] tc, float[] dcNext, float[] dcExt, float[] dc,
                                  int n) {
        for (int i = 0; i < n; i++) {
            float tcv = tc[i];
            dc[i] = dh[i] * o[i] * (1f - tcv * tcv) + dcNext[i] + dcExt[i];
        }
    }

    /**
     * The gates' pre-activation gradients, written over their activations {@code a, f, o, g}, and
     * {@code dcNext = f ⊙ dc}; {@code keepPrev} is 0 at the first step from the zero state (no forget gradient).
     */
    private static void cellBackward(float[] a, float[] f, float[] o, float[] g, float[] cp, float[] tc, float[] dh,
                                     float[] dc, float[] dcNext, float keepPrev, int n) {
        for (int i = 0; i < n; i++) {
            float av = a[i];
            float fv = f[i];
            float ov = o[i];
            float gv = g[i];
            float d = dc[i];
            a[i] = d * gv * (1f - av * av);
            f[i] = keepPrev * d * cp[i] * fv * (1f - fv);
            o[i] = dh[i] * tc[i] * ov * (1f - ov);
            g[i] = d * av * gv * (1f - gv);
            dcNext[i] = fv * d;
        }
    }

    private static INDArray block(INDArray buf, long s, long m) {
        return buf.get(interval(s * m, (s + 1) * m), all());
    }

    /**
     * Points the buffers at the first {@code t} steps of their storage, which is (re)allocated only when the batch
     * size or input size changes or more steps are needed: batches of varying length reuse it.
     */
    private void buffers(long m, long nIn, long t, long h) {
        if (m != bufM || nIn != bufNIn || t > capT) {
            allocate(m, nIn, Math.max(t, m == bufM && nIn == bufNIn ? capT : 0), h);
        }
        x2 = rows(x2All, t * m);
        g2 = rows(g2All, t * m);
        h2 = rows(h2All, (t + 1) * m);
        c2 = rows(c2All, (t + 1) * m);
        tc2 = rows(tc2All, t * m);
        dh2 = rows(dh2All, t * m);
        dx2 = rows(dx2All, t * m);
        mask2 = rows(mask2All, t * m);
        dcExt2 = dcExt2All == null ? null : rows(dcExt2All, t * m);
        ones = onesAll.get(all(), interval(0, t * m));
    }

    private static INDArray rows(INDArray a, long n) {
        return a.get(interval(0, n), all());
    }

    private void allocate(long m, long nIn, long steps, long h) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            long r = steps * m;
            x2All = Nd4j.createUninitialized(dataType, new long[] {r, nIn}, 'c');
            g2All = Nd4j.createUninitialized(dataType, new long[] {r, 4 * h}, 'c');
            h2All = Nd4j.zeros(dataType, r + m, h);
            c2All = Nd4j.zeros(dataType, r + m, h);
            tc2All = Nd4j.createUninitialized(dataType, new long[] {r, h}, 'c');
            dh2All = Nd4j.createUninitialized(dataType, new long[] {r, h}, 'c');
            dx2All = Nd4j.createUninitialized(dataType, new long[] {r, nIn}, 'c');
            mask2All = Nd4j.createUninitialized(dataType, new long[] {r, h}, 'c');
            dcExt2All = stateOutput() ? Nd4j.createUninitialized(dataType, new long[] {r, h}, 'c') : null;
            onesAll = Nd4j.ones(dataType, 1, r);
            tmp = Nd4j.createUninitialized(dataType, new long[] {m, h}, 'c');
            tmp2 = Nd4j.createUninitialized(dataType, new long[] {m, h}, 'c');
            dc = Nd4j.createUninitialized(dataType, new long[] {m, h}, 'c');
            dcNext = Nd4j.createUninitialized(dataType, new long[] {m, h}, 'c');
            gates = new ArrayList<>((int) steps);
            hBlocks = new INDArray[(int) steps];
            dhBlocks = new INDArray[(int) steps];
            for (long s = 0; s < steps; s++) {
                hBlocks[(int) s] = block(h2All, s, m);
                dhBlocks[(int) s] = block(dh2All, s, m);
                INDArray gs = block(g2All, s, m);
                gates.add(new INDArray[] {gs, gs.get(all(), interval(0, h)), gs.get(all(), interval(h, 2 * h)),
                        gs.get(all(), interval(2 * h, 3 * h)), gs.get(all(), interval(3 * h, 4 * h)),
                        gs.get(all(), interval(h, 4 * h))});
            }
        }
        if (Kernels.applies(dataType)) {
            int n = (int) (m * h);
            actF = new float[(int) (steps * m * 4 * h)];
            cF = new float[(int) ((steps + 1) * m * h)];
            tcF = new float[(int) (steps * m * h)];
            maskF = new float[(int) (steps * m)];
            aW = new float[n];
            fW = new float[n];
            oW = new float[n];
            gW = new float[n];
            cpW = new float[n];
            cnW = new float[n];
            tcW = new float[n];
            hW = new float[n];
            dhW = new float[n];
            dcW = new float[n];
            dcNextW = new float[n];
            dcExtW = new float[n];
            gBuf = Kernels.floats(g2All);
            hBuf = Kernels.floats(h2All);
            cBuf = Kernels.floats(c2All);
            dhBuf = Kernels.floats(dh2All);
            dcExtBuf = dcExt2All == null ? null : Kernels.floats(dcExt2All);
        }
        bufM = m;
        capT = steps;
        bufNIn = nIn;
    }
}
