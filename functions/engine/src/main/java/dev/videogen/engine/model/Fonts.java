package dev.videogen.engine.model;

import java.util.List;
import java.util.stream.Stream;

/**
 * The fonts the service bundles: the families a request may name in {@code font_family}, the files of each style,
 * and the order in which families stand in for characters a face lacks. Every file is also in the Lambda layer's
 * {@code /opt/fonts}.
 */
public final class Fonts {

    /** One bundled font file. */
    public record BundledFile(String family, String fileName, boolean bold, boolean italic) {
    }

    /** The default family. */
    public static final String DEFAULT_FAMILY = "DejaVu Sans";

    public static final String EMOJI_FAMILY = "Noto Color Emoji";

    /** Every bundled file, by family. */
    public static final List<BundledFile> FILES = List.of(
            new BundledFile(DEFAULT_FAMILY, "DejaVuSans.ttf", false, false),
            new BundledFile("Noto Sans", "NotoSans-Regular.ttf", false, false),
            new BundledFile("Noto Sans", "NotoSans-Bold.ttf", true, false),
            new BundledFile("Noto Sans", "NotoSans-Italic.ttf", false, true),
            new BundledFile("Noto Sans", "NotoSans-BoldItalic.ttf", true, true),
            new BundledFile("Noto Sans Hebrew", "NotoSansHebrew-Regular.ttf", false, false),
            new BundledFile("Noto Sans Hebrew", "NotoSansHebrew-Bold.ttf", true, false),
            new BundledFile("Noto Sans Arabic", "NotoSansArabic-Regular.ttf", false, false),
            new BundledFile("Noto Sans Arabic", "NotoSansArabic-Bold.ttf", true, false),
            new BundledFile("Noto Sans Devanagari", "NotoSansDevanagari-Regular.ttf", false, false),
            new BundledFile("Noto Sans Devanagari", "NotoSansDevanagari-Bold.ttf", true, false),
            new BundledFile("Noto Sans Bengali", "NotoSansBengali-Regular.ttf", false, false),
            new BundledFile("Noto Sans Bengali", "NotoSansBengali-Bold.ttf", true, false),
            new BundledFile("Noto Sans Thai", "NotoSansThai-Regular.ttf", false, false),
            new BundledFile("Noto Sans Thai", "NotoSansThai-Bold.ttf", true, false),
            new BundledFile("Noto Sans Symbols", "NotoSansSymbols-Regular.ttf", false, false),
            new BundledFile("Noto Sans Symbols 2", "NotoSansSymbols2-Regular.ttf", false, false),
            new BundledFile("Droid Sans Fallback", "DroidSansFallback.ttf", false, false),
            new BundledFile(EMOJI_FAMILY, "NotoColorEmoji.ttf", false, false));

    /** The licence files that travel with the fonts. */
    public static final List<String> LICENCE_FILES = List.of("DejaVuSans.LICENSE", "Noto.LICENSE",
            "DroidSansFallback.LICENSE");

    /** Every family a request may name in {@code font_family}. */
    public static final List<String> BUNDLED = FILES.stream().map(BundledFile::family).distinct().toList();

    /** The order in which families draw the characters the requested face lacks. */
    public static final List<String> FALLBACK_ORDER = List.of("Noto Sans", "Noto Sans Hebrew", "Noto Sans Arabic",
            "Noto Sans Devanagari", "Noto Sans Bengali", "Noto Sans Thai", "Noto Sans Symbols", "Noto Sans Symbols 2",
            "Droid Sans Fallback", EMOJI_FAMILY);

    /** Every file name to have in a font directory: fonts and licences. */
    public static List<String> allFileNames() {
        return Stream.concat(FILES.stream().map(BundledFile::fileName), LICENCE_FILES.stream()).toList();
    }

    /** The file of {@code family} closest to the asked style: exact, then same weight, then the regular file. */
    public static BundledFile file(String family, boolean bold, boolean italic) {
        BundledFile weightOnly = null;
        BundledFile regular = null;
        for (BundledFile file : FILES) {
            if (!file.family().equals(family)) {
                continue;
            }
            if (file.bold() == bold && file.italic() == italic) {
                return file;
            }
            if (file.bold() == bold && !file.italic()) {
                weightOnly = file;
            }
            if (!file.bold() && !file.italic()) {
                regular = file;
            }
        }
        if (weightOnly != null) {
            return weightOnly;
        }
        if (regular == null) {
            throw new IllegalArgumentException("font family not bundled: " + family);
        }
        return regular;
    }

    /** The regular file of a family, as a classpath resource name and a file name in a font directory. */
    public static String fileName(String family) {
        return file(family, false, false).fileName();
    }

    private Fonts() {
    }
}
