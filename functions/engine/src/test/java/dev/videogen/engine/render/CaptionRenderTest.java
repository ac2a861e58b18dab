package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.engine.Cancellation;
import dev.videogen.engine.RenderListener;
import dev.videogen.engine.RenderStep;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.validation.InvalidRequestException;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Captions rendered for real: cues appear in their time, pages turn, the spoken word is highlighted. */
class CaptionRenderTest {

    @TempDir
    static Path directory;
    static RenderFixture fixture;

    @BeforeAll
    static void setUp() {
        fixture = new RenderFixture(directory);
    }

    /** Pixels whose colour is close to pure red (the highlight) inside a rectangle; returns {count, mean x}. */
    private static double[] red(BufferedImage frame, int x0, int y0, int x1, int y1) {
        int count = 0;
        long sumX = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int[] c = Decoded.rgb(frame, x, y);
                if (c[0] > 170 && c[1] < 90 && c[2] < 90) {
                    count++;
                    sumX += x;
                }
            }
        }
        return new double[] {count, count == 0 ? -1 : (double) sumX / count};
    }

    private static int light(BufferedImage frame, int x0, int y0, int x1, int y1) {
        int count = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int[] c = Decoded.rgb(frame, x, y);
                if (c[0] + c[1] + c[2] > 300) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void theSpokenWordIsHighlightedAndMovesAlongTheLine() {
        Path video = fixture.render("""
                {"width": 320, "height": 240, "duration": 3, "elements": [
                  {"type": "caption", "font_size": 28, "highlight_color": "#FF0000", "captions": [
                    {"start": 0, "end": 2.5, "text": "one two three", "words": [
                      {"start": 0, "end": 0.8, "text": "one"}, {"start": 0.8, "end": 1.6, "text": "two"},
                      {"start": 1.6, "end": 2.5, "text": "three"}]}]}]}""", "words.mp4").file();
        // caption box: x 16..304, y 180..228
        double[] first = red(Decoded.frameAt(video, 0.4), 0, 170, 320, 240);
        double[] second = red(Decoded.frameAt(video, 1.2), 0, 170, 320, 240);
        double[] third = red(Decoded.frameAt(video, 2.0), 0, 170, 320, 240);
        assertThat(first[0]).as("red pixels of the first word").isGreaterThan(30);
        assertThat(second[0]).isGreaterThan(30);
        assertThat(third[0]).isGreaterThan(30);
        assertThat(first[1]).as("highlight moves right").isLessThan(second[1]);
        assertThat(second[1]).isLessThan(third[1]);
        // after the cue nothing is drawn
        assertThat(light(Decoded.frameAt(video, 2.8), 0, 0, 320, 240)).isZero();
        // nothing outside the caption box while it shows
        assertThat(light(Decoded.frameAt(video, 1.2), 0, 0, 320, 165)).isZero();
    }

    @Test
    void eachWordIsHighlightedFromTheFrameNearestItsStartToTheMillisecond() {
        // at 30 fps: "two" from 0.65 s to 0.70 s is frame 20 alone (0.65 s rounds to frame 20, 0.70 s is frame 21),
        // "four" from 1.32 s to 1.35 s is frame 40 alone; times a 1/25 s clock would move by 10-20 ms
        Path video = fixture.render("""
                {"width": 320, "height": 240, "fps": 30, "duration": 2, "elements": [
                  {"type": "caption", "font_size": 28, "highlight_color": "#FF0000", "captions": [
                    {"start": 0, "end": 2, "text": "one two three four five", "words": [
                      {"start": 0, "end": 0.65, "text": "one"}, {"start": 0.65, "end": 0.7, "text": "two"},
                      {"start": 0.7, "end": 1.32, "text": "three"}, {"start": 1.32, "end": 1.35, "text": "four"},
                      {"start": 1.35, "end": 2, "text": "five"}]}]}]}""", "frames.mp4").file();
        dev.videogen.engine.testing.Frames frames = dev.videogen.engine.testing.Frames.decode(video, 320, 240);
        String[] expected = {"one", "two", "three", "four", "five"};
        int[][] spans = {{0, 19}, {20, 20}, {21, 39}, {40, 40}, {41, 59}};
        double previous = -1;
        for (int w = 0; w < spans.length; w++) {
            double x = redCentre(frames, spans[w][0]);
            assertThat(x).as("%s highlighted at frame %d", expected[w], spans[w][0]).isPositive();
            assertThat(Math.abs(x - previous)).as("%s is not the word before it", expected[w]).isGreaterThan(5);
            for (int n = spans[w][0]; n <= spans[w][1]; n++) {
                assertThat(redCentre(frames, n)).as("%s at frame %d", expected[w], n)
                        .isCloseTo(x, org.assertj.core.data.Offset.offset(1.0));
            }
            previous = x;
        }
    }

    private static double redCentre(dev.videogen.engine.testing.Frames frames, int n) {
        int count = 0;
        long sum = 0;
        for (int y = 170; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                if (frames.channel(n, x, y, 0) > 170 && frames.channel(n, x, y, 1) < 90
                        && frames.channel(n, x, y, 2) < 90) {
                    count++;
                    sum += x;
                }
            }
        }
        return count < 20 ? -100 : (double) sum / count;
    }

    @Test
    void aCaptionSlidesInAndFadesOutLikeAnyVisualElement() {
        // the caption's box is x 96..224: a linear slide from the left starts it 224 px further left (its right
        // edge at the frame's left edge), so half way through it is 112 px left of its place
        Path video = fixture.render("""
                {"width": 320, "height": 240, "fps": 20, "duration": 2, "elements": [
                  {"type": "caption", "x": "30%", "width": "40%", "font_size": 28, "captions": [
                    {"start": 0, "end": 2, "text": "one"}],
                   "animations": [{"type": "slide", "from": "left", "duration": 1, "easing": "linear"},
                                  {"type": "fade", "at": "end", "duration": 0.5, "easing": "linear"}]}]}""",
                "animated.mp4").file();
        double[] half = white(Decoded.frameAt(video, 0.5));
        double[] still = white(Decoded.frameAt(video, 1.2));
        assertThat(still[0]).as("white pixels of the word at rest").isGreaterThan(100);
        assertThat(still[1]).as("the word centred in its box").isCloseTo(160, org.assertj.core.data.Offset.offset(3.0));
        assertThat(half[0]).as("the whole word half way").isCloseTo(still[0], org.assertj.core.data.Offset.offset(
                still[0] * 0.15));
        assertThat(half[1]).as("half way in").isCloseTo(still[1] - 112, org.assertj.core.data.Offset.offset(1.5));
        assertThat(light(Decoded.frameAt(video, 1.95), 0, 170, 320, 240)).as("faded out at the end")
                .isLessThan((int) (still[0] * 0.2));
    }

    /** Bright pixels of the caption's rows (180..228): {count, mean x}. */
    private static double[] white(BufferedImage frame) {
        int count = 0;
        long sumX = 0;
        for (int y = 175; y < 235; y++) {
            for (int x = 0; x < 320; x++) {
                int[] c = Decoded.rgb(frame, x, y);
                if (c[0] + c[1] + c[2] > 450) {
                    count++;
                    sumX += x;
                }
            }
        }
        return new double[] {count, count == 0 ? -1 : (double) sumX / count};
    }

    @ParameterizedTest
    @ValueSource(strings = {"webm", "gif", "mov"})
    void theSpokenWordIsHighlightedInEveryOutputFormat(String format) {
        Path video = fixture.render("""
                {"output_format": "%s", "width": 320, "height": 240, "fps": 10, "duration": 1.6, "elements": [
                  {"type": "caption", "font_size": 28, "highlight_color": "#FF0000", "captions": [
                    {"start": 0, "end": 1.6, "text": "one two", "words": [
                      {"start": 0, "end": 0.8, "text": "one"}, {"start": 0.8, "end": 1.6, "text": "two"}]}]}]}"""
                .formatted(format), "words." + format).file();
        double[] first = red(Decoded.frameAt(video, 0.4), 0, 170, 320, 240);
        double[] second = red(Decoded.frameAt(video, 1.2), 0, 170, 320, 240);
        assertThat(first[0]).as("red pixels of the first word").isGreaterThan(30);
        assertThat(second[0]).as("red pixels of the second word").isGreaterThan(30);
        assertThat(first[1]).as("highlight moves right").isLessThan(second[1] - 20);
        assertThat(light(Decoded.frameAt(video, 0.4), 0, 0, 320, 165)).as("nothing above the caption").isZero();
    }

    @Test
    void theRenderTellsHowManyDistinctCueStatesItDrewAndHowLong() {
        int[] pictures = {-1};
        Duration[] drawing = {null};
        RenderListener listener = new RenderListener() {
            @Override
            public void progress(RenderStep step, double percent) {
            }

            @Override
            public void textDrawn(Element element, int distinctPictures, Duration time) {
                assertThat(element.id()).isEqualTo("words");
                pictures[0] = distinctPictures;
                drawing[0] = time;
            }
        };
        // two cues: the first with three spoken words (three states), the second without word times (one state)
        fixture.renderer().render(fixture.request("""
                {"width": 160, "height": 120, "fps": 10, "duration": 2, "elements": [
                  {"id": "words", "type": "caption", "font_size": 20, "captions": [
                    {"start": 0, "end": 1, "text": "one two three", "words": [
                      {"start": 0, "end": 0.3, "text": "one"}, {"start": 0.3, "end": 0.6, "text": "two"},
                      {"start": 0.6, "end": 1, "text": "three"}]},
                    {"start": 1, "end": 2, "text": "four five"}]}]}"""), fixture.file("states.mp4"), listener,
                Cancellation.NEVER);
        assertThat(pictures[0]).isEqualTo(4);
        assertThat(drawing[0]).isPositive();
    }

    @Test
    void srtCuesFollowTheElementsTimeAndAreCutAtTheEndOfTheOutput() throws Exception {
        Files.writeString(directory.resolve("subs.srt"), """
                1
                00:00:00,000 --> 00:00:00,800
                First

                2
                00:00:01,000 --> 00:00:10,000
                Second
                """, StandardCharsets.UTF_8);
        Path video = fixture.render("""
                {"width": 320, "height": 240, "duration": 2.5, "elements": [
                  {"type": "caption", "source": "subs.srt", "time": 1, "font_size": 28}]}""", "srt.mp4").file();
        assertThat(light(Decoded.frameAt(video, 0.5), 0, 0, 320, 240)).as("before the element starts").isZero();
        assertThat(light(Decoded.frameAt(video, 1.4), 0, 170, 320, 240)).as("first cue at 1 s").isGreaterThan(30);
        assertThat(light(Decoded.frameAt(video, 1.9), 0, 0, 320, 240)).as("gap between cues").isZero();
        assertThat(light(Decoded.frameAt(video, 2.3), 0, 170, 320, 240)).as("second cue").isGreaterThan(30);
        assertThat(fixture.workRootIsEmpty()).isTrue();
    }

    @Test
    void aLongCueIsShownInPagesOfMaxLines() {
        Path video = fixture.render("""
                {"width": 320, "height": 240, "duration": 2, "elements": [
                  {"type": "caption", "font_size": 24, "max_lines": 1, "x": 0, "y": 100, "width": 320,
                   "height": 40, "captions": [{"start": 0, "end": 2,
                   "text": "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda"}]}]}""", "pages.mp4")
                .file();
        BufferedImage early = Decoded.frameAt(video, 0.2);
        BufferedImage late = Decoded.frameAt(video, 1.8);
        // one line at a time inside the 40 px box, and a different line later
        assertThat(light(early, 0, 0, 320, 95)).isZero();
        assertThat(light(early, 0, 145, 320, 240)).isZero();
        int differing = 0;
        for (int y = 100; y < 140; y++) {
            for (int x = 0; x < 320; x++) {
                int a = Decoded.rgb(early, x, y)[0];
                int b = Decoded.rgb(late, x, y)[0];
                if (Math.abs(a - b) > 128) {
                    differing++;
                }
            }
        }
        assertThat(differing).as("the page turned").isGreaterThan(100);
    }

    @Test
    void aSubtitleFileThatDoesNotParseFailsNamingTheSource() throws Exception {
        Files.writeString(directory.resolve("broken.srt"), "this is not\na subtitle file\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> fixture.render("""
                {"width": 64, "height": 64, "duration": 1, "elements": [
                  {"type": "caption", "source": "broken.srt"}]}""", "broken.mp4"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems().get(0).field())
                        .isEqualTo("elements[0].source"))
                .hasMessageContaining("line 2");
    }

    @Test
    void aFontUrlThatIsNotAFontFailsNamingTheField() throws Exception {
        Files.writeString(directory.resolve("not-a-font.ttf"), "<html>hello</html>", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> fixture.render("""
                {"width": 64, "height": 64, "duration": 1, "elements": [
                  {"type": "text", "text": "x", "font_url": "not-a-font.ttf"}]}""", "badfont.mp4"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.problems().get(0).field())
                        .isEqualTo("elements[0].font_url"))
                .hasMessageContaining("not a TrueType or OpenType font");
    }
}
