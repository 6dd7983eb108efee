package org.rnnsuite.nmt;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnnsuite.common.run.RunOptions;
import org.rnnsuite.common.run.TrainingResult;
import org.rnnsuite.common.run.TrainingRun;

/** Training in memory (no run directory) for tests. */
final class Training {
    private Training() {
    }

    /**
     * @param c     configuration, with its budget
     * @param split training and test pairs
     * @return the corpus of the split, vocabularies built with {@code c}
     */
    static NmtCorpus corpus(NmtConfig c, NmtData.Split split) {
        return NmtCorpus.of(c, split, "toy grammar");
    }

    /**
     * @param c    configuration, with its budget
     * @param data the corpus
     * @return the result of a run without files
     */
    static TrainingResult<ComputationGraph> inMemory(NmtConfig c, NmtCorpus data) {
        try (TrainingRun run = NmtTrainer.openRun(c, data, RunOptions.inMemory())) {
            return NmtTrainer.train(c, data, run);
        }
    }

    /**
     * @param c    configuration
     * @param data the corpus
     * @param r    a result
     * @return the last network of the result as a translator
     */
    static NmtModel last(NmtConfig c, NmtCorpus data, TrainingResult<ComputationGraph> r) {
        return new NmtModel(r.last(), c, data.source(), data.target());
    }
}
