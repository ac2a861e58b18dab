package dev.videogen.engine.chunks;

import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.OutputFormat;

/**
 * Which outputs are rendered in chunks, and the containers their pieces are written in. MP4, MOV and WebM are: each
 * segment starts on a keyframe that refers to nothing before it, so segments join by copying packets. A GIF is
 * rendered whole: its palette is computed from every frame of the output, and a palette per chunk would show at the
 * seams (a GIF lasts at most a minute, so a single pass stays short). A still (PNG, JPEG) is one frame.
 */
public final class ChunkedFormats {

    private ChunkedFormats() {
    }

    public static boolean chunkable(OutputFormat format) {
        return format != OutputFormat.GIF && !format.still();
    }

    /**
     * Whether {@code request} is rendered in chunks: its format allows it. Motion does not matter: keyframes, presets,
     * Ken Burns and transitions are evaluated at absolute output time in every chunk, each chunk's sources are opened
     * where its frames need them, and a transition a seam cuts is blended on both sides of it as in the single pass.
     */
    public static boolean chunkable(CompositionRequest request) {
        return chunkable(request.outputFormat());
    }

    /** The FFmpeg muxer of the output, of its segments and of its sound. */
    public static String muxer(OutputFormat format) {
        return switch (format) {
            case MP4 -> "mp4";
            case MOV -> "mov";
            case WEBM -> "webm";
            case GIF -> "gif";
            case PNG, JPG -> "image2";
        };
    }

    /** The file extension of a segment or of the sound of an output of {@code format}. */
    public static String pieceExtension(OutputFormat format) {
        return switch (format) {
            case MP4, MOV -> "mp4";
            case WEBM -> "webm";
            case GIF -> throw new IllegalArgumentException("a GIF is rendered whole");
            case PNG, JPG -> throw new IllegalArgumentException("a still is one frame");
        };
    }
}
