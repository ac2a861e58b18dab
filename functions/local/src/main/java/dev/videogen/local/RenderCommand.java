package dev.videogen.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.Cancellation;
import dev.videogen.engine.ChunkedRenderer;
import dev.videogen.engine.DirectoryTrees;
import dev.videogen.engine.RenderCancelledException;
import dev.videogen.engine.RenderException;
import dev.videogen.engine.RenderResult;
import dev.videogen.engine.Renderer;
import dev.videogen.engine.RendererConfig;
import dev.videogen.engine.ffmpeg.FfmpegLocator;
import dev.videogen.engine.media.LocalOrHttpSourceFetcher;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.OutputFormat;
import dev.videogen.engine.plan.EncoderSettings;
import dev.videogen.engine.plan.FontCatalog;
import dev.videogen.engine.validation.FieldProblem;
import dev.videogen.engine.validation.InvalidRequestException;
import dev.videogen.engine.validation.RequestParser;
import dev.videogen.jobs.HumanUnits;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code videogen render request.json -o out.mp4}: one render on this machine, no server. */
@Command(name = "render", description = "Render a request file to a video file, without any server.")
final class RenderCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "REQUEST", description = "The request, as POSTed to /v1/videocreate. "
            + "Sources may be local paths (relative to the request file), file: URIs or http(s) URLs.")
    Path requestFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "Where to write the video or still (.png, .jpg). Its extension picks the format when the "
                    + "request names none. A request's thumbnail is written beside it as NAME.thumbnail.jpg.")
    Path output;

    @Option(names = "--preset", paramLabel = "PRESET", description = "libx264 preset for mp4/mov (default: ${DEFAULT-VALUE}).")
    String preset = EncoderSettings.DEFAULT.x264Preset();

    @Option(names = "--ffmpeg", paramLabel = "PATH", description = "FFmpeg binary (default: $FFMPEG_PATH, else the bundled one).")
    String ffmpeg = System.getenv("FFMPEG_PATH");

    @Option(names = "--chunks", paramLabel = "N", description = "Split the frames into N chunks rendered by N FFmpeg "
            + "processes at once, mix the sound once, and stitch the pieces by stream copy, as the service does for "
            + "long jobs (default: ${DEFAULT-VALUE}: one pass; a GIF is always rendered in one pass).")
    int chunks = 1;

    @Option(names = "--progress", description = "Progress display: ${COMPLETION-CANDIDATES} (default: bar on a terminal, lines otherwise).")
    ProgressStyle progressStyle;

    enum ProgressStyle { BAR, LINES, NONE }

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        long started = System.nanoTime();
        Path workRoot = null;
        try {
            CompositionRequest request = readRequest();
            workRoot = Files.createTempDirectory("videogen-cli-");
            Path fonts = FontCatalog.fontDirectory(null, workRoot.resolve("fonts"));
            RendererConfig config = RendererConfig.defaults(FfmpegLocator.locate(ffmpeg), workRoot.resolve("work"), fonts)
                    .withEncoder(EncoderSettings.DEFAULT.withX264Preset(preset));
            Path baseDirectory = requestFile.toAbsolutePath().getParent();
            Renderer renderer = new Renderer(config, new LocalOrHttpSourceFetcher(baseDirectory));
            Path target = output.toAbsolutePath();
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            AtomicBoolean interrupted = new AtomicBoolean();
            Thread hook = new Thread(() -> interrupted.set(true), "render-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            ProgressDisplay display = ProgressDisplay.create(style(), err);
            if (chunks < 1) {
                throw new InvalidRequestException("--chunks", "must be at least 1");
            }
            ChunkedRenderer.Outcome outcome = new ChunkedRenderer(renderer).render(request, target, chunks,
                    display::update, (Cancellation) interrupted::get);
            RenderResult result = outcome.result();
            display.finish();
            Runtime.getRuntime().removeShutdownHook(hook);

            double seconds = (System.nanoTime() - started) / 1e9;
            out.println(target);
            out.printf(Locale.ROOT, "  size      %s (%d bytes)%n", HumanUnits.size(result.sizeBytes()), result.sizeBytes());
            if (result.format().still()) {
                out.printf(Locale.ROOT, "  still     the frame at %.3f s, %dx%d %s%n", request.stillTime(),
                        result.width(), result.height(), result.format().wireName());
            } else {
                out.printf(Locale.ROOT, "  duration  %.3f s, %dx%d %s%n", result.durationSeconds(), result.width(),
                        result.height(), result.format().wireName());
            }
            if (request.thumbnail().isPresent()) {
                Path poster = renderer.renderPoster(target, request, result.durationSeconds(), posterBeside(target));
                out.printf(Locale.ROOT, "  thumbnail %s (%dx%d jpg)%n", poster, request.thumbnail().get().width(),
                        request.thumbnail().get().height(result.width(), result.height()));
            }
            if (outcome.ranges().size() > 1) {
                out.printf(Locale.ROOT, "  took      %.1f s in %d chunks (%s), sound %.1f s, stitch %.2f s%n", seconds,
                        outcome.ranges().size(), chunkTimes(outcome), outcome.soundTime().toMillis() / 1000.0,
                        outcome.stitchTime().toMillis() / 1000.0);
            } else {
                out.printf(Locale.ROOT, "  took      %.1f s (FFmpeg pass %.1f s)%n", seconds,
                        result.encodeElapsed().toMillis() / 1000.0);
            }
            return 0;
        } catch (InvalidRequestException e) {
            err.println("error INVALID_INPUT: " + e.getMessage());
            for (FieldProblem problem : e.problems()) {
                err.println("  " + problem.field() + ": " + problem.message());
            }
            return 2;
        } catch (RenderException e) {
            err.println("error " + e.code() + ": " + e.getMessage());
            if (e.details() != null && !e.details().isBlank()) {
                err.println("  " + e.details());
            }
            return 1;
        } catch (RenderCancelledException e) {
            err.println("error CANCELLED: the render was interrupted");
            return 130;
        } catch (IOException e) {
            err.println("error PROCESSING_FAILED: " + e.getMessage());
            return 1;
        } catch (IllegalStateException e) {
            err.println("error PROCESSING_FAILED: " + e.getMessage());
            return 1;
        } finally {
            deleteQuietly(workRoot);
        }
    }

    /** {@code out.mp4} → {@code out.thumbnail.jpg}, as the service stores a poster beside its result. */
    static Path posterBeside(Path video) {
        String name = video.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return video.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".thumbnail.jpg");
    }

    private static String chunkTimes(ChunkedRenderer.Outcome outcome) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < outcome.ranges().size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(String.format(Locale.ROOT, "frames %d-%d %.1f s", outcome.ranges().get(i).startFrame(),
                    outcome.ranges().get(i).endFrame() - 1, outcome.segmentTimes().get(i).toMillis() / 1000.0));
        }
        return text.toString();
    }

    private CompositionRequest readRequest() throws IOException {
        if (!Files.isRegularFile(requestFile)) {
            throw new InvalidRequestException("request", "no such file: " + requestFile);
        }
        JsonNode body;
        try {
            body = JSON.readTree(requestFile.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidRequestException("body", "is not valid JSON: " + e.getOriginalMessage());
        }
        if (body instanceof ObjectNode object && !object.has("output_format")) {
            String name = output.getFileName().toString();
            String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            OutputFormat.fromWireName("jpeg".equals(extension) ? "jpg" : extension)
                    .ifPresent(format -> object.put("output_format", format.wireName()));
        }
        return new RequestParser(RequestParser.SourcePolicy.REMOTE_AND_LOCAL_FILES).parse(body);
    }

    private ProgressStyle style() {
        if (progressStyle != null) {
            return progressStyle;
        }
        return System.console() != null ? ProgressStyle.BAR : ProgressStyle.LINES;
    }

    private static void deleteQuietly(Path directory) {
        try {
            DirectoryTrees.delete(directory);
        } catch (IOException ignored) {
            // a temporary directory left behind is not worth failing a finished render
        }
    }
}
