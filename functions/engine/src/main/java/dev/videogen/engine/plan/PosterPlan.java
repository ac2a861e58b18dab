package dev.videogen.engine.plan;

import static dev.videogen.engine.plan.FilterSyntax.number;

import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Thumbnail;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The FFmpeg command that takes a video's poster ({@code thumbnail}) from the finished video itself: it seeks to the
 * frame the video shows at the poster's time (the last frame starting at or before it), decodes from the keyframe
 * before it, scales that one frame and writes it as a JPEG. Nothing is composed or encoded again. Pure.
 */
public final class PosterPlan {

    private PosterPlan() {
    }

    /** The output frame shown at {@code time}: the last one starting at or before it, within {@code frames}. */
    public static long frameAt(double time, double fps, long frames) {
        return Math.max(0, Math.min(frames - 1, (long) Math.floor(time * fps + 1e-6)));
    }

    public static List<String> arguments(Path video, CompositionRequest request, Thumbnail thumbnail,
                                         double videoDuration, Path poster) {
        long frames = dev.videogen.engine.chunks.ChunkPlanner.frameCount(videoDuration, request.fps());
        long frame = frameAt(thumbnail.time(), request.fps(), frames);
        // frames before the seek point are dropped: half a frame early keeps the wanted one whatever the rounding
        double seek = Math.max(0, (frame - 0.5) / request.fps());
        String filter = String.format(Locale.ROOT, "scale=%d:%d:flags=bicubic,setsar=1,format=yuvj420p",
                thumbnail.width(), thumbnail.height(request.width(), request.height()));
        return List.of("-hide_banner", "-nostdin", "-y", "-loglevel", "error",
                "-protocol_whitelist", "file,pipe", "-ss", number(seek), "-i", video.toString(),
                "-map", "0:v:0", "-frames:v", "1", "-vf", filter, "-an", "-c:v", "mjpeg", "-q:v", "2",
                "-f", "image2", "-update", "1", poster.toString());
    }
}
