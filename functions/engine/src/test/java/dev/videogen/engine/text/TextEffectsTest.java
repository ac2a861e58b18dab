package dev.videogen.engine.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.videogen.engine.model.Rgba;
import dev.videogen.engine.model.TextAlign;
import dev.videogen.engine.model.VerticalAlign;
import dev.videogen.engine.plan.FontCatalog;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outline, shadow, backgrounds and highlight measured on the pictures the painter makes. */
class TextEffectsTest {

    @TempDir
    static Path directory;
    static FontStack stack;

    static final Rgba RED = new Rgba(255, 0, 0, 255);
    static final Rgba BLUE = new Rgba(0, 0, 255, 255);
    static final Rgba GREEN = new Rgba(0, 255, 0, 255);

    @BeforeAll
    static void fonts() {
        stack = FontLibrary.of(FontCatalog.fontDirectory(null, directory.resolve("fonts"))).stack("Noto Sans", false,
                false);
    }

    private static TextPaint paint(Rgba stroke, double strokeWidth, Rgba shadow, double sx, double sy, double blur,
                                   Rgba background, double padding, double radius, boolean perLine) {
        return new TextPaint(Rgba.WHITE, stroke, strokeWidth, shadow, sx, sy, blur, background, padding, radius,
                perLine, RED, Rgba.TRANSPARENT);
    }

    private static TextDrawing draw(String text, TextPaint paint, double padding) {
        TextStyle style = new TextStyle(stack, 40, 1.2, 0, TextAlign.CENTER, VerticalAlign.MIDDLE, padding);
        return TextDrawing.lay(text, style, paint, 300, 100);
    }

    /** {count, mean x, mean y} of the pixels whose ARGB matches. */
    private static double[] where(BufferedImage image, IntPredicate colour) {
        long count = 0;
        double sx = 0;
        double sy = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (colour.test(image.getRGB(x, y))) {
                    count++;
                    sx += x;
                    sy += y;
                }
            }
        }
        return new double[] {count, count == 0 ? 0 : sx / count, count == 0 ? 0 : sy / count};
    }

    private static boolean opaque(int argb, int r, int g, int b) {
        return (argb >>> 24) > 200 && Math.abs(((argb >> 16) & 0xff) - r) < 60 && Math.abs(((argb >> 8) & 0xff) - g) < 60
                && Math.abs((argb & 0xff) - b) < 60;
    }

    @Test
    void anOutlineSurroundsTheGlyphsOnlyWhenAsked() {
        BufferedImage plain = draw("Outline", TextPaint.PLAIN, 0).paint();
        BufferedImage outlined = draw("Outline", paint(RED, 4, Rgba.TRANSPARENT, 0, 0, 0, Rgba.TRANSPARENT, 0, 0,
                false), 0).paint();
        assertThat(where(plain, argb -> opaque(argb, 255, 0, 0))[0]).isZero();
        double[] red = where(outlined, argb -> opaque(argb, 255, 0, 0));
        double[] white = where(outlined, argb -> opaque(argb, 255, 255, 255));
        assertThat(red[0]).as("outline pixels").isGreaterThan(500);
        assertThat(white[0]).as("the fill is kept inside the outline").isGreaterThan(200);
        // an outline of 4 px around every glyph: every white pixel's neighbourhood 3 px away in some direction is red
        assertThat(red[1]).isCloseTo(white[1], offset(3.0));
        assertThat(red[2]).isCloseTo(white[2], offset(3.0));
    }

    @Test
    void theShadowIsOffsetByShadowXAndY() {
        TextDrawing drawing = draw("Shadow", paint(Rgba.TRANSPARENT, 0, BLUE, 12, 7, 0, Rgba.TRANSPARENT, 0, 0,
                false), 0);
        TextDrawing shadowDrawing = draw("Shadow", new TextPaint(Rgba.TRANSPARENT, Rgba.TRANSPARENT, 0, BLUE, 12, 7, 0,
                Rgba.TRANSPARENT, 0, 0, false, Rgba.TRANSPARENT, Rgba.TRANSPARENT), 0);
        TextDrawing plain = draw("Shadow", TextPaint.PLAIN, 0);
        BufferedImage textOnly = drawing.paint();
        double[] shadow = where(shadowDrawing.paint(), argb -> (argb >>> 24) > 128);
        double[] text = where(plain.paint(), argb -> (argb >>> 24) > 128);
        // positions relative to each canvas's box (the shadow's canvas has a wider margin)
        double dx = (shadow[1] - shadowDrawing.margin()) - (text[1] - plain.margin());
        double dy = (shadow[2] - shadowDrawing.margin()) - (text[2] - plain.margin());
        assertThat(shadow[0]).isCloseTo(text[0], offset(text[0] * 0.05));
        assertThat(dx).as("shadow offset x").isCloseTo(12, offset(0.6));
        assertThat(dy).as("shadow offset y").isCloseTo(7, offset(0.6));
        // the text covers its shadow where they overlap, and blue shows where they do not
        assertThat(where(textOnly, argb -> opaque(argb, 0, 0, 255))[0]).isGreaterThan(100);
        assertThat(drawing.margin()).as("the canvas grows to hold the shadow").isGreaterThanOrEqualTo(12);
    }

    @Test
    void aBlurredShadowSpreadsWithoutMoving() {
        TextPaint sharp = new TextPaint(Rgba.TRANSPARENT, Rgba.TRANSPARENT, 0, BLUE, 5, 5, 0, Rgba.TRANSPARENT, 0, 0,
                false, Rgba.TRANSPARENT, Rgba.TRANSPARENT);
        TextPaint blurred = new TextPaint(Rgba.TRANSPARENT, Rgba.TRANSPARENT, 0, BLUE, 5, 5, 8, Rgba.TRANSPARENT, 0, 0,
                false, Rgba.TRANSPARENT, Rgba.TRANSPARENT);
        double[] a = where(draw("Blur", sharp, 0).paint(), argb -> (argb >>> 24) > 10);
        double[] b = where(draw("Blur", blurred, 0).paint(), argb -> (argb >>> 24) > 10);
        assertThat(b[0]).as("blurred ink covers more pixels").isGreaterThan(a[0] * 1.5);
        // the canvas of the blurred one has a larger margin: compare centroids relative to each canvas's box
        TextDrawing da = draw("Blur", sharp, 0);
        TextDrawing db = draw("Blur", blurred, 0);
        assertThat(b[1] - db.margin()).isCloseTo(a[1] - da.margin(), offset(1.5));
        assertThat(b[2] - db.margin()).isCloseTo(a[2] - da.margin(), offset(1.5));
    }

    @Test
    void aTextBackgroundFillsTheBoxWithRoundedCornersAndPaddingInsetsTheText() {
        TextDrawing square = draw("Box", paint(Rgba.TRANSPARENT, 0, Rgba.TRANSPARENT, 0, 0, 0, GREEN, 0, 0, false), 0);
        TextDrawing rounded = draw("Box", paint(Rgba.TRANSPARENT, 0, Rgba.TRANSPARENT, 0, 0, 0, GREEN, 0, 20, false),
                0);
        BufferedImage a = square.paint();
        BufferedImage b = rounded.paint();
        int m = square.margin();
        assertThat(opaque(a.getRGB(m, m), 0, 255, 0)).as("square corner filled").isTrue();
        assertThat(b.getRGB(m + 1, m + 1) >>> 24).as("rounded corner left clear").isLessThan(40);
        assertThat(opaque(b.getRGB(m + 150, m + 1), 0, 255, 0)).as("edge between the corners filled").isTrue();
        // padding 30 in a 100 px high box leaves 40 px for the text: auto size shrinks to fit it
        TextStyle padded = new TextStyle(stack, -1, 1.0, 0, TextAlign.CENTER, VerticalAlign.MIDDLE, 30);
        TextDrawing inset = TextDrawing.lay("Padded", padded, TextPaint.PLAIN, 300, 100);
        assertThat(inset.block().fontSize()).isLessThanOrEqualTo(40);
        double[] ink = where(inset.paint(), argb -> (argb >>> 24) > 128);
        assertThat(ink[0]).isGreaterThan(100);
    }

    @Test
    void aCaptionBackgroundHugsEachLineWithItsPadding() {
        TextPaint perLine = paint(Rgba.TRANSPARENT, 0, Rgba.TRANSPARENT, 0, 0, 0, GREEN, 10, 0, true);
        TextDrawing drawing = draw("Hi", perLine, 0);
        BufferedImage image = drawing.paint();
        double[] green = where(image, argb -> (argb >>> 24) > 128);
        TextBlockLayout.Line line = drawing.block().lines().get(0);
        // the background spans the line's advance plus the padding on both sides, and no more
        int left = image.getWidth();
        int right = -1;
        for (int x = 0; x < image.getWidth(); x++) {
            if ((image.getRGB(x, (int) line.baseline() - 5) >>> 24) > 128) {
                left = Math.min(left, x);
                right = Math.max(right, x);
            }
        }
        assertThat(green[0]).isGreaterThan(100);
        assertThat((double) left).isCloseTo(line.x() - 10, offset(1.5));
        assertThat((double) right).isCloseTo(line.x() + line.width() + 10, offset(1.5));
        assertThat(right - left).isLessThan(150);
    }

    @Test
    void theHighlightedWordIsDrawnInTheHighlightColourAndTheOthersAreNot() {
        TextDrawing drawing = draw("one two", paint(Rgba.TRANSPARENT, 0, Rgba.TRANSPARENT, 0, 0, 0, Rgba.TRANSPARENT,
                0, 0, false), 0);
        BufferedImage first = drawing.paint(0, 3);
        BufferedImage second = drawing.paint(4, 7);
        double[] redFirst = where(first, argb -> opaque(argb, 255, 0, 0));
        double[] redSecond = where(second, argb -> opaque(argb, 255, 0, 0));
        double[] white = where(first, argb -> opaque(argb, 255, 255, 255));
        assertThat(redFirst[0]).isGreaterThan(100);
        assertThat(white[0]).isGreaterThan(100);
        assertThat(redFirst[1]).isLessThan(white[1]);
        assertThat(redSecond[1]).isGreaterThan(redFirst[1] + 40);
    }
}
