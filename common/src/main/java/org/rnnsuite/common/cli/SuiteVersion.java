package org.rnnsuite.common.cli;

import org.rnnsuite.common.run.Provenance;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version} of every command: the suite's version, DL4J's, the ND4J backend and the commit when known.
 * Used as {@code @Command(versionProvider = SuiteVersion.class)}.
 */
public class SuiteVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String commit = Provenance.gitCommit();
        return new String[] {"rnn-suite " + Provenance.suiteVersion() + " (Deeplearning4j " + Provenance.dl4jVersion()
                + ", Java " + System.getProperty("java.version") + (commit == null ? "" : ", commit "
                + commit.substring(0, Math.min(12, commit.length()))) + ")"};
    }
}
