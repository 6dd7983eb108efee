package org.rnnsuite.notebooks;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Small array helpers shared by the sections: NumPy-style printing, comparison, the tutorial's layouts. */
public final class Tensors {
    private Tensors() {
    }

    /**
     * Formats an array as NumPy prints it: nested brackets, one row per line; integers without decimals.
     *
     * @param a        a 1-, 2- or 3-dimensional array
     * @param decimals digits after the decimal point
     * @return the text (several lines for 2 and 3 dimensions)
     */
    public static String format(INDArray a, int decimals) {
        String cell = a.dataType().isIntType() ? "%d" : "% ." + decimals + "f";
        return switch (a.rank()) {
            case 0 -> cell.equals("%d") ? Long.toString(a.getLong(0)) : String.format(Locale.ROOT, cell, a.getDouble(0));
            case 1 -> row(a, cell);
            case 2 -> matrix(a, cell, "");
            case 3 -> {
                StringBuilder sb = new StringBuilder("[");
                for (long i = 0; i < a.size(0); i++) {
                    if (i > 0) {
                        sb.append(",\n\n ");
                    }
                    sb.append(matrix(a.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all()), cell, " "));
                }
                yield sb.append(']').toString();
            }
            default -> throw new IllegalArgumentException("cannot format rank " + a.rank() + ": " + Arrays.toString(a.shape()));
        };
    }

    private static String row(INDArray v, String cell) {
        StringBuilder sb = new StringBuilder("[");
        for (long j = 0; j < v.length(); j++) {
            if (j > 0) {
                sb.append(", ");
            }
            sb.append(cell.equals("%d") ? String.format(Locale.ROOT, cell, v.getLong(j))
                    : String.format(Locale.ROOT, cell, v.getDouble(j) + 0.0));  // + 0.0: print -0.0 as 0.0
        }
        return sb.append(']').toString();
    }

    private static String matrix(INDArray m, String cell, String indent) {
        StringBuilder sb = new StringBuilder("[");
        for (long i = 0; i < m.size(0); i++) {
            if (i > 0) {
                sb.append(",\n").append(indent).append(' ');
            }
            sb.append(row(m.getRow(i), cell));
        }
        return sb.append(']').toString();
    }

    /**
     * @param a an array
     * @param b an array of the same shape
     * @return the largest absolute element-wise difference
     * @throws IllegalArgumentException if the shapes differ
     */
    public static double maxAbsDiff(INDArray a, INDArray b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("shapes differ: " + Arrays.toString(a.shape()) + " vs "
                    + Arrays.toString(b.shape()));
        }
        return a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .sub(b.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE))
                .amaxNumber().doubleValue();
    }

    /**
     * The tutorial's layout to DL4J's: {@code [batch, time, features]} (TensorFlow's default, "NWC") to
     * {@code [batch, features, time]} ("NCW"), and back (the permutation is its own inverse).
     *
     * @param sequences a rank-3 array
     * @return the transposed view, {@code permute(0, 2, 1)}
     */
    public static INDArray swapTimeAndFeatures(INDArray sequences) {
        return sequences.permute(0, 2, 1);
    }

    /**
     * The features mask of a zero-padded batch: 1 for the first {@code lengths[i]} steps of instance i, 0 after.
     *
     * @param lengths true length of every instance (the tutorial's {@code seq_length})
     * @param steps   padded length
     * @param like    an array whose data type the mask takes
     * @return the mask, {@code [batch, steps]}
     */
    public static INDArray maskFromLengths(int[] lengths, int steps, INDArray like) {
        INDArray mask = org.nd4j.linalg.factory.Nd4j.zeros(like.dataType(), lengths.length, steps);
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] < 1 || lengths[i] > steps) {
                throw new IllegalArgumentException("length " + lengths[i] + " of instance " + i
                        + " is outside [1, " + steps + "]");
            }
            for (int t = 0; t < lengths[i]; t++) {
                mask.putScalar(i, t, 1.0);
            }
        }
        return mask;
    }
}
