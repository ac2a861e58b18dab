package dev.videogen.engine.plan;

import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.Fonts;
import dev.videogen.engine.model.Rgba;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A text element drawn onto the stack: its box's background, then each wrapped line from a file of its own. */
final class TextLayer {

    private final CompositionRequest request;
    private final FilterGraph graph;
    private final double outputDuration;
    private final Path fontDirectory;
    private final Path workDirectory;
    private final Map<Path, String> textFiles;

    TextLayer(CompositionRequest request, FilterGraph graph, double outputDuration, Path fontDirectory,
              Path workDirectory, Map<Path, String> textFiles) {
        this.request = request;
        this.graph = graph;
        this.outputDuration = outputDuration;
        this.fontDirectory = fontDirectory;
        this.workDirectory = workDirectory;
        this.textFiles = textFiles;
    }

    /** Draws the element over {@code current}; returns the label of the result ({@code current} if nothing shows). */
    String draw(String current, TimedElement timed) {
        Element element = timed.element();
        PixelBox box = Layout.box(element, request.width(), request.height());
        List<String> filters = filters(element, box, FilterSyntax.enableWindow(timed, outputDuration),
                element.opacity(), false);
        if (filters.isEmpty()) {
            return current;
        }
        String next = graph.label("stack");
        graph.add(current + String.join(",", filters) + next);
        return next;
    }

    /**
     * The element drawn on a transparent canvas the size of its box, timed from its start, for motion to move; null
     * when nothing would show.
     *
     * @param opacity the opacity drawn into the canvas (1 when the motion's masks apply it)
     */
    MotionChain.Picture picture(TimedElement timed, double opacity) {
        Element element = timed.element();
        PixelBox box = Layout.box(element, request.width(), request.height());
        List<String> filters = filters(element, new PixelBox(0, 0, box.width(), box.height()), "", opacity, true);
        if (filters.isEmpty()) {
            return null;
        }
        String label = graph.label("textlayer");
        graph.add(String.format(Locale.ROOT, "color=c=black@0:s=%dx%d:r=%s:d=%s,format=yuva%sp,%s,"
                        + "setpts=PTS-STARTPTS+%s/TB%s", box.width(), box.height(),
                FilterSyntax.number(request.fps()), FilterSyntax.number(timed.duration()),
                box.width() % 2 == 0 && box.height() % 2 == 0 ? "420" : "444", String.join(",", filters),
                FilterSyntax.number(timed.start()), label));
        return new MotionChain.Picture(label, box.width(), box.height(), true);
    }

    /** How a text element's canvas sits in its box: exactly over it. */
    static MotionChain.Fit fit(TimedElement timed, VisualLayer pictures) {
        PixelBox box = pictures.box(timed);
        return new MotionChain.Fit(false, box.width(), box.height(), box,
                new Placement(1, 1, box.width(), box.height(), box.x(), box.y()));
    }

    private List<String> filters(Element element, PixelBox box, String window, double opacity, boolean canvas) {
        double fontSize = Math.max(1, Math.round(element.fontSize().toPixels(request.height())));
        FontMetrics metrics = FontCatalog.metrics(element.fontFamily());
        List<String> lines = TextLayout.wrap(element.text(), metrics, fontSize, box.width());
        Path fontFile = fontDirectory.resolve(Fonts.fileName(element.fontFamily()));

        List<String> filters = new ArrayList<>();
        Rgba background = element.backgroundColor().withOpacity(opacity);
        if (background.alpha() > 0) {
            // on a transparent canvas the box's pixels take the colour's alpha too
            filters.add(String.format(Locale.ROOT, "drawbox=x=%d:y=%d:w=%d:h=%d:color=%s:t=fill%s%s",
                    box.x(), box.y(), box.width(), box.height(), background.ffmpegColor(), canvas ? ":replace=1" : "",
                    window));
        }
        Rgba color = element.color().withOpacity(opacity);
        double lineHeight = metrics.lineHeight(fontSize);
        double top = box.y() + (box.height() - lineHeight * lines.size()) / 2.0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || color.alpha() == 0) {
                continue;
            }
            Path textFile = workDirectory.resolve(String.format(Locale.ROOT, "text-%d-%d.txt",
                    element.index(), i));
            textFiles.put(textFile, line);
            long baseline = Math.round(top + i * lineHeight + metrics.ascent(fontSize));
            String x = switch (element.textAlign()) {
                case LEFT -> Integer.toString(box.x());
                case CENTER -> String.format(Locale.ROOT, "%d+(%d-text_w)/2", box.x(), box.width());
                case RIGHT -> String.format(Locale.ROOT, "%d-text_w", box.x() + box.width());
            };
            filters.add(String.format(Locale.ROOT,
                    "drawtext=fontfile=%s:textfile=%s:expansion=none:fontsize=%d:fontcolor=%s:x=%s:y=%d-ascent%s",
                    FilterSyntax.filterPath(fontFile), FilterSyntax.filterPath(textFile), (long) fontSize,
                    color.ffmpegColor(), x, baseline, window));
        }
        return filters;
    }
}
