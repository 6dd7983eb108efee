package org.rnnsuite.notebooks;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnnsuite.common.Seeds;

/**
 * Section 3, "Setting the sequence lengths": a batch of sequences of different lengths, zero-padded to the longest,
 * where the outputs past each sequence's end are zero and the final state is each sequence's last real output.
 *
 * <p>Checkout the complete code under "Setting the sequence lengths" in notebook. The notebook passes
 * {@code sequence_length=seq_length} to {@code dynamic_rnn} with {@code seq_length_batch = [2, 1, 2, 2]}: the
 * second instance has one step and is padded with a zero vector. DL4J's equivalent of {@code seq_length} is a
 * <em>features mask</em> {@code [batch, time]} of ones and zeros ({@link Tensors#maskFromLengths}); the
 * {@code states} tensor (the last output of each sequence, padding excluded) is a {@link LastTimeStepVertex} that
 * reads the same mask. One {@link ComputationGraph} gives both: output {@code rnn} ({@code outputs_val}) and
 * output {@code last} ({@code states_val}).
 *
 * <p>Two facts the notebook's printout shows and this section checks: with the mask, the padded output is exactly
 * zero, and the state of instance 1 is its output at step 0. Without the mask the padded step is computed like any
 * other (non-zero output, and the "last" step would be the padding). Note that DL4J's {@code LSTM} and
 * {@code GravesLSTM} do not zero padded outputs (see DL4J-NOTES.md); {@code SimpleRnn}, used here as in the notebook,
 * does.
 *
 * <p>Deliberate deviation: weights from ND4J's generator (seed 42), bias random instead of zero (so a zero input
 * alone would not give a zero output).
 */
public final class S03SequenceLengths {
    /** Inputs per time step. */
    public static final int N_INPUTS = 3;
    /** Recurrent neurons. */
    public static final int N_NEURONS = 5;
    /** Padded number of time steps. */
    public static final int N_STEPS = 2;
    /** The notebook's {@code seq_length_batch}. */
    private static final int[] SEQ_LENGTH_BATCH = {2, 1, 2, 2};

    private S03SequenceLengths() {
    }

    /**
     * What the section computed.
     *
     * @param text         what it printed
     * @param lengths      the true length of each instance
     * @param outputs      {@code outputs_val} with the mask, {@code [batch, neurons, time]}
     * @param states       {@code states_val} with the mask, {@code [batch, neurons]}
     * @param outputsNoMask the outputs of the same graph without a mask
     */
    public record Result(String text, int[] lengths, INDArray outputs, INDArray states, INDArray outputsNoMask)
            implements Section.Printed {
    }

    /** @return the notebook's padded {@code X_batch}, {@code [batch=4, time=2, features=3]} */
    public static INDArray xBatch() {
        return Nd4j.createFromArray(new float[][][] {
            {{0, 1, 2}, {9, 8, 7}}, // instance 0
            {{3, 4, 5}, {0, 0, 0}}, // instance 1 (padded with a zero vector)
            {{6, 7, 8}, {6, 5, 4}}, // instance 2
            {{9, 0, 1}, {3, 2, 1}}, // instance 3
        });
    }

    /** @return the notebook's {@code seq_length_batch} */
    public static int[] seqLengthBatch() {
        return SEQ_LENGTH_BATCH.clone();
    }

    /**
     * Runs the section.
     *
     * @param seed random seed for the weights (default 42)
     * @param out  where to print
     * @return the printed text and the outputs with and without the mask
     */
    public static Result run(long seed, Transcript out) {
        Seeds.init(seed);
        ComputationGraph graph = graph(seed);
        graph.setParam("rnn_b", Nd4j.randn(DataType.FLOAT, 1, N_NEURONS).muli(0.5));

        INDArray x = Tensors.swapTimeAndFeatures(xBatch()).dup();  // [batch, features, time]
        int[] lengths = seqLengthBatch();
        INDArray mask = Tensors.maskFromLengths(lengths, N_STEPS, x);
        out.heading("A padded batch and its features mask (DL4J's seq_length)");
        out.printf("seq_length_batch = %s", java.util.Arrays.toString(lengths));
        out.array("mask", mask);

        INDArray[] masked = graph.output(false, new INDArray[] {x}, new INDArray[] {mask});
        INDArray outputs = masked[0];
        INDArray states = masked[1];
        out.heading("With the mask");
        out.array("outputs_val", Tensors.swapTimeAndFeatures(outputs));
        out.println();
        out.array("states_val", states);
        INDArray padded = outputs.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.point(1));
        out.printf("instance 1 at its padded step: max |output| = %.1f (exactly zero)", padded.amaxNumber().doubleValue());
        out.printf("instance 1's state equals its output at step 0: max |diff| = %.1f",
                Tensors.maxAbsDiff(states.getRow(1),
                        outputs.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.point(0))));

        graph.clearLayerMaskArrays();
        INDArray outputsNoMask = graph.output(false, new INDArray[] {x}, null)[0];
        out.heading("Without the mask the padding is treated as a real step");
        out.array("outputs_val", Tensors.swapTimeAndFeatures(outputsNoMask));
        out.printf("instance 1 at its padded step: max |output| = %.5f",
                outputsNoMask.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.point(1))
                        .amaxNumber().doubleValue());
        return new Result(out.text(), lengths, outputs, states, outputsNoMask);
    }

    /**
     * The section's graph: input {@code x} {@code [batch, features, time]}, a {@link SimpleRnn} {@code rnn}
     * (first output) and {@code last}, the last unmasked step of {@code rnn} (second output).
     *
     * @param seed seed of the initial weights
     * @return the initialised graph (float32)
     */
    static ComputationGraph graph(long seed) {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .graphBuilder()
                .addInputs("x")
                .setInputTypes(InputType.recurrent(N_INPUTS))
                .addLayer("rnn", new SimpleRnn.Builder().nIn(N_INPUTS).nOut(N_NEURONS)
                        .activation(Activation.TANH).build(), "x")
                .addVertex("last", new LastTimeStepVertex("x"), "rnn")
                .setOutputs("rnn", "last")
                .build());
        graph.init();
        return graph;
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
