package org.rnnsuite.common.layers;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sequences between the fast layers: DL4J's NCW shape {@code [b, n, t]}, laid out in memory time-major.
 *
 * <p>The fast layers compute on time-major {@code [t·b, n]} matrices (the rows of time step s form one block). They
 * hand their output (and their gradient with respect to their input) on as an NCW <em>view</em> of a time-major
 * array, {@code [t, b, n].permute(1, 2, 0)}: the values and shape DL4J expects, without a permuted copy. The next
 * fast layer reads such a view back as its time-major matrix in place ({@link #rows}); any other layer reads it as
 * any strided array. A permuted copy of {@code [150, 150, 28]} floats costs 0.9-1.1 ms on one core here, a
 * contiguous one 0.1 ms, a view nothing.
 */
final class TimeMajor {
    private TimeMajor() {
    }

    /**
     * The time-major rows of a sequence, for reading.
     *
     * @param seq    an NCW sequence {@code [b, n, t]}
     * @param buffer a {@code [t·b, n]} c-order matrix to copy into when {@code seq} is not laid out time-major
     * @return {@code [t·b, n]}, row {@code s·b + i} = {@code seq[i, :, s]}: a view of {@code seq} if its memory is
     *     time-major, else {@code buffer} filled
     */
    static INDArray rows(INDArray seq, INDArray buffer) {
        long b = seq.size(0);
        long n = seq.size(1);
        long t = seq.size(2);
        INDArray tm = seq.permute(2, 0, 1);
        if (isTimeMajor(seq)) {
            INDArray view = tm.reshape('c', t * b, n);
            if (view.isView()) {   // (a reshape that had to copy would land in the current workspace)
                return view;
            }
        }
        buffer.reshape('c', t, b, n).assign(tm);
        return buffer;
    }

    /**
     * @param seq an NCW sequence {@code [b, n, t]}
     * @return true if its memory is laid out {@code [t, b, n]} in c order (strides of unit dimensions ignored)
     */
    static boolean isTimeMajor(INDArray seq) {
        long b = seq.size(0);
        long n = seq.size(1);
        long t = seq.size(2);
        long[] s = seq.stride();
        return (n == 1 || s[1] == 1) && (b == 1 || s[0] == n) && (t == 1 || s[2] == b * n);
    }

    /**
     * A new time-major array in one of the layer's workspaces.
     *
     * @return {@code [t, b, n]}, c order, uninitialised; {@link #sequence} gives its NCW view
     */
    static INDArray create(LayerWorkspaceMgr mgr, ArrayType type, DataType dataType, long b, long n, long t) {
        return mgr.createUninitialized(type, dataType, new long[] {t, b, n}, 'c');
    }

    /**
     * @param timeMajor {@code [t, b, n]}
     * @return its NCW view {@code [b, n, t]}
     */
    static INDArray sequence(INDArray timeMajor) {
        return timeMajor.permute(1, 2, 0);
    }
}
