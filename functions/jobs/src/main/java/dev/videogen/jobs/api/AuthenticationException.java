package dev.videogen.jobs.api;

/** Missing (401) or refused (403) credentials. */
public class AuthenticationException extends RuntimeException {

    private final int status;

    public AuthenticationException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
