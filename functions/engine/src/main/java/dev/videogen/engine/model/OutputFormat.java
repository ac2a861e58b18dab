package dev.videogen.engine.model;

import java.util.Locale;
import java.util.Optional;

/** The container and codecs of the rendered file. */
public enum OutputFormat {
    /** H.264 yuv420p + AAC in MP4, moov atom first. */
    MP4("mp4", "video/mp4", true, true),
    /** VP9 + Opus in WebM. */
    WEBM("webm", "video/webm", true, true),
    /** H.264 yuv420p + AAC in QuickTime, moov atom first. */
    MOV("mov", "video/quicktime", true, true),
    /** Palette-optimised animated GIF, no audio. */
    GIF("gif", "image/gif", false, false),
    /** One frame of the composition as a lossless PNG (8-bit RGB), no audio. */
    PNG("png", "image/png", false, false),
    /** One frame of the composition as a baseline JPEG (full-range 4:2:0), no audio. */
    JPG("jpg", "image/jpeg", false, false);

    private final String extension;
    private final String contentType;
    private final boolean hasAudio;
    private final boolean requiresEvenDimensions;

    OutputFormat(String extension, String contentType, boolean hasAudio, boolean requiresEvenDimensions) {
        this.extension = extension;
        this.contentType = contentType;
        this.hasAudio = hasAudio;
        this.requiresEvenDimensions = requiresEvenDimensions;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** Whether the format carries an audio track (a silent one when no element makes sound). */
    public boolean hasAudio() {
        return hasAudio;
    }

    /** Whether the output is one picture (a frame at the request's {@code snapshot_time}) rather than a video. */
    public boolean still() {
        return this == PNG || this == JPG;
    }

    /** H.264 yuv420p and VP9 need even widths and heights. */
    public boolean requiresEvenDimensions() {
        return requiresEvenDimensions;
    }

    /** The name used in requests and rows: {@code mp4}, {@code webm}, {@code mov}, {@code gif},
     *  {@code png}, {@code jpg}. */
    public String wireName() {
        return extension;
    }

    public static Optional<OutputFormat> fromWireName(String name) {
        for (OutputFormat format : values()) {
            if (format.extension.equals(name)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
