package dev.videogen.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.Cancellation;
import dev.videogen.engine.RenderListener;
import dev.videogen.engine.Renderer;
import dev.videogen.engine.RendererConfig;
import dev.videogen.engine.ffmpeg.FfmpegLocator;
import dev.videogen.engine.ffmpeg.FfmpegProcess;
import dev.videogen.engine.ffmpeg.FfmpegResult;
import dev.videogen.engine.media.LocalOrHttpSourceFetcher;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.plan.FontCatalog;
import dev.videogen.engine.plan.TimedElement;
import dev.videogen.engine.text.FontLibrary;
import dev.videogen.engine.text.ShapingMeasure;
import dev.videogen.engine.text.TextPicture;
import dev.videogen.engine.text.TextPictures;
import dev.videogen.engine.validation.RequestParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What captions cost: the 60 s portrait example rendered by the engine with and without a caption of 150 highlighted
 * words (30 cues of 5 words, each word highlighted for 0.4 s), runs alternating; then the same caption drawn the other
 * way the engine could have chosen, FFmpeg's drawtext (a filter per cue for the line and one per word for its
 * highlight), added to the hand-written command, against that command without it. Also: the time to lay out and draw
 * one distinct caption state.
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
        int word = 0;
        for (int c = 0; c < 30; c++) {
            ObjectNode cue = cues.addObject();
            cue.put("start", c * 2.0);
            cue.put("end", c * 2.0 + 2.0);
            StringBuilder text = new StringBuilder();
            ArrayNode words = cue.putArray("words");
            for (int w = 0; w < 5; w++) {
                String spoken = WORDS[word++ % WORDS.length];
                text.append(w == 0 ? "" : " ").append(spoken);
                ObjectNode timed = words.addObject();
                timed.put("start", w * 0.4);
                timed.put("end", w * 0.4 + 0.4);
                timed.put("text", spoken);
            }
            cue.put("text", text.toString());
        }
        return caption;
    }

    public void run(int runs) throws IOException {
        run(runs, null);
    }

    /** As {@link #run(int)}; {@code only} ("engine" or "drawtext") runs one of the two comparisons. */
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

        double[] none = new double[6];
        double[] engine = "drawtext".equals(only) ? none : alternate(runs, "engine without captions", "engine with captions",
                () -> renderer.render(without, work.resolve("plain.mp4"), RenderListener.NONE, Cancellation.NEVER),
                () -> renderer.render(with, work.resolve("captioned.mp4"), RenderListener.NONE, Cancellation.NEVER));

        Files.writeString(work.resolve("title.txt"), "Videogen: one request, one FFmpeg pass");
        RenderBenchmark.Composition portrait = new RenderBenchmark.Composition("portrait 60 s", "portrait-60s.json",
                "portrait.args", Map.of("duration", "60"), Map.of());
        List<String> hand = RenderBenchmark.arguments(portrait, media, fonts, work.resolve("hand.mp4"));
        List<String> drawn = withDrawtextCaption(hand, fonts);
        FfmpegProcess process = new FfmpegProcess(ffmpeg);
        double[] drawtext = "engine".equals(only) ? none : alternate(runs, "hand-written", "hand-written + drawtext caption",
                () -> check(process.run(hand, Duration.ofMinutes(30))),
                () -> check(process.run(drawn, Duration.ofMinutes(30))));

        // the cost of one distinct state: lay out and draw the caption alone, many times
        TimedElement timed = new TimedElement(with.elements().get(with.elements().size() - 1), null, 0, 60, 0, 0);
        TextPictures pictures = new TextPictures(FontLibrary.of(fonts), 720, 1280);
        Path states = Files.createDirectories(work.resolve("states"));
        pictures.draw(timed, null, null, states);
        long nanos = 0;
        int images = 0;
        for (int i = 0; i < 5; i++) {
            TextPicture picture = pictures.draw(timed, null, null, states);
            nanos += picture.drawNanos();
            images += picture.distinctImages();
        }
        double perState = nanos / 1e6 / images;

        out.println();
        out.println("| 60 s 720x1280, 150 highlighted words | runs | wall without / with (median s) | wall ratio "
                + "| processor without / with (median s) | processor ratio | FFmpeg peak RSS without / with (MB) "
                + "| memory ratio |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (Object[] row : new Object[][] {{"engine: pictures drawn in Java, one overlay", engine},
            {"alternative: FFmpeg drawtext, 180 filters", drawtext}}) {
            double[] f = (double[]) row[1];
            out.printf(Locale.ROOT, "| %s | %d | %.2f / %.2f | %.3f | %.2f / %.2f | %.3f | %.0f / %.0f | %.3f |%n",
                    row[0], runs, f[0], f[1], f[1] / f[0], f[4], f[5], f[5] / f[4], f[2], f[3], f[3] / f[2]);
        }
        out.printf(Locale.ROOT, "%nText cost: %d distinct caption states, %.2f ms each to lay out, draw and write%n",
                images / 5, perState);
    }

    /**
     * Medians of the two renders' wall times, their FFmpeg peak memory, and the medians of the processor time they
     * used (FFmpeg's and the JVM's, which is what a loaded machine does not distort): {a s, b s, a MB, b MB, a cpu s,
     * b cpu s}.
     */
    private double[] alternate(int runs, String aName, String bName, Runnable a, Runnable b) {
        List<Double> aTimes = new ArrayList<>();
        List<Double> bTimes = new ArrayList<>();
        List<Double> aCpu = new ArrayList<>();
        List<Double> bCpu = new ArrayList<>();
        double aMemory = 0;
        double bMemory = 0;
        for (int run = 0; run < runs; run++) {
            for (int turn = 0; turn < 2; turn++) {
                boolean first = (run + turn) % 2 == 0;
                try (PeakMemorySampler memory = new PeakMemorySampler()) {
                    long started = System.nanoTime();
                    (first ? a : b).run();
                    double seconds = (System.nanoTime() - started) / 1e9;
                    double cpu = memory.ffmpegCpuSeconds() + memory.jvmCpuSeconds();
                    if (first) {
                        aTimes.add(seconds);
                        aCpu.add(cpu);
                        aMemory = Math.max(aMemory, memory.ffmpegPeakMegabytes());
                    } else {
                        bTimes.add(seconds);
                        bCpu.add(cpu);
                        bMemory = Math.max(bMemory, memory.ffmpegPeakMegabytes());
                    }
                    out.printf(Locale.ROOT, "  %-36s run %d: %6.2f s, processor %6.2f s (FFmpeg %.2f, JVM %.2f), "
                            + "FFmpeg peak %.0f MB%n", first ? aName : bName, run + 1, seconds, cpu,
                            memory.ffmpegCpuSeconds(), memory.jvmCpuSeconds(), memory.ffmpegPeakMegabytes());
                }
            }
        }
        return new double[] {Statistics.median(aTimes), Statistics.median(bTimes), aMemory, bMemory,
            Statistics.median(aCpu), Statistics.median(bCpu)};
    }

    private static void check(FfmpegResult result) {
        if (!result.succeeded()) {
            throw new IllegalStateException("FFmpeg failed: " + result.lastError());
        }
    }

    /**
     * The hand-written command with the caption drawn by drawtext: per cue the line in white, per word the word in
     * yellow over it at its place on the line (placed with the engine's own measure of DejaVu Sans).
     */
    private List<String> withDrawtextCaption(List<String> hand, Path fonts) throws IOException {
        ShapingMeasure measure = new ShapingMeasure(FontLibrary.of(fonts).stack("DejaVu Sans", false, false), 0);
        StringBuilder filters = new StringBuilder();
        double size = 51;
        int word = 0;
        for (int c = 0; c < 30; c++) {
            List<String> words = new ArrayList<>();
            for (int w = 0; w < 5; w++) {
                words.add(WORDS[word++ % WORDS.length]);
            }
            String line = String.join(" ", words);
            Path lineFile = work.resolve("cue-" + c + ".txt");
            Files.writeString(lineFile, line);
            double lineWidth = measure.width(line, size);
            double left = 36 + (648 - lineWidth) / 2;
            filters.append(String.format(Locale.ROOT, ",drawtext=fontfile=%s/DejaVuSans.ttf:textfile=%s:fontsize=51"
                    + ":fontcolor=white:borderw=3:bordercolor=black:x=%.0f:y=1000:enable='between(t,%d,%d)'", fonts,
                    lineFile, left, c * 2, c * 2 + 2));
            double x = left;
            for (int w = 0; w < 5; w++) {
                Path wordFile = work.resolve("word-" + c + "-" + w + ".txt");
                Files.writeString(wordFile, words.get(w));
                filters.append(String.format(Locale.ROOT, ",drawtext=fontfile=%s/DejaVuSans.ttf:textfile=%s"
                        + ":fontsize=51:fontcolor=0xFFD700:borderw=3:bordercolor=black:x=%.0f:y=1000"
                        + ":enable='between(t,%.1f,%.1f)'", fonts, wordFile, x, c * 2 + w * 0.4, c * 2 + w * 0.4 + 0.4));
                x += measure.width(words.get(w) + " ", size);
            }
        }
        List<String> arguments = new ArrayList<>();
        for (String argument : hand) {
            arguments.add(argument.replace(",format=yuv420p[v]", filters + ",format=yuv420p[v]"));
        }
        return arguments;
    }
}
