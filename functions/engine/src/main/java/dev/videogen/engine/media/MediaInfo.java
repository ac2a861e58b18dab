package dev.videogen.engine.media;

import java.util.OptionalDouble;

/**
 * What probing a source file found.
 *
 * @param container     the container recognised from the file's first bytes
 * @param duration      length in seconds; empty for stills
 * @param width         display width of the first video stream (after rotation and sample aspect ratio), or 0
 * @param height        display height of the first video stream, or 0
 * @param hasVideo      whether a video stream exists
 * @param hasAudio      whether an audio stream exists
 * @param videoCodec    decoder name of the video stream, or {@code null}
 * @param pixelFormat   pixel format of the video stream, or {@code null}
 * @param alpha         whether the video carries transparency (a pixel format with alpha, or VP8/VP9 alpha_mode)
 * @param frameRate     frames per second of the video stream, or 0 when unknown
 */
public record MediaInfo(
        ContainerFormat container,
        OptionalDouble duration,
        int width,
        int height,
        boolean hasVideo,
        boolean hasAudio,
        String videoCodec,
        String pixelFormat,
        boolean alpha,
        double frameRate) {
}
