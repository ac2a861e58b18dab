package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.RenderResult;
import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.testing.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each output format decodes with the requested size and duration (±1 frame) and the right codecs. */
class OutputFormatRenderTest {

    @TempDir
    static Path directory;
    static RenderFixture fixture;

    @BeforeAll
    static void media() {
        fixture = new RenderFixture(directory);
        TestMedia.clip(fixture.file("clip.mp4"), 96, 64, 2, "orange", 440);
    }

    @ParameterizedTest
    @CsvSource({"mp4, h264, aac", "mov, h264, aac", "webm, vp9, opus", "gif, gif, "})
    void eachFormatDecodesWithTheRequestedSizeAndDuration(String format, String videoCodec, String audioCodec) {
        RenderResult result = fixture.render("""
                {"output_format": "%s", "width": 120, "height": 80, "fps": 10, "duration": 1.5, "elements": [
                  {"type": "video", "source": "clip.mp4"}]}""".formatted(format), "out." + format);
        Decoded.Streams streams = Decoded.streams(result.file());
        assertThat(streams.videoCodec()).isEqualTo(videoCodec);
        assertThat(streams.audioCodec()).isEqualTo(audioCodec);
        assertThat(streams.width()).isEqualTo(120);
        assertThat(streams.height()).isEqualTo(80);
        assertThat(Decoded.videoFrames(result.file())).isBetween(14, 16);
        assertThat(result.sizeBytes()).isEqualTo(size(result.file()));
    }

    @Test
    void mp4HasItsIndexBeforeItsMediaForStreaming() throws IOException {
        RenderResult result = fixture.render("""
                {"width": 64, "height": 64, "duration": 1, "elements": [{"type": "video", "source": "clip.mp4"}]}""",
                "faststart.mp4");
        byte[] bytes = Files.readAllBytes(result.file());
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text.indexOf("moov")).isPositive().isLessThan(text.indexOf("mdat"));
    }

    @Test
    void gifAcceptsOddSizes() {
        RenderResult result = fixture.render("""
                {"output_format": "gif", "width": 33, "height": 17, "duration": 0.5, "elements": [
                  {"type": "video", "source": "clip.mp4"}]}""", "odd.gif");
        assertThat(Decoded.streams(result.file()).width()).isEqualTo(33);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
