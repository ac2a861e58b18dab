package dev.videogen.engine;

import dev.videogen.engine.ffmpeg.FfmpegCancelledException;
import dev.videogen.engine.ffmpeg.FfmpegProcess;
import dev.videogen.engine.ffmpeg.FfmpegResult;
import dev.videogen.engine.ffmpeg.FfmpegTimeoutException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * Runs one FFmpeg pass that writes one file, and turns its ways of failing into the render's error codes; the file is
 * deleted whenever the pass does not succeed.
 */
final class FfmpegPass {

    private final FfmpegProcess ffmpeg;
    private final RendererConfig config;

    FfmpegPass(FfmpegProcess ffmpeg, RendererConfig config) {
        this.ffmpeg = ffmpeg;
        this.config = config;
    }

    /** @param directory the job's directory, FFmpeg's working directory and {@code TMPDIR} */
    RenderedPiece run(List<String> arguments, Path directory, Path output, Cancellation cancellation,
                      DoubleConsumer outputSeconds) {
        FfmpegResult result;
        try {
            result = ffmpeg.run(arguments, directory, config.renderTimeLimit(), cancellation, outputSeconds);
        } catch (FfmpegCancelledException e) {
            Renderer.deleteQuietly(output);
            throw new RenderCancelledException("the render was cancelled");
        } catch (FfmpegTimeoutException e) {
            Renderer.deleteQuietly(output);
            throw new RenderException(ErrorCode.PROCESSING_TIMEOUT, "the render took longer than "
                    + config.renderTimeLimit().toSeconds() + " seconds and was stopped", null, false, e);
        }
        if (!result.succeeded()) {
            Renderer.deleteQuietly(output);
            throw Renderer.ffmpegFailure(result);
        }
        long size;
        try {
            size = Files.size(output);
        } catch (IOException e) {
            throw Renderer.storageFailure(e);
        }
        if (size == 0) {
            Renderer.deleteQuietly(output);
            throw new RenderException(ErrorCode.FFMPEG_ERROR, "FFmpeg produced an empty file", result.lastError());
        }
        if (size >= config.encoder().maxOutputBytes()) {
            Renderer.deleteQuietly(output);
            throw new RenderException(ErrorCode.PROCESSING_FAILED, "the output reached the size limit of "
                    + config.encoder().maxOutputBytes() + " bytes");
        }
        return new RenderedPiece(output, size, result.elapsed());
    }
}
