package org.rnnsuite.common.layers;

import java.nio.FloatBuffer;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * DL4J's {@link Adam}, with the update of float parameters computed by a Java loop instead of ND4J's
 * {@code adam_updater} op: the same arithmetic in the same order and precision, so the same bits (checked against
 * the op in {@code FastAdamTest}), at about half the time (the op took 15 % of the translator's training step).
 * Other data types, and state or gradients that are not contiguous, go to DL4J's own updater.
 *
 * <p>The op computes, in the parameters' type, with {@code t} the iteration from 0:
 * {@code α = lr·√(1 − β₂^(t+1)) / (1 − β₁^(t+1))} (α = ε if that is not finite or zero), then for every element
 * {@code m ← β₁m + g(1 − β₁)}, {@code v ← β₂v + g·g(1 − β₂)}, {@code update = mα / (√v + ε)}.
 */
public class FastAdam extends Adam {
    /** Adam with DL4J's defaults (learning rate 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8). */
    public FastAdam() {
        super();
    }

    /**
     * @param learningRate a constant learning rate
     */
    public FastAdam(double learningRate) {
        super(learningRate);
    }

    /**
     * @param learningRateSchedule the learning rate by iteration or epoch
     */
    public FastAdam(ISchedule learningRateSchedule) {
        super(learningRateSchedule);
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        AdamUpdater views = (AdamUpdater) super.instantiate(viewArray, initializeViewArray);
        return withStateOf(views);
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        AdamUpdater views = (AdamUpdater) super.instantiate(updaterState, initializeStateArrays);
        return withStateOf(views);
    }

    private GradientUpdater withStateOf(AdamUpdater views) {
        Updater u = new Updater(this);
        u.setM(views.getM());
        u.setV(views.getV());
        u.setGradientReshapeOrder(views.getGradientReshapeOrder());
        return u;
    }

    @Override
    public FastAdam clone() {
        FastAdam c = new FastAdam(getLearningRate());
        c.setLearningRateSchedule(getLearningRateSchedule() == null ? null : getLearningRateSchedule().clone());
        c.setBeta1(getBeta1());
        c.setBeta2(getBeta2());
        c.setEpsilon(getEpsilon());
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FastAdam && super.equals(o);
    }

    @Override
    protected boolean canEqual(Object o) {
        return o instanceof FastAdam;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + 1;
    }

    /** The updater: DL4J's {@link AdamUpdater} with {@link #applyUpdater} as one Java loop per block of values. */
    static final class Updater extends AdamUpdater {
        private static final int BLOCK = 2048;
        private final float[] g = new float[BLOCK];
        private final float[] m = new float[BLOCK];
        private final float[] v = new float[BLOCK];

        Updater(Adam config) {
            super(config);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            INDArray mState = getM();
            INDArray vState = getV();
            if (mState == null || vState == null) {
                throw new IllegalStateException("Updater has not been initialized with view state");
            }
            if (!contiguousFloats(gradient) || !contiguousFloats(mState) || !contiguousFloats(vState)
                    || gradient.length() != mState.length() || gradient.length() != vState.length()
                    || !Kernels.applies(DataType.FLOAT)) {
                super.applyUpdater(gradient, iteration, epoch);
                return;
            }
            Adam c = getConfig();
            // the op's scalars, in float as it computes them (C++: float·float, then promoted to double by 1.0)
            float lr = (float) c.getLearningRate(iteration, epoch);
            float beta1 = (float) c.getBeta1();
            float beta2 = (float) c.getBeta2();
            float eps = (float) c.getEpsilon();
            float t = (float) iteration;
            float beta1T = (float) Math.pow(beta1, t + 1);
            float beta2T = (float) Math.pow(beta2, t + 1);
            float alpha = (float) ((double) (lr * (float) Math.sqrt((float) (1.0 - beta2T))) / (1.0 - beta1T));
            if (Float.isNaN(alpha) || alpha == 0f || Float.isInfinite(alpha)) {
                alpha = eps;
            }
            FloatBuffer gb = Kernels.floats(gradient);
            FloatBuffer mb = Kernels.floats(mState);
            FloatBuffer vb = Kernels.floats(vState);
            long n = gradient.length();
            for (long off = 0; off < n; off += BLOCK) {
                int i0 = (int) off;
                int k = (int) Math.min(BLOCK, n - off);
                gb.get(i0, g, 0, k);
                mb.get(i0, m, 0, k);
                vb.get(i0, v, 0, k);
                step(g, m, v, k, beta1, beta2, alpha, eps);
                gb.put(i0, g, 0, k);
                mb.put(i0, m, 0, k);
                vb.put(i0, v, 0, k);
            }
        }

        /** One block: the op's loop body, element by element, in the same order of operations. */
        private static void step(float[] g, float[] m, float[] v, int k, float beta1, float beta2, float alpha,
                                 float eps) {
            float keep1 = 1 - beta1;
            float keep2 = 1 - beta2;
            for (int i = 0; i < k; i++) {
                float gi = g[i];
                float mi = beta1 * m[i] + gi * keep1;
                float vi = beta2 * v[i] + gi * gi * keep2;
                m[i] = mi;
                v[i] = vi;
                g[i] = (mi * alpha) / ((float) Math.sqrt(vi) + eps);
            }
        }

        /** A float vector (or any array) whose values are contiguous in memory, in its linear order. */
        private static boolean contiguousFloats(INDArray x) {
            return x.dataType() == DataType.FLOAT && !x.isEmpty() && x.isVectorOrScalar()
                    && (x.length() == 1 || x.elementWiseStride() == 1);
        }
    }
}
