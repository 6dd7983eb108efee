package org.rnnsuite.common.layers;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Helpers for this project's layer configurations ({@link FastSimpleRnn}, {@link FastLstm},
 * {@link FastRnnOutputLayer}, {@link FastGru}): wiring a new layer to its configuration and parameters, as DL4J's own
 * {@code instantiate} methods do, and copying a configuration built by DL4J's builder into a subclass.
 */
final class LayerConfigs {
    private LayerConfigs() {
    }

    /**
     * Wires a freshly created layer as DL4J's {@code instantiate} methods do: listeners, index, parameter views
     * (initialised if asked) and configuration.
     *
     * @param layer             the new layer
     * @param initializer       the configuration's parameter initializer
     * @param conf              the layer's configuration
     * @param listeners         the training listeners
     * @param index             the layer's index in the network
     * @param paramsView        the layer's part of the network's flattened parameters
     * @param initializeParams  true to initialise the parameters
     * @param <L>               the layer type
     * @return {@code layer}
     */
    static <L extends Layer> L wire(L layer, ParamInitializer initializer, NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int index, INDArray paramsView, boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer.init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    /**
     * Copies a DL4J layer configuration into an instance of a subclass that adds no fields: some DL4J configurations
     * ({@code LSTM}, {@code RnnOutputLayer}) can be built only by their own builder (private constructor).
     *
     * @param from the configuration built by DL4J's builder
     * @param to   a new instance of a subclass of {@code from}'s class
     * @param <T>  the subclass
     * @return {@code to}, with every instance field of {@code from}'s class and its superclasses copied
     */
    static <T> T copy(Object from, T to) {
        try {
            for (Class<?> c = from.getClass(); c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) {
                        f.setAccessible(true);
                        f.set(to, f.get(from));
                    }
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot copy the layer configuration", e);
        }
        return to;
    }
}
