package dev.videogen.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.chunks.FrameRange;
import dev.videogen.engine.media.ContainerFormat;
import dev.videogen.engine.media.MediaInfo;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.validation.RequestParser;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How many inputs a looped segment costs, and how the graph repeats it, over the space its fields allow. */
class SegmentLoopPlanTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, MediaInfo> SOURCES = Map.of(
            // 4 s, 640x360 at 30 fps with sound
            "clip", new MediaInfo(ContainerFormat.MP4_MOV, OptionalDouble.of(4), 640, 360, true, true, "h264",
                    "yuv420p", false, 30),
            // 4 s, no sound
            "mute", new MediaInfo(ContainerFormat.MP4_MOV, OptionalDouble.of(4), 640, 360, true, false, "h264",
                    "yuv420p", false, 25),
            // 4 s of sound only
            "tone", new MediaInfo(ContainerFormat.MP3, OptionalDouble.of(4), 0, 0, false, true, null, null, false, 0),
            // 4 s of 3840x2160 10-bit 4:2:0 at 60 fps: about 25 MB a frame
            "uhd", new MediaInfo(ContainerFormat.MP4_MOV, OptionalDouble.of(4), 3840, 2160, true, true, "hevc",
                    "yuv420p10le", false, 60));

    private static Timeline timeline(CompositionRequest request, String source) {
        return TimelineResolver.resolve(request, Map.of("el_0", SOURCES.get(source)));
    }

    private static RenderPlanner.Inputs inputs(String element, String source, String output) throws Exception {
        CompositionRequest request = RequestParser.forApi().parse(JSON.readTree(
                "{\"width\": 64, \"height\": 64" + output + ", \"elements\": [" + element + "]}"));
        return new RenderPlanner.Inputs(request, timeline(request, source),
                Map.of("el_0", Path.of("/work/render-1/source-el_0.bin")), Path.of("/opt/fonts"),
                Path.of("/work/render-1"), Path.of("/work/out.mp4"), EncoderSettings.DEFAULT);
    }

    private static int inputCount(RenderPlan plan) {
        return Collections.frequency(plan.arguments(), "-i");
    }

    @ParameterizedTest(name = "{0} {1} over {2} s: {3} input(s), {4}")
    @CsvSource(delimiter = ';', value = {
            // a half-second video segment with sound, 3 to 1,800 passes
            "video; clip; '\"trim_start\": 1, \"trim_end\": 1.5'; 1.5; 1; loop=loop=2:size=23:start=0|aloop=loop=2:size=28800:start=0",
            "video; clip; '\"trim_start\": 1, \"trim_end\": 1.5'; 60; 1; loop=loop=119:size=23:start=0|aloop=loop=119:",
            "video; clip; '\"trim_start\": 1, \"trim_end\": 1.5'; 900; 1; loop=loop=1799:size=23:start=0|aloop=loop=1799:",
            // a segment that is not a whole number of frames (0.37 s at 30 fps), 19 passes
            "video; clip; '\"trim_start\": 0.13, \"trim_end\": 0.5'; 7; 1; loop=loop=18:size=18:start=0|aloop=loop=18:size=22560",
            // one frame's worth and less (2.01 - 2 is a hair under 0.01 in binary: 90,001 passes)
            "video; mute; '\"trim_start\": 2, \"trim_end\": 2.04'; 10; 1; loop=loop=249:size=6:start=0",
            "video; mute; '\"trim_start\": 2, \"trim_end\": 2.01'; 900; 1; loop=loop=90000:size=5:start=0",
            // trimmed at one end only
            "video; clip; '\"trim_start\": 3'; 900; 1; loop=loop=899:size=42:start=0",
            "video; clip; '\"trim_end\": 0.5'; 900; 1; loop=loop=1799:size=23:start=0",
            // sound alone: a quarter second over the longest output
            "audio; tone; '\"trim_start\": 1, \"trim_end\": 1.25'; 900; 1; aloop=loop=3599:size=16800:start=0",
            // untrimmed: the demuxer loops the file
            "video; clip; ''; 900; 1; -stream_loop",
            "audio; tone; ''; 900; 1; -stream_loop",
            // a large frame: a twentieth of a second fits the cap, two seconds do not and open once per pass
            "video; uhd; '\"trim_start\": 1, \"trim_end\": 1.05'; 900; 1; loop=loop=17999:size=8:start=0",
            "video; uhd; '\"trim_start\": 1, \"trim_end\": 3'; 10; 5; concat=n=5:v=1:a=0",
    })
    void aLoopedSegmentCostsOneInputWhateverItsPassCount(String type, String source, String trim, double duration,
                                                         int expectedInputs, String expectedFilters) throws Exception {
        String element = "{\"type\": \"" + type + "\", \"source\": \"https://a.example/s\", \"loop\": true, "
                + "\"duration\": " + duration + (trim.isEmpty() ? "" : ", " + trim) + "}";
        RenderPlan plan = RenderPlanner.plan(inputs(element, source, ""));
        assertThat(inputCount(plan)).as(plan.arguments().toString()).isEqualTo(expectedInputs);
        String planned = String.join(" ", plan.arguments()) + " " + plan.filterGraph();
        for (String filter : expectedFilters.split("\\|")) {
            assertThat(planned).contains(filter);
        }
        if (expectedInputs == 1) {
            assertThat(plan.filterGraph()).doesNotContain("concat=");
        }
    }

    @Test
    void theLoopHoldsOnePassAndStaysUnderTheCap() throws Exception {
        TimedElement small = timeline(inputs("{\"type\": \"video\", \"source\": \"https://a.example/s\", \"loop\": true,"
                + " \"duration\": 60, \"trim_start\": 1, \"trim_end\": 1.5}", "clip", "").request(), "clip")
                .elements().get(0);
        assertThat(SegmentLoop.heldFrames(small) * SegmentLoop.frameBytes(small.media()))
                .isLessThanOrEqualTo(SegmentLoop.MAX_HELD_BYTES);
        assertThat(SegmentLoop.frameBytes(SOURCES.get("clip"))).isEqualTo(640 * 360 * 3 / 2);
        assertThat(SegmentLoop.frameBytes(SOURCES.get("uhd"))).isEqualTo(3840L * 2160 * 3);
    }

    @Test
    void aChunkInsideALoopOpensTheSegmentOnceAndKeepsItsFramesInElementTime() throws Exception {
        RenderPlanner.Inputs in = inputs("{\"type\": \"video\", \"source\": \"https://a.example/s\", \"loop\": true,"
                + " \"duration\": 900, \"trim_start\": 1, \"trim_end\": 1.5}", "clip", "");
        // output seconds [600, 602) at 30 fps
        RenderPlan chunk = RenderPlanner.planSegment(in, new FrameRange(10, 18000, 18060));
        assertThat(inputCount(chunk)).isEqualTo(1);
        assertThat(chunk.arguments()).containsSubsequence("-ss", "1", "-t", "0.5", "-i");
        assertThat(chunk.filterGraph()).contains("setpts=PTS-STARTPTS,loop=loop=1203:size=23:start=0,trim=start=599,")
                .contains("trim=start=600:end=602");
    }

    @Test
    void aStillInsideALoopOpensTheSegmentOnce() throws Exception {
        RenderPlan still = RenderPlanner.plan(inputs("{\"type\": \"video\", \"source\": \"https://a.example/s\","
                + " \"loop\": true, \"duration\": 900, \"trim_start\": 1, \"trim_end\": 1.5}", "clip",
                ", \"output_format\": \"png\", \"snapshot_time\": 450.2"));
        assertThat(inputCount(still)).isEqualTo(1);
        assertThat(still.filterGraph()).contains("loop=loop=900:size=23:start=0");
    }
}
