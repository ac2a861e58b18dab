package dev.videogen.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

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
                Arguments.of(FitMode.CONTAIN, square, 200, 100, new Placement(100, 50, 0, 0, 100, 50, 50, 75)),
                Arguments.of(FitMode.CONTAIN, square, 100, 200, new Placement(50, 100, 0, 0, 50, 100, 75, 50)),
                Arguments.of(FitMode.CONTAIN, square, 50, 50, new Placement(100, 100, 0, 0, 100, 100, 50, 50)),
                Arguments.of(FitMode.COVER, square, 200, 100, new Placement(200, 100, 50, 0, 100, 100, 50, 50)),
                Arguments.of(FitMode.COVER, square, 100, 300, new Placement(100, 300, 0, 100, 100, 100, 50, 50)),
                Arguments.of(FitMode.COVER, new PixelBox(0, 0, 720, 1280), 1920, 1080,
                        new Placement(2276, 1280, 778, 0, 720, 1280, 0, 0)),
                Arguments.of(FitMode.FILL, square, 200, 100, new Placement(100, 100, 0, 0, 100, 100, 50, 50)),
                Arguments.of(FitMode.CONTAIN, new PixelBox(-10, 0, 30, 30), 3, 1, new Placement(30, 10, 0, 0, 30, 10, -10, 10)));
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
                assertThat(contain.scaledWidth()).isLessThanOrEqualTo(123);
                assertThat(contain.scaledHeight()).isLessThanOrEqualTo(77);
                assertThat(contain.scaledWidth() == 123 || contain.scaledHeight() == 77).isTrue();
                Placement cover = Layout.place(FitMode.COVER, box, w, h);
                assertThat(cover.cropWidth()).isEqualTo(123);
                assertThat(cover.cropHeight()).isEqualTo(77);
                assertThat(cover.cropX() + cover.cropWidth()).isLessThanOrEqualTo(cover.scaledWidth());
                assertThat(cover.cropY() + cover.cropHeight()).isLessThanOrEqualTo(cover.scaledHeight());
            }
        }
    }
}
