package dev.videogen.engine;

/**
 * A render that could not finish, with the contract's error code, a message fit for the client and optional details.
 */
public class RenderException extends RuntimeException {

    private final ErrorCode code;
    private final String details;
    private final boolean retryable;

    public RenderException(ErrorCode code, String message, String details, boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.details = details;
        this.retryable = retryable;
    }

    public RenderException(ErrorCode code, String message) {
        this(code, message, null, false, null);
    }

    public RenderException(ErrorCode code, String message, String details) {
        this(code, message, details, false, null);
    }

    public ErrorCode code() {
        return code;
    }

    /** More about the failure (an FFmpeg message, the element concerned), or {@code null}. */
    public String details() {
        return details;
    }

    /** Whether running the same render again may succeed (a network blip, a full disk freed later). */
    public boolean retryable() {
        return retryable;
    }
}
