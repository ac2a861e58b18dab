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
        Timeline timeline = TimelineResolver.resolve(request, media);
        Map<String, Path> files = new java.util.HashMap<>();
        media.keySet().forEach(id -> files.put(id, Path.of("/work/render-1/source-" + id + ".bin")));
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
        assertThat(Collections.frequency(plan.arguments(), "-filter_complex")).isEqualTo(1);
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
        assertThat(String.join(" ", plan.arguments())).doesNotContain("movie=").doesNotContain("%{pts}");
        assertThat(String.join("", plan.textFiles().values())).isEqualTo(hostile);
        assertThat(plan.filterGraph()).contains("expansion=none").contains("textfile=/work/render-1/text-0-0.txt");
    }

    @Test
    void aLoopedTrimmedSegmentOpensItsFileOncePerPass() throws Exception {
        RenderPlan plan = plan("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "video", "source": "https://a.example/bg.mp4", "trim_start": 1, "trim_end": 2,
                   "duration": 3, "loop": true}]}""", Map.of("el_0", CLIP));
        assertThat(Collections.frequency(plan.arguments(), "-i")).isEqualTo(3);
        assertThat(plan.filterGraph()).contains("concat=n=3:v=1:a=0").contains("concat=n=3:v=0:a=1");
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
