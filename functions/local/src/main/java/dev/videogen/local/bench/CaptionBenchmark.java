package dev.videogen.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.Cancellation;
import dev.videogen.engine.PreparedComposition;
import dev.videogen.engine.RenderListener;
import dev.videogen.engine.RenderStep;
import dev.videogen.engine.Renderer;
import dev.videogen.engine.RendererConfig;
import dev.videogen.engine.ffmpeg.FfmpegLocator;
import dev.videogen.engine.ffmpeg.FfmpegProcess;
import dev.videogen.engine.ffmpeg.FfmpegResult;
import dev.videogen.engine.media.LocalOrHttpSourceFetcher;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.plan.FontCatalog;
import dev.videogen.engine.plan.RenderPlan;
import dev.videogen.engine.text.FontLibrary;
import dev.videogen.engine.text.ShapingMeasure;
import dev.videogen.engine.validation.RequestParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What captions cost: the 60 s portrait example rendered by the engine without captions, with a caption of 150
 * highlighted words (30 cues of 5 words, each word highlighted for 0.4 s) drawn in Java, and with the same caption
 * drawn the other way the engine could have chosen, FFmpeg's drawtext, added to the engine's own pass for the video
 * without captions; the order of the three turns from run to run. Also: the time the captioned renders spent laying
 * out, drawing and writing the caption's distinct states, per state and as a share of the render.
 */
public final class CaptionBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] WORDS = {"every", "word", "lights", "up", "when", "spoken", "captions", "drawn",
        "once", "per", "state", "and", "overlaid", "by", "FFmpeg"};

    private final Path examples;
    private final Path work;
    private final PrintStream out;

    public CaptionBenchmark(Path examples, Path work, PrintStream out) {
        this.examples = examples;
        this.work = work;
        this.out = out;
    }

    /** The caption element: 30 cues of 5 words over 60 s. */
    static ObjectNode caption() {
        ObjectNode caption = JSON.createObjectNode();
        caption.put("id", "captions");
        caption.put("type", "caption");
        caption.put("font_family", "Noto Sans");
        caption.put("font_weight", "bold");
        caption.put("font_size", "4%");
        caption.put("stroke_color", "#000000");
        caption.put("stroke_width", 3);
        caption.put("highlight_color", "#FFD700");
        ArrayNode cues = caption.putArray("captions");
        for (int c = 0; c < 30; c++) {
            ObjectNode cue = cues.addObject();
            cue.put("start", c * 2.0);
            cue.put("end", c * 2.0 + 2.0);
            List<String> spoken = cueWords(c);
            ArrayNode words = cue.putArray("words");
            for (int w = 0; w < spoken.size(); w++) {
                // word times, like cue times, count from the element's start
                ObjectNode timed = words.addObject();
                timed.put("start", c * 2.0 + w * 0.4);
                timed.put("end", c * 2.0 + w * 0.4 + 0.4);
                timed.put("text", spoken.get(w));
            }
            cue.put("text", String.join(" ", spoken));
        }
        return caption;
    }

    /** The five words of cue {@code c}: four from {@link #WORDS} in turn and the cue's number, so no two cues match. */
    static List<String> cueWords(int c) {
        List<String> words = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            words.add(WORDS[(c * 4 + w) % WORDS.length]);
        }
        words.add(String.valueOf(c + 1));
        return words;
    }

    public void run(int runs) throws IOException {
        run(runs, null);
    }

    /**
     * As {@link #run(int)}; {@code only} "engine" renders only without and with captions, "drawtext" only the two ways
     * of drawing them.
     */
    public void run(int runs, String only) throws IOException {
        Path media = examples.resolve("media");
        if (!Files.isRegularFile(media.resolve("background.mp4"))) {
            throw new IllegalStateException("no example media in " + media + ": run examples/make-media.sh first");
        }
        Files.createDirectories(work);
        Path fonts = FontCatalog.fontDirectory(null, work.resolve("fonts"));
        Path ffmpeg = FfmpegLocator.locate(System.getenv("FFMPEG_PATH"));
        Renderer renderer = new Renderer(RendererConfig.defaults(ffmpeg, work.resolve("renders"), fonts),
                new LocalOrHttpSourceFetcher(examples));
        RequestParser parser = new RequestParser(RequestParser.SourcePolicy.REMOTE_AND_LOCAL_FILES);
        ObjectNode plain = (ObjectNode) JSON.readTree(examples.resolve("portrait-60s.json").toFile());
        ObjectNode captioned = plain.deepCopy();
        ((ArrayNode) captioned.get("elements")).add(caption());
        CompositionRequest without = parser.parse(plain);
        CompositionRequest with = parser.parse(captioned);
        String drawtext = drawtextChain(fonts);
        FfmpegProcess process = new FfmpegProcess(ffmpeg);
        CaptionDrawing drawing = new CaptionDrawing();

        Map<String, Runnable> variants = new LinkedHashMap<>();
        if (!"drawtext".equals(only)) {
            variants.put(WITHOUT, () -> renderer.render(without, work.resolve("plain.mp4"), RenderListener.NONE,
                    Cancellation.NEVER));
        }
        variants.put(JAVA, () -> renderer.render(with, work.resolve("captioned.mp4"), drawing, Cancellation.NEVER));
        if (!"engine".equals(only)) {
            // the engine's own pass for the video without captions, the captions added to it as drawtext filters
            variants.put(DRAWTEXT, () -> {
                try (PreparedComposition prepared = renderer.prepare(without, RenderListener.NONE, Cancellation.NEVER)) {
                    RenderPlan plan = prepared.wholePlan(work.resolve("drawtext.mp4"));
                    // the graph reaches FFmpeg as a script file: the drawtext filters are written into it
                    List<String> arguments = plan.arguments();
                    Path script = Path.of(arguments.get(arguments.indexOf("-filter_complex_script") + 1));
                    try {
                        Files.writeString(script, withFilters(plan.filterGraph(), drawtext));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    check(process.run(arguments, Duration.ofMinutes(30)));
                }
            });
        }
        Map<String, Measured> measured = measure(runs, variants);

        out.println();
        out.println("| 60 s 720x1280, 150 highlighted words | runs | wall (median s) | processor (median s) "
                + "| FFmpeg peak RSS (MB) |");
        out.println("|---|---|---|---|---|");
        for (Map.Entry<String, Measured> entry : measured.entrySet()) {
            Measured m = entry.getValue();
            out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.0f |%n", entry.getKey(), runs, m.wall(), m.cpu(),
                    m.memory());
        }
        Measured java = measured.get(JAVA);
        for (String other : new String[] {WITHOUT, DRAWTEXT}) {
            Measured m = measured.get(other);
            if (m != null) {
                out.printf(Locale.ROOT, "%ncaptions drawn in Java against %s: wall %.3f, processor %.3f, "
                        + "FFmpeg peak memory %.3f%n", other, java.wall() / m.wall(), java.cpu() / m.cpu(),
                        java.memory() / m.memory());
            }
        }
        double drawnMs = Statistics.median(drawing.milliseconds);
        out.printf(Locale.ROOT, "%nText cost per distinct cue state: %d states drawn in %.0f ms (median of %d "
                + "renders), %.2f ms per state, %.2f %% of the captioned render's wall time and %.2f %% of its "
                + "processor time%n", drawing.states, drawnMs, drawing.milliseconds.size(), drawnMs / drawing.states,
                100 * drawnMs / 1000 / java.wall(), 100 * drawnMs / 1000 / java.cpu());
    }

    private static final String WITHOUT = "engine, no captions";
    private static final String JAVA = "engine, captions drawn in Java (pictures, one overlay)";
    private static final String DRAWTEXT = "engine's pass, captions drawn by FFmpeg's drawtext (180 filters)";

    /** Median wall and processor seconds of a variant's runs and the peak memory of its FFmpeg processes. */
    private record Measured(double wall, double cpu, double memory) {
    }

    /** Receives the caption element's drawing time from each captioned render. */
    private static final class CaptionDrawing implements RenderListener {
        private final List<Double> milliseconds = new ArrayList<>();
        private int states;

        @Override
        public void progress(RenderStep step, double percent) {
        }

        @Override
        public void textDrawn(Element element, int distinctPictures, Duration drawing) {
            if ("captions".equals(element.id())) {
                states = distinctPictures;
                milliseconds.add(drawing.toNanos() / 1e6);
            }
        }
    }

    /** Runs every variant {@code runs} times, the order turning by one each run, so none is always first. */
    private Map<String, Measured> measure(int runs, Map<String, Runnable> variants) {
        List<String> names = new ArrayList<>(variants.keySet());
        Map<String, List<Double>> walls = new LinkedHashMap<>();
        Map<String, List<Double>> cpus = new LinkedHashMap<>();
        Map<String, Double> memories = new LinkedHashMap<>();
        for (String name : names) {
            walls.put(name, new ArrayList<>());
            cpus.put(name, new ArrayList<>());
            memories.put(name, 0.0);
        }
        for (int run = 0; run < runs; run++) {
            for (int turn = 0; turn < names.size(); turn++) {
                String name = names.get((run + turn) % names.size());
                try (PeakMemorySampler memory = new PeakMemorySampler()) {
                    long started = System.nanoTime();
                    variants.get(name).run();
                    double seconds = (System.nanoTime() - started) / 1e9;
                    double cpu = memory.ffmpegCpuSeconds() + memory.jvmCpuSeconds();
                    walls.get(name).add(seconds);
                    cpus.get(name).add(cpu);
                    memories.merge(name, memory.ffmpegPeakMegabytes(), Math::max);
                    out.printf(Locale.ROOT, "  %-64s run %d: %6.2f s, processor %6.2f s (FFmpeg %.2f, JVM %.2f), "
                            + "FFmpeg peak %.0f MB%n", name, run + 1, seconds, cpu, memory.ffmpegCpuSeconds(),
                            memory.jvmCpuSeconds(), memory.ffmpegPeakMegabytes());
                }
            }
        }
        Map<String, Measured> measured = new LinkedHashMap<>();
        for (String name : names) {
            measured.put(name, new Measured(Statistics.median(walls.get(name)), Statistics.median(cpus.get(name)),
                    memories.get(name)));
        }
        return measured;
    }

    private static void check(FfmpegResult result) {
        if (!result.succeeded()) {
            throw new IllegalStateException("FFmpeg failed: " + result.lastError());
        }
    }

    /** The engine's filter graph with {@code chain} drawn on the composed picture just before its last conversion. */
    static String withFilters(String graph, String chain) {
        String edited = graph.replaceFirst("format=yuv420p(\\[vout\\d*\\])",
                java.util.regex.Matcher.quoteReplacement(chain) + ",format=yuv420p$1");
        if (edited.equals(graph)) {
            throw new IllegalStateException("the engine's filter graph has no final conversion to draw before");
        }
        return edited;
    }

    /**
     * The caption of {@link #caption()} as drawtext filters in the bundled Noto Sans Bold at the caption's size (4 % of
     * 1280), outlined 3 px, centred in the caption's default box: for each cue one filter draws its line in white while
     * the cue shows, and for each distinct state one draws the spoken word in yellow over it, where the engine's own
     * measure of the font puts it. Each reads its text from a file.
     */
    private String drawtextChain(Path fonts) throws IOException {
        ShapingMeasure measure = new ShapingMeasure(FontLibrary.of(fonts).stack("Noto Sans", true, false), 0);
        Path font = fonts.resolve("NotoSans-Bold.ttf").toAbsolutePath();
        Path texts = Files.createDirectories(work.resolve("drawtext"));
        double size = 0.04 * 1280;
        double boxLeft = 0.05 * 720;
        double boxWidth = 0.9 * 720;
        double middle = 0.75 * 1280 + 0.2 * 1280 / 2;
        String common = String.format(Locale.ROOT, "drawtext=fontfile=%s:fontsize=%.1f:borderw=3:bordercolor=black"
                + ":y=%.0f-ascent", font, size, middle + (measure.ascent(size) - measure.descent(size)) / 2);
        List<String> filters = new ArrayList<>();
        for (int c = 0; c < 30; c++) {
            List<String> words = cueWords(c);
            String line = String.join(" ", words);
            Path lineFile = Files.writeString(texts.resolve("cue-" + c + ".txt"), line);
            double left = boxLeft + (boxWidth - measure.width(line, size)) / 2;
            filters.add(String.format(Locale.ROOT, "%s:textfile=%s:fontcolor=white:x=%.1f:enable='between(t,%d,%d)'",
                    common, lineFile.toAbsolutePath(), left, c * 2, c * 2 + 2));
            double x = left;
            for (int w = 0; w < 5; w++) {
                Path wordFile = Files.writeString(texts.resolve("word-" + c + "-" + w + ".txt"), words.get(w));
                filters.add(String.format(Locale.ROOT, "%s:textfile=%s:fontcolor=0xFFD700:x=%.1f"
                        + ":enable='between(t,%.1f,%.1f)'", common, wordFile.toAbsolutePath(), x, c * 2 + w * 0.4,
                        c * 2 + w * 0.4 + 0.4));
                x += measure.width(words.get(w) + " ", size);
            }
        }
        return String.join(",", filters);
    }
}
