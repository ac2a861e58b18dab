package dev.videogen.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.videogen.engine.model.Fonts;
import dev.videogen.engine.model.TextAlign;
import dev.videogen.engine.model.VerticalAlign;
import dev.videogen.engine.plan.FontCatalog;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.GlyphVector;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each script drawn by the service matches Chromium drawing the same string with the same font files: no
 * missing-glyph box, the same ink width, and the same distribution of ink along the line (column profile), which
 * a wrong order (bidi) or missing shaping (joining, conjuncts) changes — shown by a naive rendering, one character
 * after another in memory order, failing the same comparison.
 */
class ScriptReferenceTest {

    static final double SIZE = 48;
    static final double MIN_SIMILARITY = 0.85;

    /** Scripts whose naive rendering (no bidi, no shaping) must fail the comparison. */
    static final Map<String, String> SAMPLES = new java.util.LinkedHashMap<>();

    static {
        SAMPLES.put("latin", "Hello, World");
        SAMPLES.put("hebrew", "שלום עולם");
        SAMPLES.put("arabic", "مرحبا بالعالم");
        SAMPLES.put("bidi", "Hello שלום 123 world");
        SAMPLES.put("devanagari", "क्षत्रिय हिन्दी भाषा");
        SAMPLES.put("bengali", "বাংলা ভাষা ক্ষমা");
        SAMPLES.put("thai", "ภาษาไทย สวัสดีครับ");
        SAMPLES.put("cjk", "你好世界 こんにちは 한국어");
        SAMPLES.put("emoji", "Hi 😀👍🏽👨‍👩‍👧 🇫🇷");
    }

    static final List<String> NEEDS_ORDER_OR_SHAPING = List.of("hebrew", "arabic", "bidi", "devanagari", "bengali",
            "emoji");

    @TempDir
    static Path directory;
    static FontLibrary library;
    static Map<String, BufferedImage> reference = new java.util.HashMap<>();

    @BeforeAll
    static void drawReferences() throws Exception {
        Path fonts = FontCatalog.fontDirectory(null, directory.resolve("fonts"));
        library = FontLibrary.of(fonts);
        Optional<ChromiumReference> chromium = ChromiumReference.find(directory);
        if (chromium.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("Chromium is missing: .ci/run installs Debian's chromium package");
        }
        assumeTrue(chromium.isPresent(), "no Chromium on this machine (apt-get install chromium)");
        List<Path> files = new ArrayList<>();
        files.add(fonts.resolve(Fonts.fileName("Noto Sans")));
        for (String family : Fonts.FALLBACK_ORDER) {
            if (!family.equals("Noto Sans")) {
                files.add(fonts.resolve(Fonts.fileName(family)));
            }
        }
        List<String> keys = new ArrayList<>(SAMPLES.keySet());
        List<BufferedImage> rows = chromium.get().drawRows(keys.stream().map(SAMPLES::get).toList(), files, SIZE,
                0, 800, 120);
        for (int i = 0; i < keys.size(); i++) {
            reference.put(keys.get(i), rows.get(i));
        }
    }

    static List<String> scripts() {
        return new ArrayList<>(SAMPLES.keySet());
    }

    private static FontStack stack() {
        return library.stack("Noto Sans", false, false);
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void drawsLikeChromiumWithTheSameFonts(String script) {
        String text = SAMPLES.get(script);
        TextStyle style = new TextStyle(stack(), SIZE, 1.2, 0, TextAlign.LEFT, VerticalAlign.TOP, 0);
        TextDrawing drawing = TextDrawing.lay(text, style, TextPaint.PLAIN, 760, 100);
        assertThat(drawing.missingGlyphs()).as("missing-glyph boxes").isZero();
        assertThat(drawing.block().lines()).as("one line").hasSize(1);

        InkProfile ours = InkProfile.of(drawing.paint());
        InkProfile theirs = InkProfile.of(reference.get(script));
        assertThat(theirs.width()).as("Chromium drew something").isGreaterThan(50);
        assertThat((double) ours.width()).as("ink width against Chromium's %d", theirs.width())
                .isCloseTo(theirs.width(), org.assertj.core.data.Offset.offset(Math.max(4, theirs.width() * 0.03)));
        assertThat((double) ours.height()).isCloseTo(theirs.height(), org.assertj.core.data.Offset.offset(4.0));
        assertThat(ours.columnSimilarity(theirs)).as("column profile similarity").isGreaterThan(MIN_SIMILARITY);
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void aRenderingWithoutOrderingOrShapingFailsTheSameComparison(String script) {
        assumeTrue(NEEDS_ORDER_OR_SHAPING.contains(script), "this script looks the same drawn naively");
        InkProfile naive = InkProfile.of(naive(SAMPLES.get(script), stack()));
        InkProfile theirs = InkProfile.of(reference.get(script));
        boolean widthMatches = Math.abs(naive.width() - theirs.width()) <= Math.max(4, theirs.width() * 0.03);
        boolean profileMatches = naive.columnSimilarity(theirs) > MIN_SIMILARITY;
        assertThat(widthMatches && profileMatches).as("the naive rendering passes (similarity %.3f, width %d vs %d)",
                naive.columnSimilarity(theirs), naive.width(), theirs.width()).isFalse();
    }

    /** Each character drawn on its own, in memory order, with the first face that has it: no bidi, no shaping. */
    static BufferedImage naive(String text, FontStack stack) {
        BufferedImage image = new BufferedImage(800, 120, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        float x = 20;
        for (int k = 0; k < text.length(); ) {
            int cp = text.codePointAt(k);
            Font font = stack.primary().font().deriveFont((float) SIZE);
            for (FontFace face : stack.faces()) {
                if (face.colour() == null && face.covers(cp)) {
                    font = face.font().deriveFont((float) SIZE);
                    break;
                }
            }
            GlyphVector glyph = font.createGlyphVector(g.getFontRenderContext(), new String(Character.toChars(cp)));
            g.fill(glyph.getOutline(x, 70));
            x += (float) glyph.getGlyphPosition(glyph.getNumGlyphs()).getX();
            k += Character.charCount(cp);
        }
        g.dispose();
        return image;
    }
}
