package dev.videogen.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.aws.client.AwsClientSettings;
import dev.videogen.aws.storage.S3ObjectStore;
import dev.videogen.engine.Cancellation;
import dev.videogen.engine.ChunkedRenderer;
import dev.videogen.engine.PreparedComposition;
import dev.videogen.engine.RenderListener;
import dev.videogen.engine.RenderResult;
import dev.videogen.engine.Renderer;
import dev.videogen.engine.RendererConfig;
import dev.videogen.engine.SourceReport;
import dev.videogen.engine.chunks.FrameRange;
import dev.videogen.engine.ffmpeg.FfmpegLocator;
import dev.videogen.engine.ffmpeg.FfmpegProcess;
import dev.videogen.engine.ffmpeg.FfmpegResult;
import dev.videogen.engine.media.LocalOrHttpSourceFetcher;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.plan.FontCatalog;
import dev.videogen.engine.validation.RequestParser;
import dev.videogen.inprocess.InProcessS3;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The single pass against {@code --chunks 2} of the 60 s 1080p six-layer example on this machine (wall time, CPU
 * time of every process, the stitch's own time, each chunk's render time per second of video, PSNR of the chunked
 * output against the single pass), the S3 transfer rate against the in-process S3 server, and from those figures the
 * fan-out model's predictions for 1- and 10-minute 1080p jobs at concurrency 10, 50 and 200.
 */
public final class ChunkBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST = "landscape-60s.json";
    private static final long CLOCK_TICKS = 100;

    private final Path examples;
    private final Path work;
    private final PrintStream out;

    public ChunkBenchmark(Path examples, Path work, PrintStream out) {
        this.examples = examples;
        this.work = work;
        this.out = out;
    }

    public FanOutModel.Measured run() throws IOException {
        if (!Files.isRegularFile(examples.resolve("media").resolve("background.mp4"))) {
            throw new IllegalStateException("no example media in " + examples.resolve("media")
                    + ": run examples/make-media.sh first");
        }
        Path fonts = FontCatalog.fontDirectory(null, work.resolve("fonts"));
        Path ffmpeg = FfmpegLocator.locate(System.getenv("FFMPEG_PATH"));
        Renderer renderer = new Renderer(RendererConfig.defaults(ffmpeg, work.resolve("renders"), fonts),
                new LocalOrHttpSourceFetcher(examples));
        CompositionRequest request = new RequestParser(RequestParser.SourcePolicy.REMOTE_AND_LOCAL_FILES)
                .parse(JSON.readTree(examples.resolve(REQUEST).toFile()));

        Path single = work.resolve("single.mp4");
        double cpuBefore = cpuSeconds();
        long started = System.nanoTime();
        RenderResult whole = renderer.render(request, single, RenderListener.NONE, Cancellation.NEVER);
        double singleWall = (System.nanoTime() - started) / 1e9;
        double singleCpu = cpuSeconds() - cpuBefore;
        double duration = whole.durationSeconds();
        out.printf(Locale.ROOT, "  single pass: %.2f s wall, %.2f s CPU%n", singleWall, singleCpu);

        Path chunked = work.resolve("chunked.mp4");
        cpuBefore = cpuSeconds();
        started = System.nanoTime();
        ChunkedRenderer.Outcome outcome = new ChunkedRenderer(renderer).render(request, chunked, 2,
                RenderListener.NONE, Cancellation.NEVER);
        double chunkedWall = (System.nanoTime() - started) / 1e9;
        double chunkedCpu = cpuSeconds() - cpuBefore;
        double stitch = outcome.stitchTime().toNanos() / 1e9;
        out.printf(Locale.ROOT, "  --chunks 2: %.2f s wall, %.2f s CPU, stitch %.3f s%n", chunkedWall, chunkedCpu,
                stitch);
        double perSecond = 0;
        for (int i = 0; i < outcome.ranges().size(); i++) {
            FrameRange range = outcome.ranges().get(i);
            double seconds = range.frames() / request.fps();
            double rate = outcome.segmentTimes().get(i).toNanos() / 1e9 / seconds;
            perSecond += rate / outcome.ranges().size();
            out.printf(Locale.ROOT, "  chunk %d (frames %d-%d): %.2f s, %.3f s per second of video%n", i,
                    range.startFrame(), range.endFrame() - 1, outcome.segmentTimes().get(i).toNanos() / 1e9, rate);
        }

        // the sound's pass alone, for its CPU time apart from the chunks'
        double soundCpu;
        try (PreparedComposition composition = renderer.prepare(request, RenderListener.NONE, Cancellation.NEVER)) {
            double before = cpuSeconds();
            composition.renderSound(composition.scratchFile("sound.mp4"), Cancellation.NEVER);
            soundCpu = cpuSeconds() - before;
        }
        double psnr = psnr(new FfmpegProcess(ffmpeg), chunked, single);
        long outputBytes = Files.size(chunked);
        long sourceBytes = 0;
        for (SourceReport source : whole.sources()) {
            sourceBytes += source.sizeBytes();
        }
        double transfer = transferRate(chunked);
        out.printf(Locale.ROOT, "  sound pass alone: %.2f s CPU; PSNR chunked against single pass: %.2f dB; "
                + "S3 transfer %.0f MB/s; load average %s%n", soundCpu, psnr, transfer / 1e6, loadAverage());

        out.println();
        out.println("| 60 s 1080p, six layers | wall (s) | CPU (s) | stitch (s) | chunk render per s of video (s) |");
        out.println("|---|---|---|---|---|");
        out.printf(Locale.ROOT, "| single pass | %.2f | %.2f | – | – |%n", singleWall, singleCpu);
        out.printf(Locale.ROOT, "| --chunks 2 | %.2f | %.2f | %.3f (%.1f %% of the wall) | %.3f |%n",
                chunkedWall, chunkedCpu, stitch, 100 * stitch / chunkedWall, perSecond);
        out.printf(Locale.ROOT, "%nPSNR of the chunked output against the single pass: %.2f dB%n", psnr);

        double renderCpu = Math.max(0, chunkedCpu - soundCpu - stitch) / duration;
        FanOutModel.Measured measured = new FanOutModel.Measured(renderCpu, soundCpu / duration, stitch / duration,
                outputBytes / duration, sourceBytes / duration, transfer);
        printModel(measured, FanOutModel.Assumptions.DEPLOYED);
        return measured;
    }

    void printModel(FanOutModel.Measured measured, FanOutModel.Assumptions assumptions) {
        out.println();
        out.printf(Locale.ROOT, "Model: %d MB functions (%.2f vCPU at %.0f %% use), cold start %.1f s, queue hop %.1f s, "
                        + "probe %.1f s, chunks of at least %.0f s; measured per second of video: picture %.3f CPU s, "
                        + "sound %.4f CPU s, stitch %.4f s, output %.2f MB, sources %.2f MB; S3 %.0f MB/s%n",
                assumptions.memoryMb(), assumptions.vcpus(), 100 * assumptions.parallelEfficiency(),
                assumptions.coldStartSeconds(), assumptions.queueSeconds(), assumptions.probeSeconds(),
                assumptions.minChunkSeconds(), measured.renderCpu(), measured.soundCpu(),
                measured.stitchPerSecond(), measured.outputBytes() / 1e6, measured.sourceBytes() / 1e6,
                measured.transferBytesPerSecond() / 1e6);
        out.println();
        out.println("| job | concurrency | chunks | seconds per chunk | plan (s) | slowest piece (s) | stitch (s) "
                + "| predicted wall (s) | stitch share |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (double video : new double[] {60, 600}) {
            for (int concurrency : new int[] {10, 50, 200}) {
                FanOutModel.Prediction p = FanOutModel.predict(measured, assumptions, video, concurrency);
                out.printf(Locale.ROOT, "| %s 1080p | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f %% |%n",
                        video == 60 ? "1 min" : "10 min", concurrency, p.chunks(), p.chunkSeconds(), p.planSeconds(),
                        p.piecesSeconds(), p.stitchSeconds(), p.totalSeconds(), 100 * p.stitchShare());
            }
        }
    }

    /** Upload then download of the chunked output through the in-process S3 server, in bytes per second. */
    private double transferRate(Path file) throws IOException {
        try (InProcessS3 s3 = InProcessS3.builder().bucket("bench").rootDirectory(work.resolve("s3")).start()) {
            S3ObjectStore store = S3ObjectStore.create(AwsClientSettings.forLocalEndpoint(s3.endpoint()).build(),
                    "bench", true);
            long size = Files.size(file);
            long started = System.nanoTime();
            store.put("segments/bench.mp4", file, "video/mp4");
            store.download("bench", "segments/bench.mp4", work.resolve("back.mp4"), 1L << 40);
            double seconds = (System.nanoTime() - started) / 1e9;
            return 2 * size / seconds;
        }
    }

    private static double psnr(FfmpegProcess ffmpeg, Path a, Path b) {
        FfmpegResult result = ffmpeg.run(List.of("-hide_banner", "-nostdin", "-i", a.toString(), "-i", b.toString(),
                "-lavfi", "[0:v][1:v]psnr", "-f", "null", "-"), Duration.ofMinutes(10));
        Matcher matcher = Pattern.compile("average:([0-9.]+|inf)").matcher(result.log());
        if (!matcher.find()) {
            return Double.NaN;
        }
        return matcher.group(1).equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(matcher.group(1));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** CPU time of this JVM and of every child process it has waited for (each FFmpeg), from /proc. */
    private static double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command name: state is field 3, so utime..cstime (14..17) are at 11..14
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
            return (double) ticks / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
