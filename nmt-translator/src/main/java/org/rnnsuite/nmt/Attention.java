package org.rnnsuite.nmt;

import java.util.Locale;
import org.rnnsuite.common.UserException;

/** How the decoder looks at the encoder's outputs, {@code --attention}. */
public enum Attention {
    /** None: the decoder sees the source only through the encoder's final state (the chapter's model). */
    NONE,
    /** Luong's dot score {@code h_t · e_s}. */
    DOT,
    /** Luong's general score {@code h_t · W_a e_s}. */
    GENERAL,
    /**
     * Bahdanau's additive score {@code v_a · tanh(W_a h_t + U_a e_s)} (Luong's "concat"), with the current decoder
     * state {@code h_t} and the same attentional hidden state and output as the other scores (see
     * {@link NmtNetwork}).
     */
    ADDITIVE;

    /**
     * @param name {@code dot}, {@code general}, {@code additive} or {@code none}, any case
     * @return the attention
     * @throws UserException for another name
     */
    public static Attention parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (Attention a : values()) {
            if (a.name().toLowerCase(Locale.ROOT).equals(n)) {
                return a;
            }
        }
        throw new UserException("--attention must be dot, general, additive or none, got '" + name + "'");
    }

    /** @return the option value naming it */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
