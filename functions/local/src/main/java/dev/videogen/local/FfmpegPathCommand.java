package dev.videogen.local;

import dev.videogen.engine.ffmpeg.FfmpegLocator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the FFmpeg binary the renderer uses, so scripts (the examples' media generator) can run the same one. */
@Command(name = "ffmpeg-path", description = "Print the path of the FFmpeg binary the renderer uses.")
final class FfmpegPathCommand implements Callable<Integer> {

    @Option(names = "--ffmpeg", description = "FFmpeg binary to use instead of the bundled one (default: $FFMPEG_PATH).")
    String ffmpeg = System.getenv("FFMPEG_PATH");

    @Override
    public Integer call() {
        System.out.println(FfmpegLocator.locate(ffmpeg));
        return 0;
    }
}
