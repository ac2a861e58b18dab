package dev.videogen.local;

/** The local stack cannot start for a reason its user can fix; the message is one line naming it. */
public class DevStackException extends RuntimeException {

    public DevStackException(String message) {
        super(message);
    }
}
