package dev.videogen.inprocess;

/**
 * An in-process server could not start: its port is taken, its data directory is not usable, or the server
 * itself failed. The message names the server and the cause in one line, fit to show a user as is.
 */
public class ServerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }

    public ServerStartException(String message) {
        super(message);
    }

    /** The message of the innermost cause: what a user can act on, without the layers of wrapping. */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
