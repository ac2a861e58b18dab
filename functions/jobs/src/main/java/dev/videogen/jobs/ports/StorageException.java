package dev.videogen.jobs.ports;

/** A failed call to the object store, classified so the caller can pick the contract's error code and retry policy. */
public class StorageException extends RuntimeException {

    /** Why the call failed. */
    public enum Kind {
        /** Credentials or bucket policy refuse the call (S3_ACCESS_DENIED). */
        ACCESS_DENIED(false),
        /** The bucket does not exist (S3_BUCKET_NOT_FOUND). */
        BUCKET_NOT_FOUND(false),
        /** The object does not exist. */
        NOT_FOUND(false),
        /** The object is larger than the caller allows. */
        TOO_LARGE(false),
        /** The service could not be reached or answered 5xx: worth retrying. */
        UNAVAILABLE(true),
        /** Anything else (S3_UPLOAD_FAILED). */
        FAILED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public StorageException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind.retryable();
    }
}
