package dev.videogen.engine.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises a file's container from its first bytes, before FFmpeg sees it. Anything unrecognised — including HLS
 * playlists, concat scripts and other text that FFmpeg would follow to other files or URLs — is refused.
 */
public final class MediaSniffer {

    private static final int HEAD_BYTES = 64;

    private MediaSniffer() {
    }

    /** The container of {@code file}, or empty when it is not one the service reads. */
    public static Optional<ContainerFormat> sniff(Path file) throws IOException {
        byte[] head = new byte[HEAD_BYTES];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, HEAD_BYTES);
        }
        return sniff(head, read);
    }

    /** The container of a file starting with {@code head[0..length)}. */
    public static Optional<ContainerFormat> sniff(byte[] head, int length) {
        if (length < 4) {
            return Optional.empty();
        }
        if (looksLikePlaylist(head, length)) {
            return Optional.empty();
        }
        if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(ContainerFormat.PNG);
        }
        if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(ContainerFormat.JPEG);
        }
        if (startsWith(head, length, 'G', 'I', 'F', '8')) {
            return Optional.of(ContainerFormat.GIF);
        }
        if (length >= 12 && startsWith(head, length, 'R', 'I', 'F', 'F')) {
            String kind = ascii(head, 8, 4);
            if ("WEBP".equals(kind)) {
                return Optional.of(ContainerFormat.WEBP);
            }
            if ("WAVE".equals(kind)) {
                return Optional.of(ContainerFormat.WAV);
            }
            return Optional.empty();
        }
        if (startsWith(head, length, 0x1A, 0x45, 0xDF, 0xA3)) {
            return Optional.of(ContainerFormat.MATROSKA_WEBM);
        }
        if (length >= 8) {
            String atom = ascii(head, 4, 4);
            if (atom.equals("ftyp") || atom.equals("moov") || atom.equals("mdat") || atom.equals("wide")
                    || atom.equals("free") || atom.equals("skip") || atom.equals("pnot")) {
                return Optional.of(ContainerFormat.MP4_MOV);
            }
        }
        if (startsWith(head, length, 'O', 'g', 'g', 'S')) {
            return Optional.of(ContainerFormat.OGG);
        }
        if (startsWith(head, length, 'f', 'L', 'a', 'C')) {
            return Optional.of(ContainerFormat.FLAC);
        }
        if (startsWith(head, length, 'I', 'D', '3')) {
            return Optional.of(ContainerFormat.MP3);
        }
        int b0 = head[0] & 0xFF;
        int b1 = head[1] & 0xFF;
        if (b0 == 0xFF && (b1 & 0xF6) == 0xF0) {
            // 12-bit sync word with layer bits 00: an ADTS AAC frame
            return Optional.of(ContainerFormat.AAC_ADTS);
        }
        if (b0 == 0xFF && (b1 & 0xE0) == 0xE0 && (b1 & 0x06) != 0) {
            // 11-bit sync word with a non-zero layer: an MPEG audio frame
            return Optional.of(ContainerFormat.MP3);
        }
        return Optional.empty();
    }

    private static boolean looksLikePlaylist(byte[] head, int length) {
        String text = ascii(head, 0, length).stripLeading().toLowerCase(Locale.ROOT);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return text.startsWith("#extm3u") || text.startsWith("ffconcat") || text.startsWith("file ")
                || text.startsWith("file'") || text.startsWith("<?xml") || text.startsWith("[playlist]");
    }

    private static boolean startsWith(byte[] head, int length, int... expected) {
        if (length < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((head[i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] head, int offset, int count) {
        return new String(head, offset, Math.max(0, Math.min(count, head.length - offset)), StandardCharsets.ISO_8859_1);
    }
}
