package dev.videogen.engine.media;

/** A source could not be fetched. */
public class SourceFetchException extends RuntimeException {

    /** Why the fetch failed, which decides the error code and whether retrying may help. */
    public enum Reason {
        /** The source is refused by policy (scheme, address, size): the request is at fault. */
        REFUSED(false),
        /** The server answered with an error status such as 404. */
        HTTP_ERROR(false),
        /** The server answered 5xx or the connection failed: may work later. */
        UNAVAILABLE(true),
        /** Connecting or reading took too long. */
        TIMEOUT(true),
        /** The source is larger than allowed. */
        TOO_LARGE(false),
        /** The local disk could not take it. */
        DISK_FULL(false);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Reason reason;

    public SourceFetchException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public SourceFetchException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
