package org.rnnsuite.common.cli;

import org.rnnsuite.common.run.RunInfo;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version} of every command: the suite's version, DL4J's, the ND4J backend and the commit when known.
 * Used as {@code @Command(versionProvider = SuiteVersion.class)}.
 */
public class SuiteVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String commit = RunInfo.gitCommit();
        return new String[] {"rnn-suite " + RunInfo.suiteVersion() + " (Deeplearning4j " + RunInfo.dl4jVersion()
                + ", Java " + System.getProperty("java.version") + (commit == null ? "" : ", commit "
                + commit.substring(0, Math.min(12, commit.length()))) + ")"};
    }
}
