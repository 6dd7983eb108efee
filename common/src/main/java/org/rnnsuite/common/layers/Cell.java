package org.rnnsuite.common.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.nd4j.linalg.activations.Activation;
import org.rnnsuite.common.UserException;

/**
 * The recurrent cells of the chapter, as DL4J layer configurations: {@code basic} ({@link FastSimpleRnn}: DL4J's
 * {@link SimpleRnn}, same parameters and results, with a faster training step),
 * {@code lstm} ({@link FastLstm}: DL4J's {@link LSTM}, no peepholes, with a faster training step),
 * {@code peephole} ({@link FastPeepholeLstm}: DL4J's {@link GravesLSTM}, which has peephole connections, same
 * parameters and results, with a faster training step) and {@code gru} (this project's {@link FastGru}).
 */
public enum Cell {
    /** The basic cell: {@code h' = act(x·W + h·U + b)}. */
    BASIC,
    /** Long short-term memory without peepholes. */
    LSTM,
    /** LSTM with peephole connections (DL4J's {@code GravesLSTM}, computed by {@link FastPeepholeLstm}). */
    PEEPHOLE,
    /** Gated recurrent unit. */
    GRU;

    /**
     * @param name {@code basic}, {@code lstm}, {@code peephole} or {@code gru} (any case)
     * @return the cell
     * @throws UserException for any other name
     */
    public static Cell parse(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserException("unknown cell '" + name + "': expected one of " + names());
        }
    }

    /** @return the accepted names, lower case */
    public static List<String> names() {
        return Arrays.stream(values()).map(Cell::toString).toList();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the gate blocks of this cell's weight matrices: basic 1, GRU 3, LSTM and peephole LSTM 4 */
    public int gates() {
        return switch (this) {
            case BASIC -> 1;
            case GRU -> 3;
            case LSTM, PEEPHOLE -> 4;
        };
    }

    /**
     * One recurrent layer of this cell.
     *
     * @param nIn        inputs per time step
     * @param nOut       recurrent units
     * @param activation the output / candidate activation (tanh in the chapter, ReLU for the time series)
     * @return the layer configuration (NCW layout: {@code [batch, features, time]})
     */
    public BaseRecurrentLayer layer(int nIn, int nOut, Activation activation) {
        return switch (this) {
            case BASIC -> new FastSimpleRnn.Builder().nIn(nIn).nOut(nOut).activation(activation).build();
            case LSTM -> new FastLstm.Builder().nIn(nIn).nOut(nOut).activation(activation).build();
            case PEEPHOLE -> new FastPeepholeLstm.Builder().nIn(nIn).nOut(nOut).activation(activation).build();
            case GRU -> new FastGru.Builder().nIn(nIn).nOut(nOut).activation(activation).build();
        };
    }

    /**
     * A deep stack of this cell. Dropout, if any, is applied to the input of every layer after the first (between
     * layers) and only while training; DL4J turns it off at inference by itself.
     *
     * @param nIn        inputs per time step of the first layer
     * @param units      recurrent units per layer
     * @param layers     number of stacked layers (at least 1)
     * @param activation the activation of every layer
     * @param dropout    probability of dropping a unit between layers, in [0, 1); 0 = none
     * @return the layer configurations, bottom first
     */
    public List<BaseRecurrentLayer> stack(int nIn, int units, int layers, Activation activation, double dropout) {
        if (layers < 1) {
            throw new UserException("--layers must be at least 1, got " + layers);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new UserException("--dropout must be in [0, 1), got " + dropout);
        }
        List<BaseRecurrentLayer> out = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            BaseRecurrentLayer layer = layer(i == 0 ? nIn : units, units, activation);
            if (i > 0 && dropout > 0) {
                layer.setIDropout(Nets.dropout(dropout));
            }
            out.add(layer);
        }
        return out;
    }
}
