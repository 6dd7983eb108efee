package org.rnnsuite.common.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.rnnsuite.common.AtomicFiles;
import org.rnnsuite.common.UserException;

/**
 * A run directory owned by one process: created if needed, locked ({@value #LOCK_FILE}, released when closed or
 * when the process dies), and cleared of the temporary files a killed save leaves behind.
 */
final class RunDirectory implements AutoCloseable {
    /** The lock file inside a run directory. */
    static final String LOCK_FILE = ".lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean created;

    private RunDirectory(Path dir, FileChannel channel, FileLock lock, boolean created) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.created = created;
    }

    /**
     * @param dir the run directory (created if missing)
     * @return the directory, locked by this process
     * @throws UserException if it cannot be created or another run holds it
     */
    static RunDirectory lock(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserException("--out " + dir + " is a file, not a directory");
        }
        FileChannel channel;
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UserException("cannot create the run directory " + dir + ": " + AtomicFiles.whyNot(dir, e), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new UserException(dir + " is in use by another training run; wait for it or choose another --out");
        }
        RunDirectory locked = new RunDirectory(dir, channel, lock, created);
        locked.removeLeftovers();
        return locked;
    }

    /** @return the directory */
    Path path() {
        return dir;
    }

    /**
     * Removes the temporary files of saves that a kill interrupted (no one else writes here): the hidden
     * {@code .NAME.*.tmp} of {@link AtomicFiles} and the {@code zipfstmp*.tmp} the JDK's zip file system writes
     * next to a zip while it closes it.
     */
    private void removeLeftovers() {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "{.*,zipfstmp*}.tmp")) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // leftovers are hidden and harmless
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        close(false);
    }

    /**
     * Releases the lock.
     *
     * @param unused true if the run wrote nothing: a directory this process created is then removed again
     */
    void close(boolean unused) {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
        closeQuietly(channel);
        if (unused && created) {
            try {
                Files.deleteIfExists(dir.resolve(LOCK_FILE));
                Files.deleteIfExists(dir);   // only if empty
            } catch (IOException ignored) {
                // something else is in it: leave it
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
