package dev.videogen.engine.plan;

import dev.videogen.engine.model.Fonts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The bundled fonts' files on disk, where the text painter reads them. */
public final class FontCatalog {

    private static final String RESOURCE_DIRECTORY = "/dev/videogen/engine/fonts/";

    private FontCatalog() {
    }

    /**
     * A directory holding every bundled font file: {@code configured} when it already has them (the Lambda layer's
     * {@code /opt/fonts}), else {@code fallback}, filled from the classpath.
     */
    public static Path fontDirectory(Path configured, Path fallback) {
        if (configured != null && Fonts.allFileNames().stream()
                .allMatch(name -> Files.isRegularFile(configured.resolve(name)))) {
            return configured;
        }
        try {
            Files.createDirectories(fallback);
            for (String name : Fonts.allFileNames()) {
                Path target = fallback.resolve(name);
                if (Files.isRegularFile(target)) {
                    continue;
                }
                try (InputStream in = FontCatalog.class.getResourceAsStream(RESOURCE_DIRECTORY + name)) {
                    if (in == null) {
                        throw new IllegalStateException("font resource missing: " + name);
                    }
                    Path partial = Files.createTempFile(fallback, "font", ".part");
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return fallback;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bundled fonts to " + fallback, e);
        }
    }
}
