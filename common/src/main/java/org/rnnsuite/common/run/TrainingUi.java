package org.rnnsuite.common.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.rnnsuite.common.UserException;

/**
 * DL4J's training UI for a run: {@link UIServer} on {@code localhost:PORT} and a {@link StatsListener} on the
 * network being trained (score, update:parameter ratios, activations, memory), as the DL4J examples show it. The
 * statistics live in memory, or in a file ({@link FileStatsStorage}) that {@code ./rnn ui FILE} shows again after
 * the run.
 */
public final class TrainingUi {
    /** The port of DL4J's UI unless told otherwise. */
    public static final int DEFAULT_PORT = 9000;
    /** The system property DL4J's UI server reads its port from. */
    static final String PORT_PROPERTY = "org.deeplearning4j.ui.port";

    private final UIServer server;
    private final StatsStorage storage;

    private TrainingUi(UIServer server, StatsStorage storage) {
        this.server = server;
        this.storage = storage;
    }

    /**
     * Starts (or reuses) the UI server and attaches a statistics storage.
     *
     * @param port      the port (1-65535)
     * @param statsFile a file to keep the statistics in, or {@code null} to keep them in memory
     * @return the UI
     * @throws UserException if the port is invalid or taken, or the file cannot be used
     */
    public static TrainingUi start(int port, Path statsFile) {
        if (port < 1 || port > 65535) {
            throw new UserException("--ui port must be between 1 and 65535, got " + port);
        }
        StatsStorage storage;
        if (statsFile == null) {
            storage = new InMemoryStatsStorage();
        } else {
            if (Files.isDirectory(statsFile)) {
                throw new UserException("--ui-stats " + statsFile + " is a directory, not a file");
            }
            try {
                storage = new FileStatsStorage(statsFile.toFile());
            } catch (RuntimeException e) {
                throw new UserException("cannot use --ui-stats " + statsFile + ": " + e.getMessage(), e);
            }
        }
        return new TrainingUi(server(port), storage).attach();
    }

    /**
     * Keeps the statistics in a file without serving them (for {@code ./rnn ui FILE} later).
     *
     * @param statsFile the file
     * @return the UI without a server
     * @throws UserException if the file cannot be used
     */
    public static TrainingUi record(Path statsFile) {
        if (Files.isDirectory(statsFile)) {
            throw new UserException("--ui-stats " + statsFile + " is a directory, not a file");
        }
        try {
            return new TrainingUi(null, new FileStatsStorage(statsFile.toFile()));
        } catch (RuntimeException e) {
            throw new UserException("cannot use --ui-stats " + statsFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Shows the statistics a run kept in a file.
     *
     * @param statsFile a file written with {@code --ui-stats}
     * @param port      the port
     * @return the UI
     * @throws UserException if the file is missing or not a statistics file
     */
    public static TrainingUi open(Path statsFile, int port) {
        if (!Files.isRegularFile(statsFile)) {
            throw new UserException("no statistics file " + statsFile);
        }
        StatsStorage storage;
        try {
            storage = new FileStatsStorage(statsFile.toFile());
        } catch (RuntimeException e) {
            throw new UserException(statsFile + " is not a statistics file written with --ui-stats ("
                    + e.getMessage() + ")", e);
        }
        if (storage.listSessionIDs().isEmpty()) {
            throw new UserException(statsFile + " holds no training statistics");
        }
        return new TrainingUi(server(port), storage).attach();
    }

    private static UIServer server(int port) {
        System.setProperty(PORT_PROPERTY, Integer.toString(port));
        try {
            UIServer server = UIServer.getInstance();
            if (server.getPort() != port) {
                throw new UserException("the training UI already runs on port " + server.getPort()
                        + " in this process");
            }
            return server;
        } catch (UserException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UserException("cannot start the training UI on port " + port + " (" + e.getMessage()
                    + "): is the port taken? choose another with --ui PORT", e);
        }
    }

    private TrainingUi attach() {
        server.attach(storage);
        return this;
    }

    /** @return a new listener sending the network's statistics to this UI */
    public StatsListener listener() {
        return new StatsListener((StatsStorageRouter) storage);
    }

    /** @return true if a server shows the statistics (false for {@link #record}) */
    public boolean isServing() {
        return server != null;
    }

    /** @return the address of the training overview page */
    public String url() {
        if (server == null) {
            throw new IllegalStateException("statistics are recorded, not served");
        }
        return "http://localhost:" + server.getPort() + "/train/overview";
    }

    /** @return the statistics storage (in memory or the {@code --ui-stats} file) */
    public StatsStorage storage() {
        return storage;
    }

    /** Stops the server and closes the storage. */
    public void stop() {
        try {
            if (server != null) {
                server.detach(storage);
                UIServer.stopInstance();
            }
            storage.close();
        } catch (Exception e) {
            // stopping is best effort: the process ends anyway
        }
    }
}
