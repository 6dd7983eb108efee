package org.rnnsuite.common.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rnnsuite.common.run.TrainingUi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./rnn ui FILE}: DL4J's training UI on the statistics a run kept with {@code --ui-stats FILE}. */
@Command(name = "ui", mixinStandardHelpOptions = true, version = "rnn-suite ui 0.1.0",
        description = "Show the training statistics a run kept with --ui-stats FILE in DL4J's training UI, until "
                + "Ctrl-C.")
public class UiCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a statistics file written with --ui-stats")
    Path file;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + TrainingUi.DEFAULT_PORT,
            description = "port of the UI on localhost (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--debug", description = "print stack traces of errors (default: ${DEFAULT-VALUE})")
    boolean debug;

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(Cli.execute(new UiCommand(), args));
    }

    @Override
    public Integer call() throws InterruptedException {
        TrainingUi ui = TrainingUi.open(file, port);
        System.out.println("training UI: " + ui.url() + " (" + file + "; Ctrl-C to stop)");
        System.out.flush();
        new CountDownLatch(1).await();   // serve until the process is stopped
        return 0;
    }
}
