package org.rnnsuite.common.layers;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Inverted dropout as DL4J's {@link Dropout} defines it (while training, each input is kept with probability
 * {@code p} and then divided by {@code p}, else set to 0; the gradient goes through the same mask), with the mask
 * drawn and applied in one Java loop over the arrays' memory. DL4J's version fills a mask array, runs a native
 * random op over it and multiplies with a second op; on a {@code [150, 150, 28]} input that took about a tenth of
 * a 2-layer GRU's training step here. Any layout is read in place (the recurrent layers hand on permuted views
 * of their time-major buffers).
 *
 * <p>The mask comes from a {@link SplittableRandom} seeded from ND4J's random generator at each application, so a
 * run that seeds ND4J (as the trainers do, per epoch) gets the same masks again. Float arrays that are not
 * of a rank above 3 or of another type go to DL4J's {@link Dropout}.
 */
public class FastDropout implements IDropout {
    private static final long serialVersionUID = 1L;

    /** Probability of keeping an input (DL4J's convention; PyTorch's dropout probability is {@code 1 − p}). */
    private final double p;
    /** The last mask ({@code 0} or {@code 1/p} per element, in the logical 'c' order of its shape). */
    private transient float[] mask;
    /** Shape of the input the mask was drawn for. */
    private transient long[] maskShape;
    /** DL4J's dropout, for the arrays this class does not handle; it keeps its own mask. */
    private transient Dropout fallback;
    /** Applications that took the Java path (for tests; not synchronised). */
    static long fastApplications;

    /**
     * @param p probability of keeping an input, in (0, 1]
     */
    @JsonCreator
    public FastDropout(@JsonProperty("p") double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("keep probability must be in (0, 1], got " + p);
        }
        this.p = p;
    }

    /** @return the probability of keeping an input */
    public double getP() {
        return p;
    }

    @Override
    public INDArray applyDropout(INDArray input, INDArray result, int iteration, int epoch,
                                 LayerWorkspaceMgr workspaceMgr) {
        if (!handles(input, result)) {
            fallback = new Dropout(p);
            return fallback.applyDropout(input, result, iteration, epoch, workspaceMgr);
        }
        fallback = null;
        int n = (int) input.length();
        if (mask == null || mask.length < n) {
            mask = new float[n];
        }
        maskShape = input.shape();
        SplittableRandom random = new SplittableRandom(Nd4j.getRandom().nextLong());
        multiply(input, result, random);
        fastApplications++;
        return result;
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        if (fallback != null) {
            return fallback.backprop(gradAtOutput, gradAtInput, iteration, epoch);
        }
        if (mask == null || !java.util.Arrays.equals(maskShape, gradAtOutput.shape())) {
            throw new IllegalStateException("backprop without a matching applyDropout (mask of shape "
                    + java.util.Arrays.toString(maskShape) + ", gradient " + gradAtOutput.shapeInfoToString() + ")");
        }
        if (!handles(gradAtOutput, gradAtInput)) {
            INDArray m = Nd4j.create(java.util.Arrays.copyOf(mask, (int) gradAtOutput.length()), maskShape, 'c');
            return gradAtInput.assign(gradAtOutput.castTo(DataType.FLOAT).mul(m).castTo(gradAtInput.dataType()));
        }
        multiply(gradAtOutput, gradAtInput, null);
        return gradAtInput;
    }

    /**
     * {@code out = in ⊙ mask}, element by element, each array in its own layout; the mask is indexed in the
     * logical ('c') order of the shape. With a random generator the mask is drawn first (in the loop's order).
     * The loops run along {@code in}'s memory: the dimension of its smallest stride innermost.
     */
    private void multiply(INDArray inArray, INDArray outArray, SplittableRandom draw) {
        long[] shape = padded(inArray.shape(), 1);
        long[] is = padded(inArray.stride(), 0);
        long[] os = padded(outArray.stride(), 0);
        long[] ms = {shape[1] * shape[2], shape[2], 1};
        Integer[] dims = {0, 1, 2};
        java.util.Arrays.sort(dims, (x, y) -> Long.compare(is[y], is[x]));   // outermost first
        int d0 = dims[0];
        int d1 = dims[1];
        int d2 = dims[2];
        FloatBuffer in = Kernels.floats(inArray);
        FloatBuffer out = Kernels.floats(outArray);
        float keep = (float) p;
        float scale = (float) (1.0 / p);
        for (long a = 0; a < shape[d0]; a++) {
            for (long b = 0; b < shape[d1]; b++) {
                long i = start(inArray) + a * is[d0] + b * is[d1];
                long o = start(outArray) + a * os[d0] + b * os[d1];
                long m = a * ms[d0] + b * ms[d1];
                for (long c = 0; c < shape[d2]; c++) {
                    int mi = (int) (m + c * ms[d2]);
                    if (draw != null) {
                        mask[mi] = draw.nextFloat() < keep ? scale : 0f;
                    }
                    out.put((int) (o + c * os[d2]), in.get((int) (i + c * is[d2])) * mask[mi]);
                }
            }
        }
    }

    /** A rank-3 copy of a shape or strides of rank 1 to 3, the missing leading dimensions set to {@code fill}. */
    private static long[] padded(long[] v, long fill) {
        long[] out = {fill, fill, fill};
        System.arraycopy(v, 0, out, 3 - v.length, v.length);
        return out;
    }

    /** Two float arrays of one shape and rank 1 to 3, each inside its buffer (views and any layout included). */
    private static boolean handles(INDArray a, INDArray b) {
        return a.dataType() == DataType.FLOAT && b.dataType() == DataType.FLOAT && a.equalShapes(b)
                && a.rank() >= 1 && a.rank() <= 3 && inside(a) && inside(b);
    }

    /** Every element's index (start plus strides, none negative) within its buffer, which fits an int index. */
    private static boolean inside(INDArray x) {
        long last = start(x);
        for (int d = 0; d < x.rank(); d++) {
            if (x.stride(d) < 0) {
                return false;
            }
            last += (x.size(d) - 1) * x.stride(d);
        }
        return start(x) >= 0 && x.data().length() <= Integer.MAX_VALUE && last < x.data().length();
    }

    /** Index of the array's first element in its buffer (a view's buffer may already begin at the view). */
    private static long start(INDArray x) {
        return x.offset() - x.data().offset();
    }

    @Override
    public void clear() {
        mask = null;
        maskShape = null;
        fallback = null;
    }

    @Override
    public FastDropout clone() {
        return new FastDropout(p);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FastDropout d && d.p == p;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(p);
    }

    @Override
    public String toString() {
        return "FastDropout(p=" + p + ")";
    }
}
