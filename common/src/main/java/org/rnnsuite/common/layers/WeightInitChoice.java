package org.rnnsuite.common.layers;

import org.deeplearning4j.nn.weights.WeightInit;

/** The weight initialisations offered on the command line. */
public enum WeightInitChoice {
    /** Glorot / Xavier (the default). */
    XAVIER(WeightInit.XAVIER),
    /** He / Kaiming, for ReLU layers. */
    HE(WeightInit.RELU);

    private final WeightInit dl4j;

    WeightInitChoice(WeightInit dl4j) {
        this.dl4j = dl4j;
    }

    /** @return the DL4J weight init */
    public WeightInit dl4j() {
        return dl4j;
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
