package dev.videogen.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.videogen.engine.model.FitMode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LayoutTest {

    static Stream<Arguments> placements() {
        PixelBox square = new PixelBox(50, 50, 100, 100);
        return Stream.of(
                // fit, box, source w×h, expected placement
                Arguments.of(FitMode.CONTAIN, square, 200, 100, new Placement(1, 1, 100, 50, 50, 75)),
                Arguments.of(FitMode.CONTAIN, square, 100, 200, new Placement(1, 1, 50, 100, 75, 50)),
                Arguments.of(FitMode.CONTAIN, square, 50, 50, new Placement(1, 1, 100, 100, 50, 50)),
                Arguments.of(FitMode.COVER, square, 200, 100, new Placement(0.5, 1, 100, 100, 50, 50)),
                Arguments.of(FitMode.COVER, square, 100, 300, new Placement(1, 1.0 / 3, 100, 100, 50, 50)),
                Arguments.of(FitMode.COVER, new PixelBox(0, 0, 720, 1280), 1920, 1080,
                        new Placement(720.0 * 1080 / (1280.0 * 1920), 1, 720, 1280, 0, 0)),
                Arguments.of(FitMode.FILL, square, 200, 100, new Placement(1, 1, 100, 100, 50, 50)),
                Arguments.of(FitMode.CONTAIN, new PixelBox(-10, 0, 30, 30), 3, 1, new Placement(1, 1, 30, 10, -10, 10)));
    }

    @ParameterizedTest
    @MethodSource("placements")
    void placesMediaInItsBox(FitMode fit, PixelBox box, int width, int height, Placement expected) {
        assertThat(Layout.place(fit, box, width, height)).isEqualTo(expected);
    }

    @Test
    void autoIsCoverOnlyForTheWholeFrame() {
        assertThat(Layout.effectiveFit(FitMode.AUTO, new PixelBox(0, 0, 720, 1280), 720, 1280)).isEqualTo(FitMode.COVER);
        assertThat(Layout.effectiveFit(FitMode.AUTO, new PixelBox(0, 0, 720, 640), 720, 1280)).isEqualTo(FitMode.CONTAIN);
        assertThat(Layout.effectiveFit(FitMode.STRETCH, new PixelBox(0, 0, 1, 1), 720, 1280)).isEqualTo(FitMode.FILL);
    }

    @Test
    void containNeverLeavesTheBoxAndCoverAlwaysFillsIt() {
        for (int w = 1; w < 400; w += 37) {
            for (int h = 1; h < 400; h += 41) {
                PixelBox box = new PixelBox(10, 20, 123, 77);
                Placement contain = Layout.place(FitMode.CONTAIN, box, w, h);
                assertThat(contain.width()).isLessThanOrEqualTo(123);
                assertThat(contain.height()).isLessThanOrEqualTo(77);
                assertThat(contain.width() == 123 || contain.height() == 77).isTrue();
                assertThat(contain.cropped()).isFalse();
                Placement cover = Layout.place(FitMode.COVER, box, w, h);
                assertThat(cover.width()).isEqualTo(123);
                assertThat(cover.height()).isEqualTo(77);
                // one side shows whole, the other only as much as keeps the source's aspect ratio in the box
                assertThat(Math.max(cover.visibleWidth(), cover.visibleHeight())).isEqualTo(1);
                assertThat((w * cover.visibleWidth()) / (h * cover.visibleHeight())).isCloseTo(123.0 / 77, within(1e-9));
            }
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            // width, height, frame width, frame height, box width, box height
            "1000%, 1000%, 7680, 4320, 16384, 16384",
            "1000%, 50%, 7680, 4320, 16384, 2160",
            "300%, 300%, 1920, 1080, 5760, 3240",
            "16384, 1, 64, 64, 16384, 1",
            "0.001%, 0.001%, 640, 360, 1, 1"})
    void boxesAreCappedInPixelsOncePercentagesAreResolved(String width, String height, int frameWidth,
                                                          int frameHeight, int boxWidth, int boxHeight)
            throws Exception {
        String json = "{\"width\":64,\"height\":64,\"duration\":1,\"elements\":[{\"type\":\"image\","
                + "\"source\":\"https://a.example/i.png\",\"width\":" + quoted(width) + ",\"height\":"
                + quoted(height) + "}]}";
        var element = dev.videogen.engine.validation.RequestParser.forApi()
                .parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)).elements().get(0);

        PixelBox box = Layout.box(element, frameWidth, frameHeight);

        assertThat(box.width()).isEqualTo(boxWidth);
        assertThat(box.height()).isEqualTo(boxHeight);
    }

    private static String quoted(String length) {
        return length.endsWith("%") ? "\"" + length + "\"" : length;
    }
}
