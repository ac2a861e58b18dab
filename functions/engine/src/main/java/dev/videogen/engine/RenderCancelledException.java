package dev.videogen.engine;

/** The render was stopped because its job was cancelled; nothing was produced. */
public class RenderCancelledException extends RuntimeException {

    public RenderCancelledException(String message) {
        super(message);
    }
}
