package org.rnnsuite.nmt;

import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.rnnsuite.common.cli.DebugOption;
import org.rnnsuite.common.cli.ModelOptions;
import org.rnnsuite.common.cli.SuiteVersion;
import org.rnnsuite.common.run.ModelIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code nmt summary}: the network's layers, shapes and parameter counts, and what its model card says. */
@Command(name = "summary", mixinStandardHelpOptions = true, versionProvider = SuiteVersion.class,
        description = "Print a trained translator's layers, shapes and parameter counts, its vocabularies, and its "
                + "model card: the configuration, data, epoch and metrics it comes from.")
public class NmtSummaryCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model = new ModelOptions();
    @Mixin
    DebugOption debug = new DebugOption();

    @Override
    public Integer call() {
        ModelIO.Loaded<ComputationGraph> loaded = ModelIO.load(NmtModel.resolve(model.model), NmtModel.WORKFLOW,
                ComputationGraph.class);
        NmtModel m = NmtModel.of(loaded.model(), loaded.card().config(NmtConfig.class), loaded.entries(),
                model.model.toString());
        System.out.println(m.graph().summary());
        System.out.printf("vocabularies: %d English, %d French words (with the 4 special tokens)%n",
                m.source().size(), m.target().size());
        System.out.println(loaded.card().describe());
        return 0;
    }
}
