package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.videogen.engine.testing.Browser;
import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.testing.TestMedia;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layout and transforms against a browser's CSS engine drawing the same thing: where colour boundaries fall along
 * a line across the frame, in our render and in Chromium's screenshot.
 */
class CssReferenceRenderTest {

    @TempDir
    static Path directory;
    static RenderFixture fixture;

    @BeforeAll
    static void media() {
        fixture = new RenderFixture(directory);
        // 123×77 with eleven vertical stripes alternating white and blue: boundaries every 11 source pixels
        String[] colors = new String[11];
        for (int i = 0; i < colors.length; i++) {
            colors[i] = i % 2 == 0 ? "white" : "blue";
        }
        TestMedia.stripesPng(fixture.file("small.png"), 123, 77, colors);
        TestMedia.solidPng(fixture.file("card.png"), 40, 20, "white");
    }

    /** Where the red channel crosses half scale along row {@code y}: the stripes' boundaries, in pixels. */
    private static List<Double> boundaries(BufferedImage image, int y) {
        List<Double> found = new ArrayList<>();
        for (int x = 1; x < image.getWidth(); x++) {
            double before = Decoded.rgb(image, x - 1, y)[0];
            double here = Decoded.rgb(image, x, y)[0];
            if ((before < 128) != (here < 128)) {
                found.add(x - 0.5 + (128 - before) / (here - before));
            }
        }
        return found;
    }

    private static void assertSameBoundaries(BufferedImage ours, BufferedImage browser, int y) {
        List<Double> expected = boundaries(browser, y);
        List<Double> actual = boundaries(ours, y);
        assertThat(expected).isNotEmpty();
        assertThat(actual).as("boundaries on row %d", y).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("boundary %d on row %d", i, y).isCloseTo(expected.get(i), within(1.0));
        }
    }

    @Test
    void aSmallPictureCoveringALargeBoxIsPlacedAsObjectFitCoverDraws() {
        BufferedImage ours = Decoded.frameAt(fixture.render("""
                {"width": 360, "height": 640, "duration": 1, "elements": [
                  {"type": "image", "source": "small.png", "fit_mode": "cover"}]}""", "cover.mp4").file(), 0.5);
        BufferedImage browser = Browser.screenshot(directory, """
                <html><body style="margin:0;background:#000">
                <img src="small.png" style="display:block;width:360px;height:640px;object-fit:cover"></body></html>""",
                360, 640);
        assertSameBoundaries(ours, browser, 320);
    }

    @Test
    void aSmallPictureContainedInALargeBoxIsPlacedAsObjectFitContainDraws() {
        BufferedImage ours = Decoded.frameAt(fixture.render("""
                {"width": 640, "height": 360, "duration": 1, "elements": [
                  {"type": "image", "source": "small.png", "x": 20, "y": 10, "width": 600, "height": 340,
                   "fit_mode": "contain"}]}""", "contain.mp4").file(), 0.5);
        BufferedImage browser = Browser.screenshot(directory, """
                <html><body style="margin:0;background:#000">
                <img src="small.png" style="position:absolute;left:20px;top:10px;width:600px;height:340px;
                object-fit:contain"></body></html>""", 640, 360);
        assertSameBoundaries(ours, browser, 180);
    }

    /** Boxes of many shapes on one 720x720 frame: {x, y, width, height}, each row below crossing several. */
    private static final int[][] BOXES = {{0, 0, 150, 200}, {200, 0, 100, 300}, {330, 0, 390, 700},
        {70, 300, 250, 160}, {14, 420, 36, 250}, {100, 520, 100, 92}};

    private static BufferedImage[] boxesDrawnBothWays(String fit) {
        StringBuilder elements = new StringBuilder();
        StringBuilder images = new StringBuilder();
        for (int[] box : BOXES) {
            elements.append(elements.length() == 0 ? "" : ",").append(String.format(
                    "{\"type\": \"image\", \"source\": \"small.png\", \"x\": %d, \"y\": %d, \"width\": %d, "
                            + "\"height\": %d, \"fit_mode\": \"%s\"}", box[0], box[1], box[2], box[3], fit));
            images.append(String.format("<img src=\"small.png\" style=\"position:absolute;left:%dpx;top:%dpx;"
                    + "width:%dpx;height:%dpx;object-fit:%s\">", box[0], box[1], box[2], box[3], fit));
        }
        BufferedImage ours = Decoded.frameAt(fixture.render("{\"width\": 720, \"height\": 720, \"duration\": 1, "
                + "\"elements\": [" + elements + "]}", "boxes-" + fit + ".mp4").file(), 0.5);
        BufferedImage browser = Browser.screenshot(directory, "<html><body style=\"margin:0;background:#000\">"
                + images + "</body></html>", 720, 720);
        return new BufferedImage[] {ours, browser};
    }

    @Test
    void aSmallPictureCoversBoxesAtEveryScaleFactorAsObjectFitCoverDraws() {
        // enlargements from 1.2 to 9.1, cropped left and right
        BufferedImage[] drawn = boxesDrawnBothWays("cover");
        for (int y : new int[] {100, 250, 380, 450, 560, 650}) {
            assertSameBoundaries(drawn[0], drawn[1], y);
        }
    }

    @Test
    void aSmallPictureIsContainedInBoxesAtEveryScaleFactorAsObjectFitContainDraws() {
        // from 0.29 (shrunk) to 3.2, centred with bands left or above and below
        BufferedImage[] drawn = boxesDrawnBothWays("contain");
        for (int y : new int[] {100, 150, 250, 380, 450, 545, 560}) {
            assertSameBoundaries(drawn[0], drawn[1], y);
        }
    }

    @Test
    void rotationAndScaleTurnAndGrowTheBoxAboutItsCentreAsCssTransformDoes() {
        BufferedImage ours = Decoded.frameAt(fixture.render("""
                {"width": 200, "height": 120, "duration": 1, "elements": [
                  {"type": "image", "source": "card.png", "x": 60, "y": 50, "width": 40, "height": 20,
                   "keyframes": {"rotation": [{"time": 0, "value": 30}], "scale": [{"time": 0, "value": 1.5}]}}]}""",
                "transform.mp4").file(), 0.5);
        BufferedImage browser = Browser.screenshot(directory, """
                <html><body style="margin:0;background:#000">
                <div style="position:absolute;left:60px;top:50px;width:40px;height:20px;background:#fff;
                transform:rotate(30deg) scale(1.5)"></div></body></html>""", 200, 120);
        for (int y : new int[] {40, 50, 60, 70, 80}) {
            assertSameBoundaries(ours, browser, y);
        }
        double[] ourCentre = centre(ours);
        double[] browserCentre = centre(browser);
        assertThat(ourCentre[0]).isCloseTo(browserCentre[0], within(0.5));
        assertThat(ourCentre[1]).isCloseTo(browserCentre[1], within(0.5));
    }

    private static double[] centre(BufferedImage image) {
        double sum = 0;
        double sx = 0;
        double sy = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                double v = Decoded.rgb(image, x, y)[0];
                sum += v;
                sx += v * x;
                sy += v * y;
            }
        }
        return new double[] {sx / sum, sy / sum};
    }
}
