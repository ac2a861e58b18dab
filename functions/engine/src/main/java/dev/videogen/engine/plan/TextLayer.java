package dev.videogen.engine.plan;

import static dev.videogen.engine.plan.FilterSyntax.number;

import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A text or caption element's picture stacked over what is below it. The picture was drawn before FFmpeg starts (see
 * {@code TextPictures}): a PNG for text, a concat list of timed PNGs for captions, each as large as the element's box
 * plus a margin for outline and shadow; the margin is half the difference between the picture and the box. FFmpeg
 * sees file names only, never the text.
 */
final class TextLayer {

    private final CompositionRequest request;
    private final FilterGraph graph;
    private final double outputDuration;
    private final String stackFormat;

    TextLayer(CompositionRequest request, FilterGraph graph, double outputDuration, String stackFormat) {
        this.request = request;
        this.graph = graph;
        this.outputDuration = outputDuration;
        this.stackFormat = stackFormat;
    }

    /**
     * Opens the element's picture for what {@code window} shows of it: a still repeated once a second for text, the
     * timed list for captions (read from its start even in a chunk: a picture a second at most, and a seek would
     * drop the state already showing at the chunk's start); returns the input.
     */
    static int open(SourceInputs sources, TimedElement timed, Path picture, LayerWindow window) {
        if (timed.element().type() == ElementType.CAPTION) {
            return sources.openList(picture);
        }
        return sources.open(timed, picture, true, window).get(0);
    }

    /**
     * Stacks what {@code window} shows of the picture of input {@code stream} over {@code current}, at absolute
     * output time; returns the label of the result.
     */
    String draw(String current, TimedElement timed, int stream, LayerWindow window) {
        Element element = timed.element();
        PixelBox box = Layout.box(element, request.width(), request.height());
        int marginX = (timed.media().width() - box.width()) / 2;
        int marginY = (timed.media().height() - box.height()) / 2;
        double decodeFrom = element.type() == ElementType.CAPTION ? 0 : window.decodeFrom();
        StringBuilder chain = new StringBuilder();
        chain.append('[').append(stream).append(":v]").append(start(timed));
        if (decodeFrom > 0) {
            chain.append('+').append(number(decodeFrom)).append("/TB");
        }
        // converted (and faded) once per decoded picture, before the frame-rate filter repeats it: a still text or
        // caption state is decoded about once a second, so the conversion runs once a second, not once a frame
        chain.append(",format=").append(stackFormat.replace("yuv", "yuva")).append('p');
        if (element.opacity() < 1) {
            chain.append(",lut=a=val*").append(number(element.opacity()));
        }
        chain.append(",fps=").append(number(request.fps()));
        chain.append(window.whole() ? ",trim=duration=" + number(window.to())
                : ",trim=start=" + number(window.from()) + ":end=" + number(window.to()));
        chain.append(window.whole() ? ",setpts=PTS-STARTPTS+" : ",setpts=PTS+").append(number(timed.start()))
                .append("/TB");
        String layer = graph.label("text");
        graph.add(chain + layer);
        String next = graph.label("stack");
        graph.add(String.format(Locale.ROOT, "%s%soverlay=x=%d:y=%d:eof_action=pass:format=%s%s%s", current, layer,
                box.x() - marginX, box.y() - marginY, stackFormat, FilterSyntax.enableWindow(timed, outputDuration),
                next));
        return next;
    }

    /**
     * The element's picture timed from its start, unplaced, for motion to move and fit over its box; the motion's
     * masks apply the opacity unless it is constant ({@code opacity}).
     */
    MotionChain.Picture picture(TimedElement timed, int stream, double opacity) {
        return picture(timed, stream, opacity, LayerWindow.whole(timed));
    }

    /** The part {@code window} of {@link #picture(TimedElement, int, double)}, its frames at absolute output time. */
    MotionChain.Picture picture(TimedElement timed, int stream, double opacity, LayerWindow window) {
        double decodeFrom = timed.element().type() == ElementType.CAPTION ? 0 : window.decodeFrom();
        StringBuilder chain = new StringBuilder();
        chain.append('[').append(stream).append(":v]").append(start(timed));
        if (decodeFrom > 0) {
            chain.append('+').append(number(decodeFrom)).append("/TB");
        }
        chain.append(",format=").append(stackFormat.replace("yuv", "yuva")).append('p');
        if (opacity < 1) {
            chain.append(",lut=a=val*").append(number(opacity));
        }
        chain.append(",fps=").append(number(request.fps()));
        chain.append(window.whole() ? ",trim=duration=" + number(window.to())
                : ",trim=start=" + number(window.from()) + ":end=" + number(window.to()));
        chain.append(window.whole() ? ",setpts=PTS-STARTPTS+" : ",setpts=PTS+").append(number(timed.start()))
                .append("/TB");
        String label = graph.label("textlayer");
        graph.add(chain + label);
        return new MotionChain.Picture(label, timed.media().width(), timed.media().height(), true);
    }

    /** The picture's times from its start; a caption's list is read back to the millisecond. */
    private static String start(TimedElement timed) {
        return timed.element().type() == ElementType.CAPTION ? CaptionListTime.readBack() : "setpts=PTS-STARTPTS";
    }

    /** How a text element's picture sits over its box: centred on it, its margin spilling equally on every side. */
    static MotionChain.Fit fit(TimedElement timed, VisualLayer pictures) {
        PixelBox box = pictures.box(timed);
        int width = timed.media().width();
        int height = timed.media().height();
        return new MotionChain.Fit(false, width, height, box, new Placement(1, 1, width, height,
                box.x() - (width - box.width()) / 2, box.y() - (height - box.height()) / 2));
    }
}
