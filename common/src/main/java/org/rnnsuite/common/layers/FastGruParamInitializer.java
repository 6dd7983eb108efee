package org.rnnsuite.common.layers;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameters of a {@link FastGru} layer with {@code nIn} inputs and {@code H = nOut} units. Gate order in every
 * {@code 3H} dimension: <b>reset r</b> {@code [0, H)}, <b>update z</b> {@code [H, 2H)}, <b>candidate n</b>
 * {@code [2H, 3H)}.
 *
 * <ul>
 *   <li>{@code W} {@code [nIn, 3H]}: input weights {@code [W_r | W_z | W_n]} (x is a row vector: {@code x·W}).</li>
 *   <li>{@code RW} {@code [H, 3H]}: recurrent weights {@code [RW_r | RW_z | RW_n]}.</li>
 *   <li>{@code b} {@code [3H]}: biases {@code [b_r | b_z | b_n]}.</li>
 *   <li>{@code RB} {@code [H]}: recurrent candidate bias, added to {@code h·RW_n} before the reset gate multiplies
 *   it.</li>
 * </ul>
 *
 * <p>PyTorch {@code nn.GRU} (gate order r, z, n; {@code weight_ih [3H, nIn]}, {@code weight_hh [3H, H]}) maps
 * exactly: {@code W = weight_ih.T}, {@code RW = weight_hh.T}, {@code b_r = b_ir + b_hr}, {@code b_z = b_iz + b_hz},
 * {@code b_n = b_in}, {@code RB = b_hn}.
 *
 * <p>Initialisation: {@code W} by the layer's weight init (fan-in {@code nIn}, fan-out {@code H}), {@code RW} by the
 * recurrent weight init if set, else the layer's (fan-in and fan-out {@code H}); {@code b} to the layer's bias init
 * (default 0); {@code RB} to 0. The flattened layout is {@code W}, {@code RW} (both column-major), {@code b},
 * {@code RB}, so each gate's block of {@code W} and {@code RW} is contiguous.
 */
public final class FastGruParamInitializer implements ParamInitializer {

    /** Input weights {@code [nIn, 3H]}. */
    public static final String WEIGHT_KEY = "W";
    /** Recurrent weights {@code [H, 3H]}. */
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    /** Biases {@code [3H]}. */
    public static final String BIAS_KEY = "b";
    /** Recurrent candidate bias {@code [H]}. */
    public static final String RECURRENT_BIAS_KEY = "RB";

    private static final FastGruParamInitializer INSTANCE = new FastGruParamInitializer();
    private static final List<String> PARAM_KEYS = List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY, BIAS_KEY,
            RECURRENT_BIAS_KEY);
    private static final List<String> WEIGHT_KEYS = List.of(WEIGHT_KEY, RECURRENT_WEIGHT_KEY);
    private static final List<String> BIAS_KEYS = List.of(BIAS_KEY, RECURRENT_BIAS_KEY);

    private FastGruParamInitializer() {
    }

    /**
     * Returns the shared, stateless instance.
     *
     * @return the initializer
     */
    public static FastGruParamInitializer getInstance() {
        return INSTANCE;
    }

    /** Number of parameters of the configuration's {@link FastGru} layer. */
    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    /** {@code 3H·(nIn + H + 1) + H}. */
    @Override
    public long numParams(Layer layer) {
        FastGru c = (FastGru) layer;
        long nIn = c.getNIn();
        long h = c.getNOut();
        return 3 * h * (nIn + h + 1) + h;
    }

    /** {@code W, RW, b, RB}, the order of the flattened parameters. */
    @Override
    public List<String> paramKeys(Layer layer) {
        return PARAM_KEYS;
    }

    /** {@code W, RW}. */
    @Override
    public List<String> weightKeys(Layer layer) {
        return WEIGHT_KEYS;
    }

    /** {@code b, RB}. */
    @Override
    public List<String> biasKeys(Layer layer) {
        return BIAS_KEYS;
    }

    /** True for {@code W} and {@code RW}. */
    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEYS.contains(key);
    }

    /** True for {@code b} and {@code RB}. */
    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEYS.contains(key);
    }

    /** Views of {@code paramsView} by key, initialised as described in the class comment if requested. */
    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        FastGru c = (FastGru) conf.getLayer();
        long nIn = c.getNIn();
        long h = c.getNOut();
        Map<String, INDArray> m;
        if (initializeParams) {
            m = subsets(paramsView, nIn, h, false);
            IWeightInit init = c.getWeightInitFn();
            IWeightInit recurrentInit = c.getWeightInitFnRecurrent() != null ? c.getWeightInitFnRecurrent() : init;
            m.put(WEIGHT_KEY, init.init(nIn, h, new long[] {nIn, 3 * h}, 'f', m.get(WEIGHT_KEY)));
            m.put(RECURRENT_WEIGHT_KEY,
                    recurrentInit.init(h, h, new long[] {h, 3 * h}, 'f', m.get(RECURRENT_WEIGHT_KEY)));
            m.get(BIAS_KEY).assign(c.getBiasInit());
            m.get(RECURRENT_BIAS_KEY).assign(0);
        } else {
            m = subsets(paramsView, nIn, h, true);
        }
        PARAM_KEYS.forEach(conf::addVariable);
        return m;
    }

    /** Views of {@code gradientView} by key, shaped like the parameters. */
    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        FastGru c = (FastGru) conf.getLayer();
        return subsets(gradientView, c.getNIn(), c.getNOut(), true);
    }

    /** Views of the flattened array; weights reshaped to column-major matrices if {@code reshape}. */
    private static Map<String, INDArray> subsets(INDArray view, long nIn, long h, boolean reshape) {
        INDArray flat = view.reshape(view.length());
        long[] ends = {nIn * 3 * h, 3 * h * (nIn + h), 3 * h * (nIn + h + 1), 3 * h * (nIn + h + 1) + h};
        INDArray w = flat.get(interval(0, ends[0]));
        INDArray rw = flat.get(interval(ends[0], ends[1]));
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(WEIGHT_KEY, reshape ? w.reshape('f', nIn, 3 * h) : w);
        m.put(RECURRENT_WEIGHT_KEY, reshape ? rw.reshape('f', h, 3 * h) : rw);
        m.put(BIAS_KEY, flat.get(interval(ends[1], ends[2])));
        m.put(RECURRENT_BIAS_KEY, flat.get(interval(ends[2], ends[3])));
        return m;
    }
}
