package org.rnnsuite.nmt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.rnnsuite.common.run.DataFingerprint;
import org.rnnsuite.common.run.ModelCard;
import org.junit.jupiter.api.Test;
import org.rnnsuite.common.layers.Cell;
import org.rnnsuite.common.UserException;
import picocli.CommandLine;

class NmtConfigTest {
    @Test
    void commandLineWithNoOptionsEqualsDefaults() {
        NmtTrainCommand train = new NmtTrainCommand();
        new CommandLine(train).parseArgs("--pairs", "pairs.tsv");
        assertEquals(NmtConfig.defaults(), train.options.config(train.training.common.seed));
    }

    @Test
    void optionsMapOneToOne() {
        NmtTrainCommand train = new NmtTrainCommand();
        new CommandLine(train).parseArgs("--pairs", "p", "--embedding", "64", "--units", "32", "--layers", "2",
                "--cell", "GRU", "--dropout", "0.2", "--vocab", "500", "--min-count", "3", "--max-length", "12",
                "--batch-size", "16", "--learning-rate", "0.01", "--clip", "5", "--max-output", "30", "--length-penalty", "0.6",
                "--seed", "7", "--test-fraction", "0.1", "--epochs", "3", "--minutes", "2.5", "--eval-minutes", "0.5");
        assertEquals(new NmtConfig(64, 32, 2, Cell.GRU, 0.2, 500, 3, 12, 16, 0.01, 5, 30, 0.6, 7, 0.1, false, 3, 2.5, 0.5),
                train.options.config(train.training.common.seed));
    }

    @Test
    void badValuesNameTheirOption() {
        NmtConfig d = NmtConfig.defaults();
        assertEquals("--units must be positive, got 0", assertThrows(UserException.class, () -> new NmtConfig(
                d.embedding(), 0, 1, Cell.LSTM, 0, 10, 1, 10, 8, 1e-3, 0, 10, 1, 1, 0.05, false, 1, 0, 0)).getMessage());
        assertEquals("--cell must be lstm or gru, got basic", assertThrows(UserException.class, () -> new NmtConfig(
                8, 8, 1, Cell.BASIC, 0, 10, 1, 10, 8, 1e-3, 0, 10, 1, 1, 0.05, false, 1, 0, 0)).getMessage());
        assertEquals("--dropout must be in [0, 1), got 1.0", assertThrows(UserException.class, () -> new NmtConfig(
                8, 8, 1, Cell.LSTM, 1.0, 10, 1, 10, 8, 1e-3, 0, 10, 1, 1, 0.05, false, 1, 0, 0)).getMessage());
        assertEquals("--learning-rate must be positive, got 0.0", assertThrows(UserException.class, () -> new NmtConfig(
                8, 8, 1, Cell.LSTM, 0, 10, 1, 10, 8, 0, 0, 10, 1, 1, 0.05, false, 1, 0, 0)).getMessage());
    }

    @Test
    void budgetAndSplitValuesNameTheirOption() {
        NmtConfig d = NmtConfig.defaults();
        assertEquals("give --epochs N or --minutes N (positive), got epochs -1, minutes 0.0",
                assertThrows(UserException.class, () -> d.withBudget(-1, 0, 0)).getMessage());
        assertEquals("give --epochs N or --minutes N (positive), got epochs 0, minutes -2.0",
                assertThrows(UserException.class, () -> d.withBudget(0, -2, 0)).getMessage());
        assertEquals("--eval-minutes must be 0 or positive, got -1.0",
                assertThrows(UserException.class, () -> d.withBudget(1, 0, -1)).getMessage());
    }

    @Test
    void theCardsJsonGivesTheConfigurationBack() {
        NmtConfig c = new NmtConfig(64, 32, 2, Cell.GRU, 0.2, 500, 3, 12, 16, 0.01, 5, 30, 0.6, 7, 0.1, true, 3, 2.5, 0.5);
        assertEquals(c, ModelCard.create("nmt", c, DataFingerprint.of("none"), "epoch", Map.of(), List.of())
                .config(NmtConfig.class));
    }
}
