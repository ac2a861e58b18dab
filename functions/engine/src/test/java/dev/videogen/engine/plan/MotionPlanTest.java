package dev.videogen.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.media.ContainerFormat;
import dev.videogen.engine.media.MediaInfo;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.validation.RequestParser;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** How motion enters the one filter graph, and that a request without motion pays nothing for it. */
class MotionPlanTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaInfo PHOTO = new MediaInfo(ContainerFormat.JPEG, OptionalDouble.empty(), 1600, 900, true,
            false, "mjpeg", "yuvj420p", false, 25);
    private static final MediaInfo CLIP = new MediaInfo(ContainerFormat.MP4_MOV, OptionalDouble.of(4), 640, 360, true,
            true, "h264", "yuv420p", false, 30);

    private static RenderPlan plan(String json, Map<String, MediaInfo> media) throws Exception {
        CompositionRequest request = RequestParser.forApi().parse(JSON.readTree(json));
        Map<String, MediaInfo> all = new HashMap<>(media);
        Map<String, Path> files = new HashMap<>();
        media.keySet().forEach(id -> files.put(id, Path.of("/work/render-1/source-" + id + ".bin")));
        for (var element : request.elements()) {
            if (element.drawsText()) {
                // the picture the renderer draws before planning: the box plus a 2 px margin
                PixelBox box = Layout.box(element, request.width(), request.height());
                all.put(element.id(), new MediaInfo(ContainerFormat.PNG, OptionalDouble.empty(), box.width() + 4,
                        box.height() + 4, true, false, "png", "rgba", true, 0));
                files.put(element.id(), Path.of("/work/render-1/text-" + element.index() + ".png"));
            }
        }
        Timeline timeline = TimelineResolver.resolve(request, all);
        return RenderPlanner.plan(new RenderPlanner.Inputs(request, timeline, files, Path.of("/opt/fonts"),
                Path.of("/work/render-1"), Path.of("/work/out.mp4"), EncoderSettings.DEFAULT));
    }

    @Test
    void aRequestWithoutMotionHasNoPerFrameExpressionsAndNoExtraFilters() throws Exception {
        RenderPlan plan = plan("""
                {"width": 640, "height": 360, "elements": [
                  {"type": "video", "source": "https://a.example/a.mp4"},
                  {"type": "image", "source": "https://a.example/p.jpg", "x": "10%", "width": "30%", "height": "30%",
                   "time": 1, "duration": 2, "opacity": 0.5},
                  {"type": "text", "text": "Title", "y": "70%", "height": "20%"}]}""",
                Map.of("el_0", CLIP, "el_1", PHOTO));
        assertThat(plan.filterGraph()).doesNotContain("eval=frame", "(t-", "xfade", "geq", "perspective", "rotate",
                "alphamerge", "afade", "split", "concat", "loop=");
        // a still picture without motion is decoded once a second, as before
        assertThat(plan.arguments()).contains("-loop");
        // the text is a drawn picture: its own chain, then its overlay
        assertThat(plan.filterGraph().split(";")).hasSize(8);
    }

    @Test
    void everyPerFrameExpressionIsWrittenInAbsoluteOutputTime() throws Exception {
        RenderPlan plan = plan("""
                {"width": 640, "height": 360, "elements": [
                  {"type": "video", "source": "https://a.example/a.mp4"},
                  {"type": "image", "source": "https://a.example/p.jpg", "time": 1.5, "duration": 2, "width": "50%",
                   "height": "50%", "keyframes": {"x": [{"time": 0, "value": 0}, {"time": 1, "value": 100}]},
                   "animations": [{"type": "fade"}, {"type": "spin", "at": "end"}]}]}""",
                Map.of("el_0", CLIP, "el_1", PHOTO));
        // local time is t minus the element's start, in every filter that moves it
        assertThat(plan.filterGraph()).contains("(t-1.5)").contains("(T-1.5)").doesNotContain("(t-0)");
    }

    @Test
    void aSlideshowWithCrossfadesIsOneChainOfXfadesThatIsItselfTheBase() throws Exception {
        StringBuilder elements = new StringBuilder();
        Map<String, MediaInfo> media = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            elements.append(i == 0 ? "" : ",").append(String.format("""
                    {"type": "image", "source": "https://a.example/%d.jpg", "track": 1, "time": %d, "duration": %d,
                     "ken_burns": {"zoom_end": 1.2}%s}""", i, i * 4, i == 3 ? 4 : 5,
                    i == 0 ? "" : ", \"transition\": {\"type\": \"fade\", \"duration\": 1}"));
            media.put("el_" + i, PHOTO);
        }
        RenderPlan plan = plan("{\"width\": 1280, \"height\": 720, \"elements\": [" + elements + "]}", media);
        String graph = plan.filterGraph();
        assertThat(graph.split("xfade=", -1)).hasSize(4);
        assertThat(graph.split("perspective=", -1)).hasSize(5);
        // each photo decoded once and repeated one frame at a time, at its output frame's time, before Ken Burns
        assertThat(plan.arguments()).doesNotContain("-loop");
        assertThat(graph.split("loop=loop=-1:size=1,settb=AVTB,setpts=N/\\(30\\*TB\\),fps=30,", -1)).hasSize(5);
        // no background and no full-frame overlay: the chain is the picture
        assertThat(graph).doesNotContain("color=c=0x000000ff").doesNotContain("overlay");
        assertThat(plan.duration()).isEqualTo(16);
    }

    @Test
    void aTransitionCutsTheElementBeforeItAndCrossFadesTheirSounds() throws Exception {
        RenderPlan plan = plan("""
                {"width": 640, "height": 360, "elements": [
                  {"type": "video", "source": "https://a.example/a.mp4", "track": 1},
                  {"type": "video", "source": "https://a.example/b.mp4", "track": 1, "time": 2.5,
                   "transition": {"type": "wipeleft", "duration": 0.5}}]}""", Map.of("el_0", CLIP, "el_1", CLIP));
        assertThat(plan.filterGraph()).contains("xfade=transition=wipeleft:duration=0.5:offset=2.5")
                .contains("afade=t=out:st=2.5:d=0.5").contains("afade=t=in:st=2.5:d=0.5")
                .contains("trim=duration=3,");
        assertThat(plan.duration()).isEqualTo(6.5);
    }
}
