package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.testing.TestMedia;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fit mode against a box of another aspect ratio. The source is 200×100 with red | green | blue stripes
 * (50 | 100 | 50 px); the box is a 100×100 square at (50, 50) on a 200×200 black frame.
 */
class FitModeRenderTest {

    private static final int[] RED = {255, 0, 0};
    private static final int[] GREEN = {0, 128, 0};
    private static final int[] BLUE = {0, 0, 255};
    /** The background: a colour the source does not have, so padding that is not transparent shows. */
    private static final int[] YELLOW = {255, 255, 0};
    private static final int TOLERANCE = 48;

    @TempDir
    static Path directory;
    static RenderFixture fixture;

    @BeforeAll
    static void media() {
        fixture = new RenderFixture(directory);
        TestMedia.stripesPng(fixture.file("stripes.png"), 200, 100, "red", "green", "green", "blue");
    }

    private BufferedImage render(String fit) {
        String json = """
                {"width": 200, "height": 200, "duration": 1, "background_color": "#FFFF00",
                 "elements": [{"type": "image", "source": "stripes.png", "x": 50, "y": 50,
                               "width": 100, "height": 100, "fit_mode": "%s"}]}""".formatted(fit);
        Path out = fixture.render(json, "fit-" + fit + ".mp4").file();
        return Decoded.frameAt(out, 0.5);
    }

    private static void assertColor(BufferedImage frame, int x, int y, int[] expected) {
        assertThat(Decoded.near(frame, x, y, expected, TOLERANCE))
                .as("pixel %s", Decoded.describe(frame, x, y)).isTrue();
    }

    @Test
    void coverCropsTheOverflowAndKeepsTheCentre() {
        BufferedImage frame = render("cover");
        // the 100×100 centre of the source is the green stripe: the whole box is green
        assertColor(frame, 55, 55, GREEN);
        assertColor(frame, 144, 55, GREEN);
        assertColor(frame, 55, 144, GREEN);
        assertColor(frame, 144, 144, GREEN);
        assertColor(frame, 100, 100, GREEN);
        // outside the box: background
        assertColor(frame, 20, 100, YELLOW);
        assertColor(frame, 180, 100, YELLOW);
    }

    @Test
    void containShowsTheWholeMediaCentredAndLeavesTheRestTransparent() {
        BufferedImage frame = render("contain");
        // scaled to 100×50, centred vertically: rows 75..124 hold the picture
        assertColor(frame, 56, 100, RED);
        assertColor(frame, 100, 100, GREEN);
        assertColor(frame, 143, 100, BLUE);
        // top and bottom of the box show what is below: the background
        assertColor(frame, 100, 60, YELLOW);
        assertColor(frame, 100, 140, YELLOW);
    }

    @Test
    void fillStretchesToTheBoxExactly() {
        BufferedImage frame = render("fill");
        assertColor(frame, 56, 56, RED);
        assertColor(frame, 56, 143, RED);
        assertColor(frame, 100, 56, GREEN);
        assertColor(frame, 143, 143, BLUE);
        assertColor(frame, 100, 40, YELLOW);
    }

    @Test
    void stretchIsFill() {
        BufferedImage frame = render("stretch");
        assertColor(frame, 56, 56, RED);
        assertColor(frame, 143, 143, BLUE);
    }

    @Test
    void autoIsContainInsideASmallerBox() {
        BufferedImage frame = render("auto");
        assertColor(frame, 100, 100, GREEN);
        assertColor(frame, 100, 60, YELLOW);
        assertColor(frame, 56, 100, RED);
    }

    @Test
    void autoIsCoverWhenTheBoxIsTheWholeFrame() {
        String json = """
                {"width": 200, "height": 200, "duration": 1,
                 "elements": [{"type": "image", "source": "stripes.png"}]}""";
        BufferedImage frame = Decoded.frameAt(fixture.render(json, "auto-full.mp4").file(), 0.5);
        assertColor(frame, 5, 5, GREEN);
        assertColor(frame, 194, 194, GREEN);
        assertColor(frame, 100, 100, GREEN);
    }
}
