package dev.videogen.engine.plan;

import static dev.videogen.engine.plan.FilterSyntax.number;

import dev.videogen.engine.media.ContainerFormat;
import dev.videogen.engine.media.MediaInfo;
import dev.videogen.engine.media.MediaProbe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** FFmpeg's {@code -i} arguments: each element's local file opened with its demuxer pinned. */
final class SourceInputs {

    private final List<String> arguments = new ArrayList<>();
    private int count;

    /**
     * Opens the element's source once (a looped segment too, repeated by the graph), or once per pass for a looped
     * segment too long to hold; returns input indexes.
     */
    List<Integer> open(TimedElement timed, Path file, boolean decodeVideo) {
        return open(timed, file, decodeVideo, LayerWindow.whole(timed));
    }

    /**
     * Opens what {@code window} needs of the element's source: from the start for the whole element, or seeking to
     * {@code window.decodeFrom()} (and only the passes of a loop it reaches) for a chunk; returns input indexes.
     */
    List<Integer> open(TimedElement timed, Path file, boolean decodeVideo, LayerWindow window) {
        return open(timed, file, decodeVideo, window, false);
    }

    /**
     * As {@link #open(TimedElement, Path, boolean, LayerWindow)}; with {@code once}, a still is decoded once (the
     * graph repeats it).
     */
    List<Integer> open(TimedElement timed, Path file, boolean decodeVideo, LayerWindow window, boolean once) {
        MediaInfo media = timed.media();
        List<Integer> indexes = new ArrayList<>();
        double duration = timed.duration();
        if (media.container().still() && once) {
            indexes.add(add(media, file, List.of(), decodeVideo));
            return indexes;
        }
        if (media.container().still()) {
            // one decoded frame a second, repeated up to the output rate by the fps filter: a still costs one
            // decode a second, and at most a second of frames waits in the overlay's queue (a single frame for
            // the whole duration would make fps emit every frame at once, all of them queued in memory)
            // in whole seconds: FFmpeg rounds a still's -t to a count of frames, and a count rounded down would end
            // the picture before the element does (the layer's trim cuts it to the exact length)
            indexes.add(add(media, file, List.of("-loop", "1", "-framerate", "1", "-t",
                    number(Math.ceil(window.to() - window.decodeFrom() - 1e-9))), decodeVideo));
            return indexes;
        }
        double sourceLength = media.duration().orElse(timed.segmentLength());
        boolean untrimmed = timed.trimStart() == 0 && Math.abs(timed.segmentLength() - sourceLength) < 1e-6;
        if (timed.passes() > 1 && untrimmed && window.decodeFrom() == 0) {
            indexes.add(add(media, file, List.of("-stream_loop", "-1", "-t", number(window.to())), decodeVideo));
            return indexes;
        }
        if (SegmentLoop.inGraph(timed, window)) {
            // the segment once: the graph repeats it (SegmentLoop)
            List<String> options = new ArrayList<>();
            if (timed.trimStart() > 0) {
                options.addAll(List.of("-ss", number(timed.trimStart())));
            }
            options.addAll(List.of("-t", number(timed.segmentLength())));
            indexes.add(add(media, file, options, decodeVideo));
            return indexes;
        }
        double perPass = timed.passes() > 1 ? timed.segmentLength() : Math.min(timed.segmentLength(), duration);
        for (int pass = window.firstPass(); pass <= window.lastPass(); pass++) {
            double into = pass == window.firstPass() ? window.seekIntoFirstPass(timed) : 0;
            List<String> options = new ArrayList<>();
            if (timed.trimStart() + into > 0) {
                options.addAll(List.of("-ss", number(timed.trimStart() + into)));
            }
            if (timed.timedSource()) {
                options.addAll(List.of("-t", number(perPass - into)));
            }
            indexes.add(add(media, file, options, decodeVideo));
        }
        return indexes;
    }

    /**
     * Opens an {@code ffconcat} list of pictures drawn for this render (captions). The concat demuxer's safe mode
     * stays on: the list names plain files beside it.
     */
    int openList(Path list) {
        arguments.addAll(List.of("-protocol_whitelist", "file,pipe", "-max_pixels", MediaProbe.DECODER_MAX_PIXELS,
                "-f", "concat", "-safe", "1", "-i", list.toString()));
        return count++;
    }

    private int add(MediaInfo media, Path file, List<String> options, boolean decodeVideo) {
        arguments.addAll(List.of("-protocol_whitelist", "file,pipe", "-max_pixels", MediaProbe.DECODER_MAX_PIXELS));
        arguments.addAll(options);
        if (decodeVideo && media.alpha() && media.container() == ContainerFormat.MATROSKA_WEBM) {
            // FFmpeg's native VP8/VP9 decoders drop the alpha plane; libvpx keeps it
            String codec = media.videoCodec();
            if ("vp9".equals(codec)) {
                arguments.addAll(List.of("-c:v", "libvpx-vp9"));
            } else if ("vp8".equals(codec)) {
                arguments.addAll(List.of("-c:v", "libvpx"));
            }
        }
        arguments.addAll(List.of("-f", media.container().demuxer()));
        if (media.container().still()) {
            arguments.addAll(List.of("-pattern_type", "none"));
        }
        arguments.addAll(List.of("-i", file.toString()));
        return count++;
    }

    List<String> arguments() {
        return arguments;
    }
}
