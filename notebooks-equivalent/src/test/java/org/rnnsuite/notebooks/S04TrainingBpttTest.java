package org.rnnsuite.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class S04TrainingBpttTest {
    private static S04TrainingBptt.Result result;

    @BeforeAll
    static void runOnce() {
        result = S04TrainingBptt.run(42, Transcript.silent());
    }

    @Test
    void targetsAtMaskedStepsDoNotReachTheGradients() {
        assertEquals(0.0, result.maskedGradientChange(), 0.0);
        assertTrue(result.unmaskedGradientChange() > 1.0, "without the mask the same change must matter");
    }

    @Test
    void sharedParametersReceiveTheSumOverSteps() {
        assertEquals(List.of("0_W", "0_RW", "0_b", "1_W", "1_b"), List.copyOf(result.summedStepGradients().keySet()));
        for (String key : result.summedStepGradients().keySet()) {
            INDArray shared = result.sharedGradients().get(key);
            assertTrue(shared.norm2Number().doubleValue() > 1e-3, key + " has a gradient");
            assertTrue(Tensors.maxAbsDiff(shared, result.summedStepGradients().get(key)) < 1e-10, key);
        }
    }

    @Test
    void everyStepContributesItsOwnPart() {
        List<INDArray> steps = result.stepGradientsOfWx();
        assertEquals(S04TrainingBptt.N_STEPS, steps.size());
        for (int t = 0; t < steps.size(); t++) {
            // Steps 0 and 1 have no cost of their own but feed the later outputs.
            assertTrue(steps.get(t).norm2Number().doubleValue() > 1e-3, "step " + t);
            for (int u = t + 1; u < steps.size(); u++) {
                assertTrue(Tensors.maxAbsDiff(steps.get(t), steps.get(u)) > 1e-6, "steps " + t + ", " + u);
            }
        }
    }

    @Test
    void trainingLowersTheMaskedCost() {
        assertTrue(result.lossAfter() < result.lossBefore() * 0.5,
                result.lossBefore() + " -> " + result.lossAfter());
    }
}
