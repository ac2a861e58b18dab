package dev.videogen.engine.media;

import dev.videogen.engine.model.ElementType;
import java.util.EnumSet;
import java.util.Set;

/**
 * The media containers the service reads, recognised from their first bytes. Each maps to the one FFmpeg demuxer that
 * is pinned for it, so FFmpeg never guesses a format (and never opens a playlist that points elsewhere).
 */
public enum ContainerFormat {
    MP4_MOV("mov", "mp4", true, false),
    MATROSKA_WEBM("matroska", "mkv", true, false),
    PNG("image2", "png", false, true),
    JPEG("image2", "jpg", false, true),
    WEBP("image2", "webp", false, true),
    GIF("image2", "gif", false, true),
    MP3("mp3", "mp3", false, false),
    AAC_ADTS("aac", "aac", false, false),
    WAV("wav", "wav", false, false),
    OGG("ogg", "ogg", false, false),
    FLAC("flac", "flac", false, false);

    private static final Set<ContainerFormat> STILLS = EnumSet.of(PNG, JPEG, WEBP, GIF);
    private static final Set<ContainerFormat> MOVIES = EnumSet.of(MP4_MOV, MATROSKA_WEBM);
    private static final Set<ContainerFormat> SOUNDS = EnumSet.of(MP3, AAC_ADTS, WAV, OGG, FLAC, MP4_MOV,
            MATROSKA_WEBM);

    private final String demuxer;
    private final String extension;
    private final boolean movie;
    private final boolean still;

    ContainerFormat(String demuxer, String extension, boolean movie, boolean still) {
        this.demuxer = demuxer;
        this.extension = extension;
        this.movie = movie;
        this.still = still;
    }

    /** The FFmpeg demuxer given with {@code -f} before this input. */
    public String demuxer() {
        return demuxer;
    }

    /** The extension the downloaded file is given (the image2 demuxer picks its decoder from it). */
    public String extension() {
        return extension;
    }

    public boolean still() {
        return still;
    }

    public boolean movie() {
        return movie;
    }

    /** Whether an element of {@code type} may read this container. */
    public boolean acceptedFor(ElementType type) {
        return switch (type) {
            case VIDEO -> MOVIES.contains(this);
            case IMAGE -> STILLS.contains(this);
            case OVERLAY -> STILLS.contains(this) || MOVIES.contains(this);
            case AUDIO -> SOUNDS.contains(this);
            case TEXT, CAPTION -> false;
        };
    }

    /** What an element of {@code type} accepts, for error messages. */
    public static String acceptedDescription(ElementType type) {
        return switch (type) {
            case VIDEO -> "mp4, mov, webm or mkv";
            case IMAGE -> "PNG, JPEG, WebP or GIF";
            case OVERLAY -> "PNG, JPEG, WebP, GIF, or a mp4/mov/webm/mkv video";
            case AUDIO -> "mp3, aac/m4a, wav, ogg/opus or flac";
            case TEXT -> "nothing";
            case CAPTION -> "an SRT or WebVTT subtitle file";
        };
    }
}
