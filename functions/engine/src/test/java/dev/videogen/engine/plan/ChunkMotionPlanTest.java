package dev.videogen.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.chunks.FrameRange;
import dev.videogen.engine.media.ContainerFormat;
import dev.videogen.engine.media.MediaInfo;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.validation.RequestParser;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a chunk's plan evaluates motion at absolute output time: Ken Burns counts frames on from the chunk's first one,
 * masks start there, each transition blends from the frame the single pass starts it (offset counted from the chunk's
 * first frame, negative once under way), and a chunk that cuts a transition renders on past it.
 */
class ChunkMotionPlanTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaInfo PHOTO = new MediaInfo(ContainerFormat.JPEG, OptionalDouble.empty(), 1600, 900, true,
            false, "mjpeg", "yuvj420p", false, 25);

    /** Two photos with Ken Burns on one track, the second fading in over 1.6-2.4 s, and a photo moved by keyframes. */
    private static final String SLIDES = """
            {"width": 320, "height": 180, "fps": 25, "duration": 4, "elements": [
              {"type": "image", "source": "https://a.example/1.jpg", "track": 1, "duration": 2.4,
               "ken_burns": {"zoom_end": 1.2}},
              {"type": "image", "source": "https://a.example/2.jpg", "track": 1, "time": 1.6, "duration": 2.4,
               "ken_burns": {"zoom_end": 1.2}, "transition": {"type": "fade", "duration": 0.8}},
              {"type": "image", "source": "https://a.example/3.jpg", "track": 2, "time": 1, "duration": 2,
               "width": "30%", "height": "30%", "animations": [{"type": "fade", "duration": 1}],
               "keyframes": {"x": [{"time": 0, "value": 0}, {"time": 2, "value": 200}]}}]}""";

    private static RenderPlan segment(long start, long end) throws Exception {
        CompositionRequest request = RequestParser.forApi().parse(JSON.readTree(SLIDES));
        Map<String, MediaInfo> media = new HashMap<>();
        Map<String, Path> files = new HashMap<>();
        for (var element : request.elements()) {
            media.put(element.id(), PHOTO);
            files.put(element.id(), Path.of("/work/render-1/source-" + element.id() + ".jpg"));
        }
        Timeline timeline = TimelineResolver.resolve(request, media);
        return RenderPlanner.planSegment(new RenderPlanner.Inputs(request, timeline, files, Path.of("/opt/fonts"),
                Path.of("/work/render-1"), Path.of("/work/segment.mp4"), EncoderSettings.DEFAULT),
                new FrameRange(0, start, end));
    }

    /**
     * chunk's frames; then the xfade's offset (or "none" when the chunk shows no transition), the Ken Burns frame
     * counter of the second photo, the shift of the keyframed photo's fade mask, and how many frames the plan writes.
     */
    @ParameterizedTest(name = "frames [{0}, {1}) -> xfade {2}, {3}, {4}, {5} frames")
    @CsvSource(delimiter = ';', value = {
            // the transition starts inside the chunk: the offset counts from the chunk's first frame (a chunk
            // ending inside it renders on to two frames past its end, 2.48 s, but writes only its own frames)
            "0; 50; 1.6; (in-1)/25; +1/TB; 50",
            "30; 70; 0.4; (in-1)/25; +5+1/TB; 40",
            // the chunk starts inside the transition (at 2.0 s, 0.4 s into it): already under way
            "50; 100; -0.4; (in-1+10)/25; +25+1/TB; 50",
            // the chunk ends inside it: rendered on to 2.48 s, written up to 2.2 s
            "25; 55; 0.6; (in-1)/25; +1/TB; 30",
            // past the transition: the second photo alone, its Ken Burns 35 frames in
            "75; 100; none; (in-1+35)/25; none; 25",
    })
    void aChunkEvaluatesMotionAtAbsoluteTime(long start, long end, String offset, String kenBurns, String maskShift,
                                              long frames) throws Exception {
        RenderPlan plan = segment(start, end);
        String graph = plan.filterGraph();
        if (offset.equals("none")) {
            assertThat(graph).doesNotContain("xfade=");
            // the chain showed a transition in the single pass: its pixels are converted as xfade converts them
            assertThat(graph).contains("format=yuv444p");
        } else {
            assertThat(graph).contains("xfade=transition=fade:duration=0.8:offset=" + offset + "[");
        }
        assertThat(graph).contains("perspective=x0='(0+320*(50)/100)+(if(lte(((" + kenBurns + ")),0)");
        if (maskShift.equals("none")) {
            assertThat(graph).doesNotContain("fademask");
        } else {
            assertThat(graph).contains("setpts=PTS-STARTPTS" + maskShift + ",geq=");
        }
        assertThat(Math.round(plan.duration() * 25)).isEqualTo(frames);
        assertThat(plan.arguments()).containsSequence("-frames:v", Long.toString(end - start));
    }

    /** chunk end, then where the plan stops rendering (a transition blends over 1.6-2.4 s at 25 fps). */
    @ParameterizedTest(name = "a chunk ending at {0} s renders to {1} s")
    @CsvSource({"1.6, 1.6", "1.64, 2.48", "2.0, 2.48", "2.4, 2.48", "2.44, 2.48", "2.48, 2.48", "3.0, 3.0",
            "3.96, 3.96"})
    void aChunkCuttingATransitionRendersPastItsEnd(double chunkEnd, double rendered) throws Exception {
        CompositionRequest request = RequestParser.forApi().parse(JSON.readTree(SLIDES));
        Map<String, MediaInfo> media = new HashMap<>();
        request.elements().forEach(element -> media.put(element.id(), PHOTO));
        Timeline timeline = TimelineResolver.resolve(request, media);
        assertThat(RenderPlanner.renderedEnd(timeline.elements(), chunkEnd, 4, 25))
                .isCloseTo(rendered, org.assertj.core.data.Offset.offset(1e-9));
    }
}
