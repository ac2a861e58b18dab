package dev.videogen.engine;

import java.util.Locale;

/** The processing steps of the schema, in the order a render passes through them. */
public enum RenderStep {
    VALIDATION, DOWNLOAD, PROCESSING, COMPOSITION, ENCODING, UPLOAD, CLEANUP;

    /** The name stored in rows and shown in {@code current_step}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
