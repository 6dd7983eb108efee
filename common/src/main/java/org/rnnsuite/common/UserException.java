package org.rnnsuite.common;

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
}
