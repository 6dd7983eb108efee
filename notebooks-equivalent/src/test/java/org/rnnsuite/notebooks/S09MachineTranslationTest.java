package org.rnnsuite.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnnsuite.nmt.NmtData;
import org.rnnsuite.nmt.SentencePair;

class S09MachineTranslationTest {
    private static S09MachineTranslation.Result result;

    @BeforeAll
    static void runOnce() {
        result = S09MachineTranslation.run(42, true, Transcript.silent());
    }

    @Test
    void theEncoderReadsTheSourceReversedAndTheDecoderIsFramedByGoAndEos() {
        SentencePair first = S09MachineTranslation.toyCorpus().get(0);
        assertEquals(List.of("i", "drink", "milk"), first.english());
        assertEquals(List.of("milk", "drink", "i"), NmtData.reversed(first.english()));
        assertEquals(List.of("<go>", "je", "bois", "du", "lait"), NmtData.decoderInput(first.french()));
        assertEquals(List.of("je", "bois", "du", "lait", "<eos>"), NmtData.decoderLabels(first.french()));
        assertTrue(result.text().contains("encoder input    [milk, drink, i]"));
        assertTrue(result.text().contains("decoder input    [<go>, je, bois, du, lait]"));
        assertTrue(result.text().contains("decoder targets  [je, bois, du, lait, <eos>]"));
    }

    @Test
    void trainingLowersTheLossAndGreedyDecodingRecallsTheTrainingSentences() {
        assertEquals(S09MachineTranslation.TRAIN_PAIRS_COUNT, result.trainPairs().size());
        assertTrue(result.lastLoss() < result.firstLoss() / 10, result.firstLoss() + " -> " + result.lastLoss());
        assertTrue(result.exactMatch() >= 0.9, "exact match " + result.exactMatch());
        for (List<String> t : result.translations()) {
            assertTrue(!t.isEmpty() && !t.contains("<eos>") && !t.contains("<go>"), t.toString());
        }
        assertEquals(result.unseen().size(), result.unseenTranslations().size());
    }
}
