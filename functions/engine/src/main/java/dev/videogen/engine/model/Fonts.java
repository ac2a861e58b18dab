package dev.videogen.engine.model;

import java.util.List;

/** The font families the service bundles for text elements. */
public final class Fonts {

    /** The default family, also bundled in the Lambda layer. */
    public static final String DEFAULT_FAMILY = "DejaVu Sans";

    /** Every family a request may name in {@code font_family}. */
    public static final List<String> BUNDLED = List.of(DEFAULT_FAMILY);

    /** The bundled file of a family, as a classpath resource name and a file name in a font directory. */
    public static String fileName(String family) {
        if (DEFAULT_FAMILY.equals(family)) {
            return "DejaVuSans.ttf";
        }
        throw new IllegalArgumentException("font family not bundled: " + family);
    }

    private Fonts() {
    }
}
