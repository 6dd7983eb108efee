package org.rnnsuite.common;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A problem with the user's input or options: reported as one line {@code error: <message>} and exit code 2,
 * never as a stack trace.
 */
public class UserException extends RuntimeException {
    /** @param message one line saying what is wrong and, where possible, what to do */
    public UserException(String message) {
        super(message);
    }

    /**
     * @param message one line saying what is wrong
     * @param cause   the underlying exception (shown only with {@code --debug})
     */
    public UserException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * @param e a failed file operation
     * @return why it failed, in words (Java's file exceptions often carry only a path)
     */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof FileSystemException) {
            return "the file system refused it (" + e.getClass().getSimpleName() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
