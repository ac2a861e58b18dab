package dev.videogen.engine.plan;

import static dev.videogen.engine.plan.FilterSyntax.number;

import dev.videogen.engine.media.MediaInfo;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;
import dev.videogen.engine.model.FitMode;
import java.util.List;
import java.util.Locale;

/**
 * The picture of a video, image or overlay element: fitted into its box, timed, and stacked over what is below it.
 */
final class VisualLayer {

    private final CompositionRequest request;
    private final FilterGraph graph;
    private final double outputDuration;
    /** The pixel format layers are stacked in: 4:2:0 like the output, or 4:4:4 when a side is odd (GIF only). */
    private final String stackFormat;

    VisualLayer(CompositionRequest request, FilterGraph graph, double outputDuration, String stackFormat) {
        this.request = request;
        this.graph = graph;
        this.outputDuration = outputDuration;
        this.stackFormat = stackFormat;
    }

    /**
     * The lowest visual element when it can serve as the base: drawn first (nothing visible under it), opaque,
     * placed over the whole frame, present from the first to the last frame.
     */
    TimedElement backdrop(List<TimedElement> stacking) {
        for (TimedElement timed : stacking) {
            Element element = timed.element();
            if (element.type() == ElementType.AUDIO) {
                continue;
            }
            if (element.type() == ElementType.TEXT || !timed.media().hasVideo()) {
                return null;
            }
            if (timed.start() != 0 || Math.abs(timed.end() - outputDuration) > 1e-9 || timed.media().alpha()
                    || element.opacity() < 1) {
                return null;
            }
            Placement placement = placement(timed);
            return placement.fills(request.width(), request.height()) ? timed : null;
        }
        return null;
    }

    private Placement placement(TimedElement timed) {
        PixelBox box = Layout.box(timed.element(), request.width(), request.height());
        FitMode fit = Layout.effectiveFit(timed.element().fitMode(), box, request.width(), request.height());
        return Layout.place(fit, box, timed.media().width(), timed.media().height());
    }

    /** The element's picture, cropped, scaled, timed and shifted to its start; returns its label. */
    String layer(TimedElement timed, List<Integer> streams) {
        return layer(timed, streams, LayerWindow.whole(timed));
    }

    /**
     * The part {@code window} of the element's picture at its place in output time; returns its label. A chunk's
     * frames keep their timestamps (shifted by where decoding started) so each lands where the single pass puts it.
     */
    String layer(TimedElement timed, List<Integer> streams, LayerWindow window) {
        Element element = timed.element();
        MediaInfo media = timed.media();
        Placement placement = placement(timed);

        StringBuilder chain = new StringBuilder();
        chain.append(graph.concatenated(streams, "v"));
        chain.append(window.whole() ? "setpts=PTS-STARTPTS"
                : "setpts=PTS+" + number(window.decodeFrom()) + "/TB");
        if (placement.cropped()) {
            // shares of the decoded picture, so the crop is right whatever its sample aspect ratio
            chain.append(",crop=w=iw*").append(number(placement.visibleWidth()))
                    .append(":h=ih*").append(number(placement.visibleHeight()))
                    .append(":x=(iw-ow)/2:y=(ih-oh)/2");
        }
        chain.append(String.format(Locale.ROOT, ",scale=%d:%d:flags=bicubic,setsar=1",
                placement.width(), placement.height()));
        chain.append(",fps=").append(number(request.fps()));
        if (timed.timedSource() && timed.passes() == 1 && timed.segmentLength() < window.to()) {
            chain.append(",tpad=stop_mode=clone:stop_duration=").append(number(window.to() - timed.segmentLength()));
        }
        chain.append(window.whole() ? ",trim=duration=" + number(window.to())
                : ",trim=start=" + number(window.from()) + ":end=" + number(window.to()));
        boolean translucent = media.alpha() || element.opacity() < 1;
        if (translucent) {
            chain.append(",format=").append(stackFormat.replace("yuv", "yuva")).append('p');
            if (element.opacity() < 1) {
                chain.append(",lut=a=val*").append(number(element.opacity()));
            }
        } else {
            chain.append(",format=").append(stackFormat).append('p');
        }
        chain.append(window.whole() ? ",setpts=PTS-STARTPTS+" : ",setpts=PTS+").append(number(timed.start()))
                .append("/TB");
        String layer = graph.label("layer");
        graph.add(chain + layer);
        return layer;
    }

    /** The element's picture laid over {@code current} while it is on screen; returns the label of the result. */
    String overlay(String current, TimedElement timed, List<Integer> streams) {
        return overlay(current, timed, streams, LayerWindow.whole(timed));
    }

    /** The part {@code window} of the element's picture laid over {@code current}; returns the label of the result. */
    String overlay(String current, TimedElement timed, List<Integer> streams, LayerWindow window) {
        Placement placement = placement(timed);
        String layer = layer(timed, streams, window);
        String next = graph.label("stack");
        graph.add(String.format(Locale.ROOT, "%s%soverlay=x=%d:y=%d:eof_action=pass:format=%s%s%s",
                current, layer, placement.x(), placement.y(), stackFormat,
                FilterSyntax.enableWindow(timed, outputDuration), next));
        return next;
    }
}
