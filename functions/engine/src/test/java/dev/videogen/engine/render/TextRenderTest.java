package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.Cancellation;
import dev.videogen.engine.RenderListener;
import dev.videogen.engine.RenderResult;
import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.RenderFixture;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Text is drawn inside its box, literally, whatever characters it holds. */
class TextRenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path directory;
    static RenderFixture fixture;

    @BeforeAll
    static void setUp() {
        fixture = new RenderFixture(directory);
    }

    /** Counts pixels brighter than {@code threshold} inside a rectangle. */
    private static int brightPixels(BufferedImage frame, int x0, int y0, int x1, int y1, int threshold) {
        int count = 0;
        for (int y = Math.max(0, y0); y < Math.min(frame.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(frame.getWidth(), x1); x++) {
                int[] c = Decoded.rgb(frame, x, y);
                if (c[0] + c[1] + c[2] > threshold * 3) {
                    count++;
                }
            }
        }
        return count;
    }

    private static RenderResult renderText(String text, String name, String extra) {
        ObjectNode element = JSON.createObjectNode();
        element.put("type", "text");
        element.put("text", text);
        element.put("x", "25%");
        element.put("y", "25%");
        element.put("width", "50%");
        element.put("height", "50%");
        element.put("font_size", 24);
        ObjectNode body = JSON.createObjectNode();
        body.put("width", 320);
        body.put("height", 240);
        body.put("duration", 1);
        body.putArray("elements").add(element);
        if (!extra.isEmpty()) {
            try {
                element.setAll((ObjectNode) JSON.readTree(extra));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return fixture.renderer().render(fixture.request(body.toString()), fixture.file(name), RenderListener.NONE,
                Cancellation.NEVER);
    }

    @Test
    void textAppearsInsideItsBoxAndNowhereElse() {
        BufferedImage frame = Decoded.frameAt(renderText("Hello", "hello.mp4", "").file(), 0.5);
        // box: x 80..239, y 60..179
        assertThat(brightPixels(frame, 80, 60, 240, 180, 128)).isGreaterThan(50);
        assertThat(brightPixels(frame, 0, 0, 320, 55, 128)).isZero();
        assertThat(brightPixels(frame, 0, 185, 320, 240, 128)).isZero();
        assertThat(brightPixels(frame, 0, 0, 75, 240, 128)).isZero();
        assertThat(brightPixels(frame, 245, 0, 320, 240, 128)).isZero();
    }

    @Test
    void backgroundColourFillsTheTextBox() {
        BufferedImage frame = Decoded.frameAt(renderText("Hi", "boxed.mp4",
                "{\"background_color\": \"#0000FF\", \"color\": \"#FFFFFF\"}").file(), 0.5);
        assertThat(Decoded.near(frame, 85, 65, new int[] {0, 0, 255}, 40)).as(Decoded.describe(frame, 85, 65)).isTrue();
        assertThat(Decoded.near(frame, 234, 174, new int[] {0, 0, 255}, 40)).isTrue();
        assertThat(Decoded.near(frame, 40, 40, new int[] {0, 0, 0}, 40)).isTrue();
    }

    @Test
    void alignmentMovesTheTextWithinTheBox() {
        BufferedImage left = Decoded.frameAt(renderText("ab", "left.mp4", "{\"text_align\": \"left\"}").file(), 0.5);
        BufferedImage right = Decoded.frameAt(renderText("ab", "right.mp4", "{\"text_align\": \"right\"}").file(), 0.5);
        // box spans x 80..239; a two-letter word is about 30 px wide
        assertThat(brightPixels(left, 80, 60, 120, 180, 128)).isGreaterThan(20);
        assertThat(brightPixels(left, 200, 60, 240, 180, 128)).isZero();
        assertThat(brightPixels(right, 200, 60, 240, 180, 128)).isGreaterThan(20);
        assertThat(brightPixels(right, 80, 60, 120, 180, 128)).isZero();
    }

    @Test
    void longTextWrapsInsideTheBoxWidth() {
        BufferedImage frame = Decoded.frameAt(renderText("wrap these words inside the box please", "wrap.mp4", "")
                .file(), 0.5);
        assertThat(brightPixels(frame, 80, 60, 240, 180, 128)).isGreaterThan(200);
        assertThat(brightPixels(frame, 0, 0, 75, 240, 128)).isZero();
        assertThat(brightPixels(frame, 245, 0, 320, 240, 128)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"it's", "a:b", "back\\slash", "%{pts}", "%{eif:1+1:d}", ";movie=/etc/passwd",
        "[in]null[out]", "',drawbox=c=red:t=fill", "\\'\\:\\\\", "emoji \uD83D\uDE00 and ünïcödé"})
    void hostileTextRendersLiterallyAndChangesNothingElse(String text) {
        RenderResult result = renderText(text, "hostile-" + Integer.toHexString(text.hashCode()) + ".mp4", "");
        BufferedImage frame = Decoded.frameAt(result.file(), 0.5);
        // something is drawn inside the box, nothing outside it, and the rest of the frame stays the background
        assertThat(brightPixels(frame, 80, 60, 240, 180, 128)).isGreaterThan(10);
        assertThat(brightPixels(frame, 0, 0, 320, 55, 128)).isZero();
        assertThat(brightPixels(frame, 0, 185, 320, 240, 128)).isZero();
        assertThat(Decoded.near(frame, 10, 10, new int[] {0, 0, 0}, 20)).isTrue();
        assertThat(result.durationSeconds()).isEqualTo(1.0);
    }

    @Test
    void expansionSequencesAreNotEvaluated() {
        // expanded, "%{n}" would print the frame number: "1" early, "8" late, and the frames would differ
        Path out = renderText("%{n}", "expansion.mp4", "").file();
        BufferedImage early = Decoded.frameAt(out, 0.1);
        BufferedImage late = Decoded.frameAt(out, 0.9);
        int changed = 0;
        for (int y = 60; y < 180; y++) {
            for (int x = 80; x < 240; x++) {
                int[] a = Decoded.rgb(early, x, y);
                int[] b = Decoded.rgb(late, x, y);
                if (Math.abs(a[0] + a[1] + a[2] - b[0] - b[1] - b[2]) > 300) {
                    changed++;
                }
            }
        }
        assertThat(brightPixels(early, 80, 60, 240, 180, 128)).isGreaterThan(20);
        assertThat(changed).isZero();
    }
}
