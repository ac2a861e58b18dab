package dev.videogen.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.media.ContainerFormat;
import dev.videogen.engine.media.MediaInfo;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.validation.RequestParser;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class RenderPlannerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaInfo CLIP = new MediaInfo(ContainerFormat.MP4_MOV, OptionalDouble.of(4), 640, 360, true,
            true, "h264", "yuv420p", false, 30);
    private static final MediaInfo LOGO = new MediaInfo(ContainerFormat.PNG, OptionalDouble.empty(), 100, 100, true,
            false, "png", "rgba", true, 25);

    private static RenderPlan plan(String json, Map<String, MediaInfo> media) throws Exception {
        CompositionRequest request = RequestParser.forApi().parse(JSON.readTree(json));
        Map<String, MediaInfo> all = new java.util.HashMap<>(media);
        Map<String, Path> files = new java.util.HashMap<>();
        media.keySet().forEach(id -> files.put(id, Path.of("/work/render-1/source-" + id + ".bin")));
        for (var element : request.elements()) {
            if (element.drawsText()) {
                // what the renderer draws before planning: a picture the size of the box plus a 4 px margin
                PixelBox box = Layout.box(element, request.width(), request.height());
                all.put(element.id(), new MediaInfo(ContainerFormat.PNG, OptionalDouble.empty(), box.width() + 8,
                        box.height() + 8, true, false, "png", "rgba", true, 0));
                files.put(element.id(), Path.of("/work/render-1/text-" + element.index()
                        + (element.type() == dev.videogen.engine.model.ElementType.CAPTION ? ".ffconcat" : ".png")));
            }
        }
        Timeline timeline = TimelineResolver.resolve(request, all);
        return RenderPlanner.plan(new RenderPlanner.Inputs(request, timeline, files, Path.of("/opt/fonts"),
                Path.of("/work/render-1"), Path.of("/work/out.mp4"), EncoderSettings.DEFAULT));
    }

    @Test
    void oneInvocationWithOneFilterGraphAndOneEncode() throws Exception {
        RenderPlan plan = plan("""
                {"width": 720, "height": 1280, "elements": [
                  {"type": "video", "source": "https://a.example/bg.mp4"},
                  {"type": "image", "source": "https://a.example/logo.png", "x": "5%", "y": "5%", "width": "20%",
                   "height": "10%"}]}""", Map.of("el_0", CLIP, "el_1", LOGO));
        assertThat(Collections.frequency(plan.arguments(), "-filter_complex_script")).isEqualTo(1);
        String script = plan.arguments().get(plan.arguments().indexOf("-filter_complex_script") + 1);
        assertThat(plan.textFiles()).containsEntry(java.nio.file.Path.of(script), plan.filterGraph());
        assertThat(plan.arguments()).doesNotContain("-filter_complex", plan.filterGraph());
        assertThat(Collections.frequency(plan.arguments(), "-c:v")).isEqualTo(1);
        assertThat(Collections.frequency(plan.arguments(), "-i")).isEqualTo(2);
        assertThat(plan.duration()).isEqualTo(4);
        assertThat(plan.arguments()).containsSubsequence("-movflags", "+faststart");
    }

    @Test
    void everyInputIsALocalFileWithItsDemuxerPinned() throws Exception {
        RenderPlan plan = plan("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "video", "source": "https://a.example/bg.mp4"},
                  {"type": "image", "source": "https://a.example/logo.png"}]}""", Map.of("el_0", CLIP, "el_1", LOGO));
        List<String> args = plan.arguments();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("-i")) {
                List<String> before = args.subList(0, i);
                assertThat(before.get(before.lastIndexOf("-f") + 1)).isIn("mov", "image2");
                assertThat(before.lastIndexOf("-protocol_whitelist")).isGreaterThan(before.lastIndexOf("-i"));
                assertThat(args.get(i + 1)).startsWith("/work/render-1/");
            }
        }
    }

    @Test
    void userTextNeverEntersTheArguments() throws Exception {
        String hostile = "x';movie=/etc/passwd[evil];[evil]overlay%{pts}";
        RenderPlan plan = plan("""
                {"width": 64, "height": 64, "duration": 1, "elements": [{"type": "text", "text": %s}]}"""
                .formatted(JSON.writeValueAsString(hostile)), Map.of());
        assertThat(String.join(" ", plan.arguments())).doesNotContain("movie=").doesNotContain("%{pts}")
                .doesNotContain("passwd").doesNotContain("drawtext");
        // the text is drawn into a picture before FFmpeg runs; FFmpeg overlays the file, with its margin taken off
        assertThat(plan.arguments()).containsSubsequence("-f", "image2", "-pattern_type", "none", "-i",
                "/work/render-1/text-0.png");
        assertThat(plan.filterGraph()).contains("overlay=x=-4:y=-4");
    }

    @Test
    void aCaptionIsOneTimedListOfPicturesOverlaidOnce() throws Exception {
        RenderPlan plan = plan("""
                {"width": 64, "height": 64, "duration": 2, "elements": [{"type": "caption",
                  "captions": [{"start": 0, "end": 1, "text": "a"}, {"start": 1, "end": 2, "text": "b"}]}]}""",
                Map.of());
        assertThat(plan.arguments()).containsSubsequence("-f", "concat", "-safe", "1", "-i",
                "/work/render-1/text-0.ffconcat");
        assertThat(Collections.frequency(plan.arguments(), "-i")).isEqualTo(1);
        // default caption box: x 5%, y 75%, width 90%, height 20% of 64x64, less the picture's margin
        assertThat(plan.filterGraph()).containsOnlyOnce("overlay=").contains("overlay=x=-1:y=44");
    }

    @Test
    void anUntrimmedLoopReadsTheFileInALoop() throws Exception {
        RenderPlan plan = plan("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "video", "source": "https://a.example/bg.mp4", "duration": 10, "loop": true}]}""",
                Map.of("el_0", CLIP));
        assertThat(plan.arguments()).containsSubsequence("-stream_loop", "-1", "-t", "10");
    }

    @Test
    void silentCompositionsGetASilentTrackAndGifGetsNone() throws Exception {
        RenderPlan mp4 = plan("{\"width\":64,\"height\":64,\"duration\":1,\"elements\":[{\"type\":\"text\",\"text\":\"a\"}]}",
                Map.of());
        assertThat(mp4.filterGraph()).contains("anullsrc");
        RenderPlan gif = plan("{\"output_format\":\"gif\",\"width\":64,\"height\":64,\"duration\":1,"
                + "\"elements\":[{\"type\":\"text\",\"text\":\"a\"}]}", Map.of());
        assertThat(gif.filterGraph()).doesNotContain("anullsrc").contains("palettegen");
        assertThat(gif.arguments()).contains("-an");
    }

    @Test
    void numbersAreWrittenPlainly() {
        assertThat(FilterSyntax.number(3)).isEqualTo("3");
        assertThat(FilterSyntax.number(2.5)).isEqualTo("2.5");
        assertThat(FilterSyntax.number(1.0 / 3)).isEqualTo("0.333333");
        assertThat(FilterSyntax.number(1e-9)).isEqualTo("0");
    }
}
