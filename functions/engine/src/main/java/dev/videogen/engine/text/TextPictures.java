package dev.videogen.engine.text;

import dev.videogen.engine.captions.CaptionTiming;
import dev.videogen.engine.captions.Cue;
import dev.videogen.engine.captions.SubtitleParser;
import dev.videogen.engine.model.CaptionOptions;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;
import dev.videogen.engine.model.TextOptions;
import dev.videogen.engine.plan.CaptionListTime;
import dev.videogen.engine.plan.Layout;
import dev.videogen.engine.plan.PixelBox;
import dev.videogen.engine.plan.TimedElement;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Draws text and caption elements into PNG files before FFmpeg runs: a text element is one picture; a caption is one
 * picture per distinct state (page and highlighted word), listed with their times in an {@code ffconcat} file so
 * that FFmpeg decodes each state once and overlays it like any other layer. User text never reaches FFmpeg.
 */
public final class TextPictures {

    /** A concat entry lasts at most this long, so that FFmpeg's frame-rate filter never holds more than a second. */
    private static final double MAX_ENTRY_SECONDS = 1.0;

    private final FontLibrary library;
    private final int outputWidth;
    private final int outputHeight;
    /** Measures shared by the elements of one render that use the same faces and spacing (their widths cached). */
    private final Map<List<Object>, ShapingMeasure> measures = new HashMap<>();

    public TextPictures(FontLibrary library, int outputWidth, int outputHeight) {
        this.library = library;
        this.outputWidth = outputWidth;
        this.outputHeight = outputHeight;
    }

    /**
     * Draws the element into {@code directory}.
     *
     * @param ownFont  the face of the element's {@code font_url}, or null
     * @param fileCues the cues of a caption element's subtitle file, or null
     */
    public TextPicture draw(TimedElement timed, FontFace ownFont, List<Cue> fileCues, Path directory)
            throws IOException {
        long started = System.nanoTime();
        Element element = timed.element();
        TextOptions options = element.textOptions();
        PixelBox box = Layout.box(element, outputWidth, outputHeight);
        FontStack stack = ownFont != null ? library.stack(ownFont, options.bold(), options.italic())
                : library.stack(element.fontFamily(), options.bold(), options.italic());
        boolean caption = element.type() == ElementType.CAPTION;
        TextPaint paint = paint(element, caption);
        double size = options.autoSize() ? -1 : Math.max(1, Math.round(element.fontSize().toPixels(outputHeight)));
        TextStyle style = new TextStyle(stack, size, options.lineHeight(), options.letterSpacing(),
                element.textAlign(), options.verticalAlign(), options.backgroundPadding());
        if (!caption) {
            TextDrawing drawing = TextDrawing.lay(element.text(), style, paint, box.width(), box.height(),
                    measure(style), style.fontSize());
            Path file = directory.resolve("text-" + element.index() + ".png");
            writePng(drawing.paint(), file);
            return new TextPicture(file, false, box.width() + 2 * drawing.margin(),
                    box.height() + 2 * drawing.margin(), box.x() - drawing.margin(), box.y() - drawing.margin(), 1,
                    drawing.missingGlyphs(), System.nanoTime() - started);
        }
        return drawCaption(timed, style, paint, box, fileCues, directory, started);
    }

    private TextPaint paint(Element element, boolean caption) {
        TextOptions o = element.textOptions();
        CaptionOptions c = element.captions();
        double stroke = o.strokeColor().alpha() > 0 ? o.strokeWidth().toPixels(outputHeight) : 0;
        return new TextPaint(element.color(), o.strokeColor(), stroke, o.shadowColor(), o.shadowX(), o.shadowY(),
                o.shadowBlur(), element.backgroundColor(), o.backgroundPadding(), o.backgroundRadius(), caption,
                c == null ? element.color() : c.highlightColor(),
                c == null ? element.backgroundColor().withOpacity(0) : c.highlightBackground());
    }

    private TextPicture drawCaption(TimedElement timed, TextStyle style, TextPaint paint, PixelBox box,
                                    List<Cue> fileCues, Path directory, long started) throws IOException {
        Element element = timed.element();
        CaptionOptions options = element.captions();
        List<Cue> cues = new ArrayList<>();
        for (Cue cue : options.cues().isEmpty() ? fileCues : options.cues()) {
            cues.add(cue.shifted(element.time()));
        }
        cues.sort((a, b) -> Double.compare(a.start(), b.start()));
        ShapingMeasure measure = measure(style);
        double size = style.fontSize() > 0 ? style.fontSize() : autoCaptionSize(cues, style, paint, box, measure,
                options.maxLines());
        TextStyle fixed = new TextStyle(style.stack(), size, style.lineHeight(), style.letterSpacing(), style.align(),
                style.verticalAlign(), style.padding());

        // each cue's pages: its wrapped lines, max_lines at a time
        List<List<String>> pageTexts = new ArrayList<>();
        List<int[]> wordsPerPage = new ArrayList<>();
        for (Cue cue : cues) {
            TextDrawing whole = TextDrawing.lay(cue.text(), fixed, paint, box.width(), box.height(), measure, size);
            List<TextBlockLayout.Line> lines = whole.block().lines();
            List<String> pages = new ArrayList<>();
            for (int first = 0; first < lines.size(); first += options.maxLines()) {
                int last = Math.min(lines.size(), first + options.maxLines()) - 1;
                pages.add(whole.block().text().substring(lines.get(first).start(), lines.get(last).end()));
            }
            if (pages.isEmpty()) {
                pages.add("");
            }
            int[] counts = new int[pages.size()];
            for (int p = 0; p < pages.size(); p++) {
                counts[p] = SubtitleParser.wordSpans(pages.get(p)).size();
            }
            pageTexts.add(pages);
            wordsPerPage.add(counts);
        }
        List<CaptionTiming.State> states = CaptionTiming.states(cues, wordsPerPage, timed.start(), timed.end());

        int margin = (int) paint.reach();
        int width = box.width() + 2 * margin;
        int height = box.height() + 2 * margin;
        Map<String, TextDrawing> pageDrawings = new HashMap<>();
        Map<String, String> images = new HashMap<>();
        String blank = "caption-" + element.index() + "-blank.png";
        writePng(new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB), directory.resolve(blank));
        int missing = 0;
        List<String> entries = new ArrayList<>();
        double cursor = timed.start();
        for (CaptionTiming.State state : states) {
            if (state.start() - cursor > 1e-6) {
                entries.addAll(entry(blank, state.start() - cursor));
            }
            String pageText = pageTexts.get(state.cue()).get(state.page());
            String key = state.word() + ":" + pageText;
            String name = images.get(key);
            if (name == null) {
                TextDrawing drawing = pageDrawings.get(pageText);
                if (drawing == null) {
                    drawing = TextDrawing.lay(pageText, fixed, paint, box.width(), box.height(), measure, size);
                    pageDrawings.put(pageText, drawing);
                    missing += drawing.missingGlyphs();
                }
                int from = -1;
                int to = -1;
                if (state.word() >= 0) {
                    List<int[]> spans = SubtitleParser.wordSpans(drawing.block().text());
                    if (state.word() < spans.size()) {
                        from = spans.get(state.word())[0];
                        to = spans.get(state.word())[1];
                    }
                }
                name = String.format(Locale.ROOT, "caption-%d-%05d.png", element.index(), images.size());
                writePng(drawing.paint(from, to), directory.resolve(name));
                images.put(key, name);
            }
            entries.addAll(entry(name, state.end() - state.start()));
            cursor = state.end();
        }
        if (timed.end() - cursor > 1e-6) {
            entries.addAll(entry(blank, timed.end() - cursor));
        }
        Path list = directory.resolve("caption-" + element.index() + ".ffconcat");
        StringBuilder text = new StringBuilder("ffconcat version 1.0\n");
        for (String entry : entries) {
            text.append(entry);
        }
        // the concat demuxer gives the last entry no duration: repeat it so the one before lasts its full time
        if (!entries.isEmpty()) {
            String last = entries.get(entries.size() - 1);
            text.append(last, 0, last.indexOf('\n') + 1);
        }
        Files.writeString(list, text.toString(), StandardCharsets.UTF_8);
        return new TextPicture(list, true, width, height, box.x() - margin, box.y() - margin, images.size(), missing,
                System.nanoTime() - started);
    }

    private ShapingMeasure measure(TextStyle style) {
        return measures.computeIfAbsent(List.of(style.stack(), style.letterSpacing()),
                key -> new ShapingMeasure(style.stack(), style.letterSpacing()));
    }

    /** Entries showing {@code image} for {@code seconds}, none longer than {@link #MAX_ENTRY_SECONDS}. */
    private static List<String> entry(String image, double seconds) {
        List<String> entries = new ArrayList<>();
        double left = seconds;
        while (left > 1e-6) {
            double piece = Math.min(MAX_ENTRY_SECONDS, left);
            entries.add(String.format(Locale.ROOT, "file '%s'\nduration %.6f\n", image,
                    CaptionListTime.written(piece)));
            left -= piece;
        }
        return entries;
    }

    /**
     * For captions, "auto" is the largest size at which {@code max_lines} lines fill the box's height and every word
     * of every cue fits its width.
     */
    private static double autoCaptionSize(List<Cue> cues, TextStyle style, TextPaint paint, PixelBox box,
                                          ShapingMeasure measure, int maxLines) {
        double inset = 2 * Math.max(0, style.padding()) + 2 * (paint.stroked() ? paint.strokeWidth() : 0);
        double height = box.height() - inset;
        double width = box.width() - inset;
        int size = (int) Math.max(1, Math.floor(height / (maxLines * style.lineHeight())));
        String longest = "";
        double longestWidth = 0;
        for (Cue cue : cues) {
            for (int[] span : SubtitleParser.wordSpans(cue.text())) {
                String word = cue.text().substring(span[0], span[1]);
                double w = measure.width(word, 100);
                if (w > longestWidth) {
                    longestWidth = w;
                    longest = word;
                }
            }
        }
        while (size > 1 && measure.width(longest, size) > width) {
            size--;
        }
        return size;
    }

    /** PNG with light compression: mostly transparent pictures compress well without the slow levels. */
    static void writePng(BufferedImage image, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (OutputStream out = Files.newOutputStream(file);
             ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (param.canWriteCompressed()) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.9f);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
