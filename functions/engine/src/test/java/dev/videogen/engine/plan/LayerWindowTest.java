package dev.videogen.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.chunks.FrameRange;
import dev.videogen.engine.media.ContainerFormat;
import dev.videogen.engine.media.MediaInfo;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.validation.RequestParser;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LayerWindowTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaInfo CLIP = new MediaInfo(ContainerFormat.MP4_MOV, OptionalDouble.of(4), 640, 360, true,
            true, "h264", "yuv420p", false, 30);
    private static final MediaInfo STILL = new MediaInfo(ContainerFormat.PNG, OptionalDouble.empty(), 100, 100, true,
            false, "png", "rgba", true, 25);

    private static Timeline timeline(String element, MediaInfo media) throws Exception {
        CompositionRequest request = RequestParser.forApi().parse(JSON.readTree(
                "{\"width\":64,\"height\":64,\"duration\":20,\"elements\":[" + element + "]}"));
        return TimelineResolver.resolve(request, Map.of("el_0", media));
    }

    /** element, chunk start and end in output seconds, then from, to, decodeFrom, firstPass, lastPass or "off". */
    @ParameterizedTest(name = "{0} in [{1}, {2}) -> {3}")
    @CsvSource(delimiter = ';', value = {
            // a clip from 2 s to 6 s (4 s of source)
            "{\"type\":\"video\",\"source\":\"https://a.example/c.mp4\",\"time\":2}; 0; 2; off",
            "{\"type\":\"video\",\"source\":\"https://a.example/c.mp4\",\"time\":2}; 6; 8; off",
            "{\"type\":\"video\",\"source\":\"https://a.example/c.mp4\",\"time\":2}; 0; 3; 0 1 0 0 0",
            "{\"type\":\"video\",\"source\":\"https://a.example/c.mp4\",\"time\":2}; 3; 5; 1 3 0 0 0",
            "{\"type\":\"video\",\"source\":\"https://a.example/c.mp4\",\"time\":2}; 2.2; 8; 0.2 4 0 0 0",
            // held past its end: decoding starts at the whole second before the source's last frame
            "{\"type\":\"video\",\"source\":\"https://a.example/c.mp4\",\"duration\":10}; 7; 9; 7 9 3 0 0",
            // looped 4 s clip over 10 s: passes 0, 1, 2
            "{\"type\":\"video\",\"source\":\"https://a.example/c.mp4\",\"loop\":true,\"duration\":10}; 5; 9; 5 9 4 1 2",
            "{\"type\":\"video\",\"source\":\"https://a.example/c.mp4\",\"loop\":true,\"duration\":10}; 8.2; 10; 8.2 10 8 2 2",
            "{\"type\":\"video\",\"source\":\"https://a.example/c.mp4\",\"loop\":true,\"duration\":10}; 0; 4; 0 4 0 0 0",
            "{\"type\":\"video\",\"source\":\"https://a.example/c.mp4\",\"loop\":true,\"duration\":10}; 0; 4.1; 0 4.1 0 0 1",
    })
    void aChunkDecodesEachSourceFromJustBeforeItsFirstInstant(String element, double start, double end,
                                                             String expected) throws Exception {
        TimedElement timed = timeline(element, CLIP).elements().get(0);
        LayerWindow window = LayerWindow.within(timed, start, end);
        assertThat(window == null ? "off" : describe(window)).isEqualTo(expected);
    }

    @Test
    void aStillIsDecodedFromTheWholeSecondBeforeTheChunk() throws Exception {
        TimedElement still = timeline("{\"type\":\"image\",\"source\":\"https://a.example/i.png\",\"time\":1,\"duration\":5}",
                STILL).elements().get(0);
        assertThat(describe(LayerWindow.within(still, 3.7, 5))).isEqualTo("2.7 4 2 0 0");
        assertThat(describe(LayerWindow.within(still, 0, 5))).isEqualTo("0 4 0 0 0");
    }

    @Test
    void theWholeElementIsTheSinglePass() throws Exception {
        TimedElement timed = timeline("{\"type\":\"video\",\"source\":\"https://a.example/c.mp4\",\"loop\":true,\"duration\":10}",
                CLIP).elements().get(0);
        LayerWindow whole = LayerWindow.whole(timed);
        assertThat(whole.whole()).isTrue();
        assertThat(describe(whole)).isEqualTo("0 10 0 0 2");
    }

    @Test
    void aSegmentPlanRendersOnlyItsFramesWithoutSoundAndTheSoundPlanOnlyTheSound() throws Exception {
        CompositionRequest request = RequestParser.forApi().parse(JSON.readTree("""
                {"width": 64, "height": 64, "duration": 20, "elements": [
                  {"type": "video", "source": "https://a.example/c.mp4", "time": 12},
                  {"type": "image", "source": "https://a.example/i.png", "time": 1, "duration": 3}]}"""));
        Timeline timeline = TimelineResolver.resolve(request, Map.of("el_0", CLIP, "el_1", STILL));
        RenderPlanner.Inputs inputs = new RenderPlanner.Inputs(request, timeline,
                Map.of("el_0", Path.of("/w/c.mp4"), "el_1", Path.of("/w/i.png")), Path.of("/opt/fonts"),
                Path.of("/w"), Path.of("/w/segment.mp4"), EncoderSettings.DEFAULT);

        RenderPlan segment = RenderPlanner.planSegment(inputs, new FrameRange(1, 300, 420));
        assertThat(segment.arguments()).containsSubsequence("-an", "-frames:v", "120", "-f", "mp4")
                .doesNotContain("-c:a", "+faststart", "/w/i.png");
        // the clip appears inside the chunk, so it is read from its start; the image ended before the chunk
        assertThat(segment.arguments()).containsSubsequence("-t", "4", "-f", "mov", "-i", "/w/c.mp4")
                .doesNotContain("-ss", "/w/i.png");
        assertThat(segment.filterGraph()).contains("color=c=0x000000ff:s=64x64:r=30:d=4,setpts=floor(PTS+10/TB+0.5)")
                .contains("trim=duration=2,").contains("setpts=PTS-STARTPTS+12/TB")
                .contains("enable='gte(t,12)*lt(t,16)'");
        RenderPlan later = RenderPlanner.planSegment(inputs, new FrameRange(2, 420, 600));
        assertThat(later.arguments()).containsSubsequence("-ss", "1", "-t", "3", "-f", "mov", "-i", "/w/c.mp4");
        assertThat(later.filterGraph()).contains("setpts=PTS+1/TB").contains("trim=start=2:end=4")
                .contains("setpts=PTS+12/TB");
        assertThat(segment.duration()).isEqualTo(4);

        RenderPlan sound = RenderPlanner.planSound(inputs);
        assertThat(sound.arguments()).containsSubsequence("-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-vn", "-t", "20")
                .doesNotContain("-c:v", "/w/i.png");
        assertThat(sound.filterGraph()).doesNotContain("overlay", "color=");
    }

    private static String describe(LayerWindow window) {
        return FilterSyntax.number(window.from()) + " " + FilterSyntax.number(window.to()) + " "
                + FilterSyntax.number(window.decodeFrom()) + " " + window.firstPass() + " " + window.lastPass();
    }
}
