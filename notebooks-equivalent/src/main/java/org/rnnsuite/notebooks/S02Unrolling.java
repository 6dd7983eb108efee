package org.rnnsuite.notebooks;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rnnsuite.common.Seeds;

/**
 * Section 2, "Static unrolling through time" and "Dynamic unrolling through time", with "Packing sequences" in
 * between: the same recurrent layer computed as an explicit chain of per-step layers and as one recurrent layer
 * that loops over time itself.
 *
 * <p>Checkout the complete code under "Static Unrolling Through Time", "Packing sequences" and "Dynamic Unrolling
 * Through Time" in notebook. {@code static_rnn} creates one copy of the cell per time step, chained;
 * {@code dynamic_rnn} runs a loop over the steps. Here:
 * <ul>
 *   <li><b>static</b>: a {@link ComputationGraph} with one input per time step and, for every step t, the vertices
 *       {@code xw_t = X_t · Wx + b}, {@code hw_t = Y_(t-1) · Wy}, {@code z_t = xw_t + hw_t}, {@code Y_t = tanh(z_t)}
 *       — one vertex chain per step, as in the notebook's graph picture;</li>
 *   <li><b>dynamic</b>: one {@link SimpleRnn} over the whole {@code [batch, features, time]} array;</li>
 *   <li><b>stepped</b>: the same {@link SimpleRnn} fed one step at a time with {@code rnnTimeStep}, which carries the
 *       state between calls (what {@code dynamic_rnn}'s while loop does inside).</li>
 * </ul>
 * All three give the same outputs.
 *
 * <p><b>Packing sequences.</b> TensorFlow's default layout is {@code [batch, time, features]} ({@link RNNFormat#NWC});
 * DL4J's recurrent layers default to {@code [batch, features, time]} ({@link RNNFormat#NCW}). The notebook's
 * {@code tf.unstack(tf.transpose(X, perm=[1, 0, 2]))} (a list of {@code [batch, features]} per step) is
 * {@code X.get(all(), point(t), all())} here; {@code tf.transpose(tf.stack(outputs), perm=[1, 0, 2])} is
 * {@code Nd4j.stack(1, outputs...)}; and going from the notebook's layout to DL4J's is {@code permute(0, 2, 1)}.
 * A layer built with {@code .dataFormat(RNNFormat.NWC)} accepts the notebook's layout directly.
 *
 * <p>Deliberate deviation: a DL4J graph cannot apply one layer object at two places, so the static graph holds one
 * copy of Wx, Wy and b per step, set to equal values (the weight sharing of {@code static_rnn} is by value, not by
 * reference). Section 4 shows what that means for gradients. The bias is set to random values (the tutorial's is
 * zero) so that every parameter takes part in the comparison.
 */
public final class S02Unrolling {
    /** Inputs per time step. */
    public static final int N_INPUTS = 3;
    /** Recurrent neurons. */
    public static final int N_NEURONS = 5;
    /** Time steps. */
    public static final int N_STEPS = 2;

    private S02Unrolling() {
    }

    /**
     * What the section computed, all in the notebook's layout {@code [batch, time, neurons]}.
     *
     * @param text    what it printed
     * @param statik  outputs of the static (per-step graph) unrolling
     * @param dynamic outputs of the {@link SimpleRnn} over the whole sequence
     * @param stepped outputs of the {@link SimpleRnn} fed one step at a time
     * @param nwc     outputs of a {@link SimpleRnn} built for the {@code [batch, time, features]} layout
     */
    public record Result(String text, INDArray statik, INDArray dynamic, INDArray stepped, INDArray nwc)
            implements Section.Printed {
    }

    /**
     * @return the notebook's {@code X_batch} for packed sequences, {@code [batch=4, time=2, features=3]}: the
     *         {@link S01ManualRnn#x0Batch()} and {@link S01ManualRnn#x1Batch()} instances side by side in time
     */
    public static INDArray xBatch() {
        return Nd4j.createFromArray(new float[][][] {
            {{0, 1, 2}, {9, 8, 7}}, // instance 0
            {{3, 4, 5}, {0, 0, 0}}, // instance 1
            {{6, 7, 8}, {6, 5, 4}}, // instance 2
            {{9, 0, 1}, {3, 2, 1}}, // instance 3
        });
    }

    /**
     * Runs the section.
     *
     * @param seed random seed for the weights (default 42)
     * @param out  where to print
     * @return the printed text and the three computations' outputs
     */
    public static Result run(long seed, Transcript out) {
        Seeds.init(seed);
        INDArray xBatch = xBatch();
        out.heading("Packing sequences: the notebook's [batch, time, features] vs DL4J's [batch, features, time]");
        out.printf("X_batch (notebook layout)             %s", S01ManualRnn.shape(xBatch));
        INDArray xNcw = Tensors.swapTimeAndFeatures(xBatch);
        out.printf("X_batch.permute(0, 2, 1) (DL4J layout) %s", S01ManualRnn.shape(xNcw));
        List<INDArray> xSeqs = unstackTime(xBatch);
        out.printf("unstack over time -> %d arrays of %s (the notebook's X_seqs)", xSeqs.size(),
                S01ManualRnn.shape(xSeqs.get(0)));

        // Dynamic unrolling: one SimpleRnn layer; its initial weights are the reference for the other two.
        MultiLayerNetwork rnn = S01ManualRnn.simpleRnn(seed);
        INDArray wx = rnn.getParam("0_W");
        INDArray wy = rnn.getParam("0_RW");
        INDArray b = Nd4j.randn(DataType.FLOAT, 1, N_NEURONS).muli(0.1);
        rnn.setParam("0_b", b);

        out.heading("Static unrolling: one chain of vertices per time step");
        ComputationGraph graph = staticGraph(seed, N_STEPS);
        setStaticParams(graph, N_STEPS, wx, wy, b);
        out.printf("graph vertices: %s", String.join(", ", vertexNames(graph)));
        INDArray[] staticSeqs = graph.output(xSeqs.toArray(INDArray[]::new));
        INDArray statik = Nd4j.stack(1, staticSeqs);  // tf.transpose(tf.stack(output_seqs), perm=[1, 0, 2])
        out.array("outputs_val (static)", statik);

        out.heading("Dynamic unrolling: one SimpleRnn over the whole sequence");
        INDArray dynamicNcw = rnn.output(xNcw);
        INDArray dynamic = Tensors.swapTimeAndFeatures(dynamicNcw);
        out.printf("output %s ([batch, neurons, time]) -> permute(0, 2, 1) -> %s", S01ManualRnn.shape(dynamicNcw),
                S01ManualRnn.shape(dynamic));
        out.array("outputs_val (dynamic)", dynamic);

        out.heading("The same SimpleRnn fed one step at a time (rnnTimeStep carries the state)");
        rnn.rnnClearPreviousState();
        List<INDArray> steps = new ArrayList<>();
        for (INDArray xt : xSeqs) {
            INDArray yt = rnn.rnnTimeStep(xt);   // [batch, neurons] in, [batch, neurons, 1] out
            steps.add(yt.rank() == 3 ? yt.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(0)).dup()
                    : yt.dup());
        }
        rnn.rnnClearPreviousState();
        INDArray stepped = Nd4j.stack(1, steps.toArray(INDArray[]::new));
        out.array("outputs_val (stepped)", stepped);

        out.heading("A SimpleRnn built with dataFormat(NWC) takes the notebook's layout as it is");
        MultiLayerNetwork nwcNet = nwcRnn(seed);
        nwcNet.setParams(rnn.params());
        INDArray nwc = nwcNet.output(xBatch);
        out.printf("input %s -> output %s ([batch, time, neurons])", S01ManualRnn.shape(xBatch),
                S01ManualRnn.shape(nwc));

        out.println();
        out.printf("max |static - dynamic|  = %.2e", Tensors.maxAbsDiff(statik, dynamic));
        out.printf("max |stepped - dynamic| = %.2e", Tensors.maxAbsDiff(stepped, dynamic));
        out.printf("max |NWC - dynamic|     = %.2e", Tensors.maxAbsDiff(nwc, dynamic));
        return new Result(out.text(), statik, dynamic, stepped, nwc);
    }

    /**
     * {@code tf.unstack(tf.transpose(X, perm=[1, 0, 2]))}: one {@code [batch, features]} array per time step.
     *
     * @param x sequences in the notebook's layout {@code [batch, time, features]}
     * @return the steps, in order
     */
    public static List<INDArray> unstackTime(INDArray x) {
        List<INDArray> seqs = new ArrayList<>();
        for (long t = 0; t < x.size(1); t++) {
            seqs.add(x.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()).dup());
        }
        return seqs;
    }

    /**
     * The statically unrolled basic cell: inputs {@code x0 ... x(T-1)} ({@code [batch, features]} each), outputs
     * {@code y0 ... y(T-1)}; per step t the layers {@code xw_t} (Wx and b), {@code hw_t} (Wy, no bias, t &gt; 0),
     * the sum {@code z_t} and {@code y_t = tanh(z_t)}.
     *
     * @param seed  seed of the initial weights (overwritten by {@link #setStaticParams})
     * @param steps number of time steps
     * @return the initialised graph (float32)
     */
    static ComputationGraph staticGraph(long seed, int steps) {
        return staticGraph(seed, steps, DataType.FLOAT, null);
    }

    /**
     * As {@link #staticGraph(long, int)}, with a data type and optional per-step output layers.
     *
     * @param seed          seed of the initial weights
     * @param steps         number of time steps
     * @param dataType      parameter data type
     * @param outputLayers  for every step that has one (by step index; {@code null} entries and a {@code null} list
     *                      mean none), a layer named {@code out_t} on {@code y_t}; the graph's outputs are then
     *                      those layers instead of the {@code y_t}
     * @return the initialised graph
     */
    static ComputationGraph staticGraph(long seed, int steps, DataType dataType,
                                        List<org.deeplearning4j.nn.conf.layers.Layer> outputLayers) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .graphBuilder();
        String[] inputs = new String[steps];
        InputType[] types = new InputType[steps];
        for (int t = 0; t < steps; t++) {
            inputs[t] = "x" + t;
            types[t] = InputType.feedForward(N_INPUTS);
        }
        g.addInputs(inputs).setInputTypes(types);
        List<String> outputs = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            g.addLayer("xw" + t, new DenseLayer.Builder().nIn(N_INPUTS).nOut(N_NEURONS)
                    .activation(Activation.IDENTITY).build(), "x" + t);
            String z = "xw" + t;
            if (t > 0) {
                g.addLayer("hw" + t, new DenseLayer.Builder().nIn(N_NEURONS).nOut(N_NEURONS).hasBias(false)
                        .activation(Activation.IDENTITY).build(), "y" + (t - 1));
                g.addVertex("z" + t, new ElementWiseVertex(ElementWiseVertex.Op.Add), "xw" + t, "hw" + t);
                z = "z" + t;
            }
            g.addLayer("y" + t, new ActivationLayer.Builder().activation(Activation.TANH).build(), z);
            if (outputLayers == null) {
                outputs.add("y" + t);
            } else if (t < outputLayers.size() && outputLayers.get(t) != null) {
                g.addLayer("out" + t, outputLayers.get(t), "y" + t);
                outputs.add("out" + t);
            }
        }
        g.setOutputs(outputs.toArray(String[]::new));
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    /**
     * Gives every step's copy the same weights: {@code xw_t} gets Wx and b, {@code hw_t} gets Wy.
     *
     * @param graph a graph from {@link #staticGraph}
     * @param steps its number of steps
     * @param wx    input weights {@code [inputs, neurons]}
     * @param wy    recurrent weights {@code [neurons, neurons]}
     * @param b     bias {@code [1, neurons]}
     */
    static void setStaticParams(ComputationGraph graph, int steps, INDArray wx, INDArray wy, INDArray b) {
        for (int t = 0; t < steps; t++) {
            graph.setParam("xw" + t + "_W", wx);
            graph.setParam("xw" + t + "_b", b);
            if (t > 0) {
                graph.setParam("hw" + t + "_W", wy);
            }
        }
    }

    private static List<String> vertexNames(ComputationGraph graph) {
        List<String> names = new ArrayList<>();
        for (int i : graph.topologicalSortOrder()) {
            names.add(graph.getVertices()[i].getVertexName());
        }
        return names;
    }

    private static MultiLayerNetwork nwcRnn(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .list()
                .layer(new SimpleRnn.Builder().nIn(N_INPUTS).nOut(N_NEURONS).activation(Activation.TANH)
                        .dataFormat(RNNFormat.NWC).build())
                .build());
        net.init();
        return net;
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
