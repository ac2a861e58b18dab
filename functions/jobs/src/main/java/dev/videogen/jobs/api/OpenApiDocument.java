package dev.videogen.jobs.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The OpenAPI 3.1 description of the API, kept next to this class as {@code openapi.json}. */
public final class OpenApiDocument {

    private static volatile String text;

    private OpenApiDocument() {
    }

    public static String text() {
        String loaded = text;
        if (loaded == null) {
            try (InputStream in = OpenApiDocument.class.getResourceAsStream("openapi.json")) {
                if (in == null) {
                    throw new IllegalStateException("openapi.json is missing from the classpath");
                }
                loaded = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                text = loaded;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }
}
