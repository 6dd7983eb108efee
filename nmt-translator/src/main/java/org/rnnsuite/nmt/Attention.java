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
    GENERAL;

    /**
     * @param name {@code none}, {@code dot} or {@code general}, any case
     * @return the attention
     * @throws UserException for another name
     */
    public static Attention parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("additive")) {
            throw new UserException("--attention additive (Bahdanau) is not implemented: use dot, general or none");
        }
        for (Attention a : values()) {
            if (a.name().toLowerCase(Locale.ROOT).equals(n)) {
                return a;
            }
        }
        throw new UserException("--attention must be dot, general or none, got '" + name + "'");
    }

    /** @return the option value naming it */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
