package dev.videogen.engine.model;

import java.util.Locale;
import java.util.Optional;

/** How the client wants the create call answered. */
public enum ResponseType {
    /** The server decides from its estimate. */
    AUTO,
    /** Render inline if at all possible, else fall back to the queue. */
    IMMEDIATE,
    /** Always answer with a job id. */
    ASYNC;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ResponseType> fromWireName(String name) {
        for (ResponseType type : values()) {
            if (type.wireName().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
