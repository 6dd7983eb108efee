package org.rnnsuite.common;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file through a temporary file in the same directory, flushed to the disk, and an atomic rename, so that
 * a failed or interrupted write (or a power cut) never leaves a broken file and never destroys the good file that
 * was there before.
 */
public final class AtomicFiles {
    /** Writes the content of a file given its (temporary) path. */
    @FunctionalInterface
    public interface PathWriter {
        /**
         * @param tmp the temporary file to write completely
         * @throws IOException on failure: the target is left untouched
         */
        void write(Path tmp) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * @param target the file to create or replace
     * @param writer writes the whole content to the temporary path it is given
     * @return the target
     * @throws UncheckedIOException if writing fails (the target is unchanged, the temporary file removed)
     */
    public static Path write(Path target, PathWriter writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            writer.write(tmp);
            force(tmp);
            setReadable(tmp, abs);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(dir);
            return target;
        } catch (IOException e) {
            String why = "cannot write " + target + ": " + whyNot(abs, e);
            if (e instanceof AccessDeniedException || e instanceof NoSuchFileException
                    || e instanceof FileAlreadyExistsException || Files.isDirectory(abs) || blockingFile(abs) != null) {
                throw new UserException(why, e);     // the user's path: bad input
            }
            throw new UncheckedIOException(why, e);   // the machine's trouble, e.g. a full disk
        } catch (RuntimeException e) {
            throw e;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file is hidden and named after the target
                }
            }
        }
    }

    /**
     * @param path a file or directory that could not be written or created
     * @param e    the failure
     * @return why, in words: a regular file in the way of its parent directories, a directory where the file should
     *         be, or the system's reason
     */
    public static String whyNot(Path path, IOException e) {
        Path blocker = blockingFile(path);
        if (blocker != null) {
            return blocker + " is a file, not a directory";
        }
        if (Files.isDirectory(path) && !(e instanceof FileAlreadyExistsException)) {
            return path + " is a directory";
        }
        return UserException.reason(e);
    }

    /** @return the nearest existing ancestor of {@code path} that is not a directory, or {@code null} */
    private static Path blockingFile(Path path) {
        for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? null : p;
            }
        }
        return null;
    }

    /** Flushes a file's content to the disk, so that a power cut after the rename cannot lose it. */
    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Flushes a directory entry (the rename) to the disk, where the file system allows it. */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every file system can sync a directory; the file itself is on disk
        }
    }

    /** Gives the new file the permissions of the file it replaces, or rw-r--r-- (temporary files are rw-------). */
    private static void setReadable(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }

    /**
     * @param target the file to create or replace
     * @param text   its whole content, written as UTF-8
     * @return the target
     */
    public static Path writeString(Path target, String text) {
        return write(target, tmp -> Files.writeString(tmp, text));
    }
}
