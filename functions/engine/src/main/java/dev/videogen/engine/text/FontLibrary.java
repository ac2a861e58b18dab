package dev.videogen.engine.text;

import dev.videogen.engine.model.Fonts;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The bundled fonts of one font directory, loaded when first used and shared by every render of the process. */
public final class FontLibrary {

    private static final Map<Path, FontLibrary> OPEN = new ConcurrentHashMap<>();

    private final Path directory;
    private final Map<String, FontFace> faces = new ConcurrentHashMap<>();

    private FontLibrary(Path directory) {
        this.directory = directory;
    }

    /** The library of {@code directory}, which holds every file of {@link Fonts#FILES}. */
    public static FontLibrary of(Path directory) {
        useJavaFontConfiguration(directory);
        return OPEN.computeIfAbsent(directory.toAbsolutePath().normalize(), FontLibrary::new);
    }

    /**
     * Where the font directory carries a {@code fontconfig.properties} (the Lambda layer's {@code /opt/fonts}), Java2D
     * is told to read it instead of asking fontconfig, which Lambda lacks: without it the JVM's font manager fails to
     * start on a machine with no fontconfig and no system fonts. Must run before anything touches a font.
     */
    private static void useJavaFontConfiguration(Path directory) {
        Path configuration = directory.resolve("fontconfig.properties");
        if (System.getProperty("sun.awt.fontconfig") == null && Files.isRegularFile(configuration)) {
            System.setProperty("sun.awt.fontconfig", configuration.toAbsolutePath().toString());
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** {@code family} in the style asked for, followed by the bundled fallbacks. */
    public FontStack stack(String family, boolean bold, boolean italic) {
        return withFallbacks(face(Fonts.file(family, bold, italic)), family, bold, italic);
    }

    /** A caller's own face, followed by the bundled fallbacks. */
    public FontStack stack(FontFace own, boolean bold, boolean italic) {
        return withFallbacks(own, null, bold, italic);
    }

    private FontStack withFallbacks(FontFace primary, String primaryFamily, boolean bold, boolean italic) {
        List<FontFace> stack = new ArrayList<>();
        stack.add(primary);
        for (String family : Fonts.FALLBACK_ORDER) {
            if (!family.equals(primaryFamily)) {
                stack.add(face(Fonts.file(family, bold, italic)));
            }
        }
        return new FontStack(stack, bold, italic);
    }

    private FontFace face(Fonts.BundledFile file) {
        return faces.computeIfAbsent(file.fileName(), name -> {
            try {
                return FontFace.load(file.family(), directory.resolve(name), file.bold(), file.italic());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled font " + directory.resolve(name), e);
            } catch (FontFormatException e) {
                throw new IllegalStateException("the bundled font " + directory.resolve(name) + " is unreadable", e);
            }
        });
    }
}
