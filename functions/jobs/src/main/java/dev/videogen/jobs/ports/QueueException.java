package dev.videogen.jobs.ports;

/** The render queue could not be reached or refused a message. */
public class QueueException extends RuntimeException {

    public QueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
