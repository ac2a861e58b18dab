package dev.videogen.engine.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MediaSnifferTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[16];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] text(String value) {
        byte[] out = new byte[Math.max(16, value.length())];
        byte[] raw = value.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(raw, 0, out, 0, raw.length);
        return out;
    }

    static Stream<Arguments> heads() {
        return Stream.of(
                Arguments.of("png", bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A), Optional.of(ContainerFormat.PNG)),
                Arguments.of("jpeg", bytes(0xFF, 0xD8, 0xFF, 0xE0), Optional.of(ContainerFormat.JPEG)),
                Arguments.of("gif", text("GIF89a"), Optional.of(ContainerFormat.GIF)),
                Arguments.of("webp", text("RIFF\0\0\0\0WEBPVP8 "), Optional.of(ContainerFormat.WEBP)),
                Arguments.of("wav", text("RIFF\0\0\0\0WAVEfmt "), Optional.of(ContainerFormat.WAV)),
                Arguments.of("mp4", text("\0\0\0\u0018ftypisom"), Optional.of(ContainerFormat.MP4_MOV)),
                Arguments.of("mkv", bytes(0x1A, 0x45, 0xDF, 0xA3), Optional.of(ContainerFormat.MATROSKA_WEBM)),
                Arguments.of("ogg", text("OggS"), Optional.of(ContainerFormat.OGG)),
                Arguments.of("flac", text("fLaC"), Optional.of(ContainerFormat.FLAC)),
                Arguments.of("mp3 id3", text("ID3\u0004"), Optional.of(ContainerFormat.MP3)),
                Arguments.of("mp3 frame", bytes(0xFF, 0xFB, 0x90, 0x64), Optional.of(ContainerFormat.MP3)),
                Arguments.of("adts", bytes(0xFF, 0xF1, 0x50, 0x80), Optional.of(ContainerFormat.AAC_ADTS)),
                Arguments.of("hls playlist", text("#EXTM3U\n#EXT-X-VERSION:3\n"), Optional.empty()),
                Arguments.of("hls playlist after spaces", text("  \n#EXTM3U\n"), Optional.empty()),
                Arguments.of("ffconcat", text("ffconcat version 1.0\nfile /etc/passwd"), Optional.empty()),
                Arguments.of("concat list", text("file '/etc/passwd'\n"), Optional.empty()),
                Arguments.of("html", text("<!doctype html><html>"), Optional.empty()),
                Arguments.of("riff avi", text("RIFF\0\0\0\0AVI LIST"), Optional.empty()),
                Arguments.of("too short", bytes(0x89), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("heads")
    void recognisesContainersFromTheirFirstBytes(String name, byte[] head, Optional<ContainerFormat> expected) {
        int length = name.equals("too short") ? 1 : head.length;
        assertThat(MediaSniffer.sniff(head, length)).isEqualTo(expected);
    }
}
