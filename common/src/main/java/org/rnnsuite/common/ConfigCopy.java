package org.rnnsuite.common;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Copies a DL4J layer configuration into an instance of a subclass that adds no fields. Some DL4J configurations
 * ({@code LSTM}, {@code RnnOutputLayer}) can be built only by their own builder (private constructor), so this
 * project's faster subclasses ({@link FastLstm}, {@link FastRnnOutputLayer}) take what that builder built.
 */
final class ConfigCopy {
    private ConfigCopy() {
    }

    /**
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
