package dev.videogen.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.Cancellation;
import dev.videogen.engine.RenderListener;
import dev.videogen.engine.RenderResult;
import dev.videogen.engine.Renderer;
import dev.videogen.engine.RendererConfig;
import dev.videogen.engine.ffmpeg.FfmpegLocator;
import dev.videogen.engine.ffmpeg.FfmpegProcess;
import dev.videogen.engine.ffmpeg.FfmpegResult;
import dev.videogen.engine.media.LocalOrHttpSourceFetcher;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.plan.FontCatalog;
import dev.videogen.engine.validation.RequestParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The engine against a hand-written FFmpeg command producing the same video with the same encoder settings, on the
 * example compositions: runs alternate (engine first, then hand-written first), and the table gives the median
 * wall time of each, their ratio, and the peak resident memory of FFmpeg and of the JVM.
 */
public final class RenderBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One composition: its request file, the hand-written command's template and its parameters. */
    record Composition(String name, String requestFile, String handWritten, Map<String, String> parameters,
                       Map<String, String> textFiles) {
    }

    static List<Composition> compositions() {
        Map<String, String> title = Map.of("title.txt", "Videogen: one request, one FFmpeg pass");
        return List.of(
                new Composition("portrait 720x1280, 10 s", "portrait-10s.json", "portrait.args",
                        Map.of("duration", "10"), title),
                new Composition("portrait 720x1280, 60 s", "portrait-60s.json", "portrait.args",
                        Map.of("duration", "60"), title),
                new Composition("landscape 1920x1080, 30 s, 6 layers", "landscape-6-layers.json", "landscape.args",
                        Map.of(), Map.of("caption.txt", "Six layers, one pass")),
                new Composition("slideshow 1920x1080, 60 s, 12 photos, Ken Burns, crossfades", "slideshow.json",
                        "slideshow.args", Map.of(), Map.of()),
                new Composition("portrait 720x1280, 30 s, 3 animated titles", "animated-titles.json", "titles.args",
                        Map.of(), Map.of("headline.txt", "Motion in one pass", "subtitle.txt",
                                "Keyframes, presets, Ken Burns", "footer.txt", "videogen")));
    }

    /** One row of the result table. */
    public record Row(String composition, int runs, double engineSeconds, double enginePassSeconds,
                      double handSeconds, double ratio, double engineFfmpegCpuSeconds, double handFfmpegCpuSeconds,
                      double engineFfmpegMb, double handFfmpegMb, double jvmMb) {
    }

    private final Path examples;
    private final Path work;
    private final PrintStream out;

    public RenderBenchmark(Path examples, Path work, PrintStream out) {
        this.examples = examples;
        this.work = work;
        this.out = out;
    }

    public List<Row> run(int runs, String only) throws IOException {
        Path media = examples.resolve("media");
        if (!Files.isRegularFile(media.resolve("background.mp4"))) {
            throw new IllegalStateException("no example media in " + media + ": run examples/make-media.sh first");
        }
        Path fonts = FontCatalog.fontDirectory(null, work.resolve("fonts"));
        Path ffmpeg = FfmpegLocator.locate(System.getenv("FFMPEG_PATH"));
        Renderer renderer = new Renderer(RendererConfig.defaults(ffmpeg, work.resolve("renders"), fonts),
                new LocalOrHttpSourceFetcher(examples));
        FfmpegProcess process = new FfmpegProcess(ffmpeg);
        List<Row> rows = new ArrayList<>();
        for (Composition composition : compositions()) {
            if (only != null && !composition.requestFile().startsWith(only)) {
                continue;
            }
            CompositionRequest request = new RequestParser(RequestParser.SourcePolicy.REMOTE_AND_LOCAL_FILES)
                    .parse(JSON.readTree(examples.resolve(composition.requestFile()).toFile()));
            for (Map.Entry<String, String> text : composition.textFiles().entrySet()) {
                Files.writeString(work.resolve(text.getKey()), text.getValue());
            }
            List<String> handArguments = arguments(composition, media, fonts, work.resolve("hand.mp4"));
            List<Double> engine = new ArrayList<>();
            List<Double> enginePass = new ArrayList<>();
            List<Double> hand = new ArrayList<>();
            List<Double> engineCpu = new ArrayList<>();
            List<Double> handCpu = new ArrayList<>();
            double engineMemory = 0;
            double handMemory = 0;
            double jvmMemory = 0;
            for (int run = 0; run < runs; run++) {
                for (int turn = 0; turn < 2; turn++) {
                    boolean engineTurn = (run + turn) % 2 == 0;
                    try (PeakMemorySampler memory = new PeakMemorySampler()) {
                        long started = System.nanoTime();
                        if (engineTurn) {
                            RenderResult result = renderer.render(request, work.resolve("engine.mp4"),
                                    RenderListener.NONE, Cancellation.NEVER);
                            enginePass.add(result.encodeElapsed().toNanos() / 1e9);
                        } else {
                            FfmpegResult result = process.run(handArguments, Duration.ofMinutes(30));
                            if (!result.succeeded()) {
                                throw new IllegalStateException("the hand-written command failed: " + result.lastError());
                            }
                        }
                        double seconds = (System.nanoTime() - started) / 1e9;
                        double cpu = memory.ffmpegCpuSeconds();
                        double peak = memory.ffmpegPeakMegabytes();
                        if (engineTurn) {
                            engine.add(seconds);
                            engineCpu.add(cpu);
                            engineMemory = Math.max(engineMemory, memory.ffmpegPeakMegabytes());
                            jvmMemory = Math.max(jvmMemory, memory.jvmPeakMegabytes());
                        } else {
                            hand.add(seconds);
                            handCpu.add(cpu);
                            handMemory = Math.max(handMemory, memory.ffmpegPeakMegabytes());
                        }
                        out.printf(Locale.ROOT, "  %-40s %-12s run %d: %6.2f s wall, FFmpeg %6.2f s CPU, "
                                + "%5.0f MB peak RSS%n", composition.name(), engineTurn ? "engine" : "hand-written",
                                run + 1, seconds, cpu, peak);
                    }
                }
            }
            double engineMedian = Statistics.median(engine);
            double handMedian = Statistics.median(hand);
            rows.add(new Row(composition.name(), runs, engineMedian, Statistics.median(enginePass), handMedian,
                    engineMedian / handMedian, Statistics.median(engineCpu), Statistics.median(handCpu),
                    engineMemory, handMemory, jvmMemory));
        }
        print(rows);
        return rows;
    }

    private void print(List<Row> rows) {
        out.println();
        out.println("| composition | runs | engine (median s) | of which the FFmpeg pass | hand-written (median s) "
                + "| ratio | FFmpeg CPU engine / hand (median s) | FFmpeg peak RSS engine / hand (MB) "
                + "| JVM peak RSS (MB) |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.3f | %.1f / %.1f | %.0f / %.0f | %.0f |%n",
                    row.composition(), row.runs(), row.engineSeconds(), row.enginePassSeconds(), row.handSeconds(),
                    row.ratio(), row.engineFfmpegCpuSeconds(), row.handFfmpegCpuSeconds(), row.engineFfmpegMb(),
                    row.handFfmpegMb(), row.jvmMb());
        }
    }

    static List<String> arguments(Composition composition, Path media, Path fonts, Path output) {
        String template;
        try (InputStream in = RenderBenchmark.class.getResourceAsStream(composition.handWritten())) {
            if (in == null) {
                throw new IllegalStateException("missing " + composition.handWritten());
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> arguments = new ArrayList<>();
        for (String line : template.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String argument = line.replace("${media}", media.toString()).replace("${fonts}", fonts.toString())
                    .replace("${work}", output.getParent().toString()).replace("${out}", output.toString());
            for (Map.Entry<String, String> parameter : composition.parameters().entrySet()) {
                argument = argument.replace("${" + parameter.getKey() + "}", parameter.getValue());
            }
            arguments.add(argument);
        }
        return arguments;
    }
}
