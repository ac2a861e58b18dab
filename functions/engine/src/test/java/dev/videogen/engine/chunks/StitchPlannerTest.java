package dev.videogen.engine.chunks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.engine.model.OutputFormat;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StitchPlannerTest {

    private static final Path DIR = Path.of("/tmp/render-1");
    private static final List<Path> SEGMENTS = List.of(DIR.resolve("segment-0000.mp4"), DIR.resolve("segment-0001.mp4"));

    @Test
    void anMp4CopiesTheSegmentsInOrderAndTheSoundBesideThemWithTheIndexFirst() {
        StitchPlan plan = StitchPlanner.plan(new StitchPlanner.Inputs(OutputFormat.MP4, SEGMENTS,
                DIR.resolve("sound.mp4"), Path.of("/tmp/out.mp4"), 1000));
        assertThat(plan.listFile()).isEqualTo(DIR.resolve("segments.ffconcat"));
        assertThat(plan.listContent()).isEqualTo("ffconcat version 1.0\nfile segment-0000.mp4\nfile segment-0001.mp4\n");
        assertThat(String.join(" ", plan.arguments())).endsWith("-f concat -i /tmp/render-1/segments.ffconcat"
                + " -i /tmp/render-1/sound.mp4 -map 0:v:0 -map 1:a:0 -c copy -movflags +faststart -f mp4 -fs 1000"
                + " /tmp/out.mp4");
    }

    @Test
    void aWebmCopiesWithoutMovingAnIndex() {
        List<Path> segments = List.of(DIR.resolve("segment-0000.webm"));
        StitchPlan plan = StitchPlanner.plan(new StitchPlanner.Inputs(OutputFormat.WEBM, segments,
                DIR.resolve("sound.webm"), Path.of("/tmp/out.webm"), 1000));
        assertThat(plan.arguments()).doesNotContain("-movflags").contains("webm").containsSubsequence("-c", "copy");
        assertThat(plan.arguments()).doesNotContain("-c:v", "-crf", "libx264");
    }

    @Test
    void aMovKeepsItsOwnContainer() {
        StitchPlan plan = StitchPlanner.plan(new StitchPlanner.Inputs(OutputFormat.MOV, SEGMENTS,
                DIR.resolve("sound.mp4"), Path.of("/tmp/out.mov"), 1000));
        assertThat(plan.arguments()).containsSubsequence("-movflags", "+faststart", "-f", "mov");
    }

    @Test
    void gifsAreNeverStitchedAndSoundMustMatchTheFormat() {
        assertThatThrownBy(() -> StitchPlanner.plan(new StitchPlanner.Inputs(OutputFormat.GIF, SEGMENTS, null,
                Path.of("/tmp/out.gif"), 1000))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StitchPlanner.plan(new StitchPlanner.Inputs(OutputFormat.MP4, SEGMENTS, null,
                Path.of("/tmp/out.mp4"), 1000))).hasMessageContaining("sound");
        assertThatThrownBy(() -> StitchPlanner.plan(new StitchPlanner.Inputs(OutputFormat.MP4, List.of(), null,
                Path.of("/tmp/out.mp4"), 1000))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void segmentsOutsideOneDirectoryOrWithOddNamesAreRefused() {
        assertThatThrownBy(() -> StitchPlanner.plan(new StitchPlanner.Inputs(OutputFormat.MP4,
                List.of(DIR.resolve("a.mp4"), Path.of("/elsewhere/b.mp4")), DIR.resolve("s.mp4"),
                Path.of("/tmp/out.mp4"), 1000))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StitchPlanner.plan(new StitchPlanner.Inputs(OutputFormat.MP4,
                List.of(DIR.resolve("it's.mp4")), DIR.resolve("s.mp4"), Path.of("/tmp/out.mp4"), 1000)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
