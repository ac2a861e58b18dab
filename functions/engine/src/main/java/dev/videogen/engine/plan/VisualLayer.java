package dev.videogen.engine.plan;

import static dev.videogen.engine.plan.FilterSyntax.number;

import dev.videogen.engine.media.MediaInfo;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;
import dev.videogen.engine.model.FitMode;
import dev.videogen.engine.motion.LayerMotion;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The picture of a video, image or overlay element: fitted into its box, timed, and stacked over what is below it.
 */
final class VisualLayer {

    private final CompositionRequest request;
    private final FilterGraph graph;
    private final double outputDuration;
    /** The pixel format layers are stacked in: 4:2:0 like the output, or 4:4:4 when a side is odd (GIF only). */
    private final String stackFormat;
    /** Whether an element's still picture is decoded once and repeated as frames are asked for (see below). */
    private final Predicate<TimedElement> repeatedOnDemand;

    /**
     * @param repeatedOnDemand the elements whose still picture, drawn whole, is decoded once and repeated by the
     *                         {@code loop} filter one frame at a time as the graph asks for frames, instead of
     *                         decoded once a second and repeated by {@code fps}: moving pictures and members of
     *                         transitions, whose per-frame filters ({@code perspective}, {@code xfade}) would
     *                         otherwise receive a second of frames at once, each burst filling frame pools FFmpeg
     *                         keeps until the end of the render (and FFmpeg 4.4's {@code xfade} would end the video
     *                         at the first transition between such pictures)
     */
    VisualLayer(CompositionRequest request, FilterGraph graph, double outputDuration, String stackFormat,
                Predicate<TimedElement> repeatedOnDemand) {
        this.request = request;
        this.graph = graph;
        this.outputDuration = outputDuration;
        this.stackFormat = stackFormat;
        this.repeatedOnDemand = repeatedOnDemand;
    }

    /** Whether the element's still picture is opened as one decoded frame, repeated on demand. */
    boolean repeatsOnDemand(TimedElement timed) {
        return timed.media() != null && timed.media().container().still() && repeatedOnDemand.test(timed);
    }

    /**
     * The lowest visual element when it can serve as the base: drawn first (nothing visible under it), opaque,
     * placed over the whole frame, present from the first to the last frame.
     */
    TimedElement backdrop(List<TimedElement> stacking, TransitionGroups groups) {
        for (TimedElement timed : stacking) {
            Element element = timed.element();
            if (element.type() == ElementType.AUDIO) {
                continue;
            }
            if (element.drawsText() || !timed.media().hasVideo()) {
                return null;
            }
            if (groups.member(timed)) {
                TransitionGroups.Group group = groups.startingWith(timed);
                return group != null && groupFillsOpaque(group) ? timed : null;
            }
            if (timed.start() != 0 || Math.abs(timed.end() - outputDuration) > 1e-9 || timed.media().alpha()
                    || element.opacity() < 1) {
                return null;
            }
            if (element.motion().movesPicture() && !fillsOpaque(timed, motion(timed))) {
                return null;
            }
            Placement placement = placement(timed);
            return placement.fills(request.width(), request.height()) ? timed : null;
        }
        return null;
    }

    /** Whether a chain of transitions covers the whole frame with opaque pixels for the whole output. */
    private boolean groupFillsOpaque(TransitionGroups.Group group) {
        if (group.fromNothing() || group.start() > 0 || Math.abs(group.end() - outputDuration) > 1e-9) {
            return false;
        }
        for (TimedElement member : group.members()) {
            if (member.element().type() == ElementType.TEXT || !fillsOpaque(member, motion(member))) {
                return false;
            }
        }
        return true;
    }

    PixelBox box(TimedElement timed) {
        return Layout.box(timed.element(), request.width(), request.height());
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
        Placement placement = placement(timed);
        return picture(timed, streams, window, placement.width(), placement.height(), timed.element().opacity(),
                false);
    }

    /**
     * The part {@code window} of the element's picture at {@code width × height}: cropped as its fit says, scaled,
     * timed, at its place in output time, with {@code opacity} applied; in the stacking format, with alpha when it has
     * any or {@code withAlpha}.
     */
    private String picture(TimedElement timed, List<Integer> streams, LayerWindow window, int width, int height,
                           double opacity, boolean withAlpha) {
        MediaInfo media = timed.media();
        Placement placement = placement(timed);

        StringBuilder chain = new StringBuilder();
        chain.append(graph.concatenated(streams, "v"));
        if (SegmentLoop.inGraph(timed, window)) {
            // one pass decoded, repeated in element time; a chunk drops the repeats before the whole second at
            // least half a second before its first instant (on the grid the single pass's frame rate counts from)
            chain.append("setpts=PTS-STARTPTS,").append(SegmentLoop.picture(timed, window.lastPass()));
            double kept = Math.max(0, Math.floor(window.from() - LayerWindow.DECODE_MARGIN_SECONDS));
            if (!window.whole() && kept > 0) {
                chain.append(",trim=start=").append(number(kept));
            }
        } else {
            chain.append(window.whole() ? "setpts=PTS-STARTPTS"
                    : "setpts=PTS+" + number(window.decodeFrom()) + "/TB");
        }
        boolean enlarged = placement.cropped() && width / placement.visibleWidth() > media.width() + 0.5;
        if (enlarged) {
            chain.append(enlargedCover(media, placement, width, height));
        } else {
            if (placement.cropped()) {
                // shares of the decoded picture, so the crop is right whatever its sample aspect ratio
                chain.append(",crop=w=iw*").append(number(placement.visibleWidth()))
                        .append(":h=ih*").append(number(placement.visibleHeight()))
                        .append(":x=(iw-ow)/2:y=(ih-oh)/2");
            }
            chain.append(String.format(Locale.ROOT, ",scale=%d:%d:flags=bicubic,setsar=1", width, height));
        }
        if (repeatsOnDemand(timed)) {
            // the one picture repeated a frame at a time, each at its output frame's time (from where a chunk's
            // window starts decoding)
            chain.append(",loop=loop=-1:size=1,settb=AVTB,setpts=N/(").append(number(request.fps()))
                    .append("*TB)").append(window.decodeFrom() == 0 ? "" : "+" + number(window.decodeFrom()) + "/TB");
        }
        chain.append(",fps=").append(number(request.fps()));
        if (timed.timedSource() && timed.passes() == 1 && timed.segmentLength() < window.to()) {
            chain.append(",tpad=stop_mode=clone:stop_duration=").append(number(window.to() - timed.segmentLength()));
        }
        chain.append(window.whole() ? ",trim=duration=" + number(window.to())
                : ",trim=start=" + number(window.from()) + ":end=" + number(window.to()));
        boolean translucent = media.alpha() || opacity < 1 || withAlpha;
        if (translucent) {
            chain.append(",format=").append(stackFormat.replace("yuv", "yuva")).append('p');
            if (opacity < 1) {
                chain.append(",lut=a=val*").append(number(opacity));
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

    /**
     * Cover for a picture enlarged to its box: cropping the visible share exactly would cut at whole source pixels,
     * an error the enlargement multiplies (CSS object-fit places the picture to the output pixel). So the crop takes
     * the visible share widened to even source pixels, the scale enlarges that by the exact factor, and a last crop
     * (of output pixels) keeps the box: within a pixel of object-fit at any factor, for the cost of cropping first.
     */
    private static String enlargedCover(MediaInfo media, Placement placement, int width, int height) {
        double sourceW = media.width();
        double sourceH = media.height();
        double factor = Math.max(width / (sourceW * placement.visibleWidth()),
                height / (sourceH * placement.visibleHeight()));
        double visibleX = (sourceW - width / factor) / 2;
        double visibleY = (sourceH - height / factor) / 2;
        int x = 2 * (int) Math.floor(Math.max(0, visibleX) / 2);
        int y = 2 * (int) Math.floor(Math.max(0, visibleY) / 2);
        int right = (int) Math.min(sourceW, 2 * Math.ceil((visibleX + width / factor) / 2));
        int bottom = (int) Math.min(sourceH, 2 * Math.ceil((visibleY + height / factor) / 2));
        long scaledW = Math.max(width, Math.round((right - x) * factor));
        long scaledH = Math.max(height, Math.round((bottom - y) * factor));
        long offsetX = Math.min(scaledW - width, Math.max(0, Math.round((visibleX - x) * factor)));
        long offsetY = Math.min(scaledH - height, Math.max(0, Math.round((visibleY - y) * factor)));
        return String.format(Locale.ROOT, ",crop=%d:%d:%d:%d,scale=%d:%d:flags=bicubic,setsar=1,crop=%d:%d:%d:%d:exact=1",
                right - x, bottom - y, x, y, scaledW, scaledH, width, height, offsetX, offsetY);
    }

    /** The element's motion resolved against its static layout. */
    LayerMotion motion(TimedElement timed) {
        PixelBox box = Layout.box(timed.element(), request.width(), request.height());
        return LayerMotion.resolve(timed.element().motion(), new LayerMotion.StaticBox(box.x(), box.y(), box.width(),
                box.height(), timed.element().opacity()), request.width(), request.height(), timed.duration());
    }

    /**
     * The element's picture, moved as its motion says, laid over {@code below}; returns the label of the result.
     *
     * @param window the overlay's enable option
     */
    String overlayMoving(String below, TimedElement timed, List<Integer> streams, LayerMotion motion, String window) {
        return overlayMoving(below, timed, streams, motion, window, LayerWindow.whole(timed));
    }

    /**
     * The part {@code shown} of the element's picture, moved as its motion says at absolute output time, laid over
     * {@code below}; returns the label of the result.
     *
     * @param window the overlay's enable option
     */
    String overlayMoving(String below, TimedElement timed, List<Integer> streams, LayerMotion motion, String window,
                         LayerWindow shown) {
        Placement placement = placement(timed);
        PixelBox box = Layout.box(timed.element(), request.width(), request.height());
        // drawn larger when the motion enlarges it, so it is not blown up from a small picture (at most twice the
        // frame's longer side)
        double grow = Math.max(1, Math.max(motion.width().max() * motion.scale().max() / box.width(),
                motion.height().max() * motion.scale().max() / box.height()));
        grow = Math.min(grow, Math.max(1.0, 2.0 * Math.max(request.width(), request.height())
                / Math.max(placement.width(), placement.height())));
        int width = (int) Math.round(placement.width() * grow);
        int height = (int) Math.round(placement.height() * grow);
        double opacity = motion.opacity().constant() ? motion.opacity().first() : 1;
        String label = picture(timed, streams, shown, width, height, opacity, true);
        FitMode fit = Layout.effectiveFit(timed.element().fitMode(), box, request.width(), request.height());
        MotionChain.Picture picture = new MotionChain.Picture(label, width, height, timed.media().alpha() || opacity < 1);
        MotionChain.Fit fitting = new MotionChain.Fit(fit == FitMode.CONTAIN, timed.media().width(),
                timed.media().height(), box, placement);
        return new MotionChain(graph, request.fps(), stackFormat, shown.firstFrame(request.fps())).lay(below, picture,
                fitting, motion, timed.start(), window);
    }

    /**
     * The picture of an element that covers the whole frame with opaque pixels (see {@link #fillsOpaque}), moved by
     * its Ken Burns if it has one.
     */
    String canvas(TimedElement timed, List<Integer> streams) {
        return canvas(timed, streams, LayerWindow.whole(timed));
    }

    /** The part {@code shown} of {@link #canvas(TimedElement, List)}, at absolute output time. */
    String canvas(TimedElement timed, List<Integer> streams, LayerWindow shown) {
        LayerMotion motion = motion(timed);
        if (fillsOpaque(timed, motion)) {
            Placement placement = placement(timed);
            String label = picture(timed, streams, shown, placement.width(), placement.height(), 1, false);
            if (motion.kenBurns() == null) {
                return label;
            }
            PixelBox box = Layout.box(timed.element(), request.width(), request.height());
            MotionChain.Picture picture = new MotionChain.Picture(label, placement.width(), placement.height(), false);
            return new MotionChain(graph, request.fps(), stackFormat, shown.firstFrame(request.fps())).kenBurnsOnly(
                    picture, new MotionChain.Fit(false, box.width(), box.height(), box, placement), motion,
                    timed.start());
        }
        throw new IllegalArgumentException("element " + timed.element().id() + " does not fill the frame");
    }

    /** Whether the element covers the whole frame with opaque pixels all the time (Ken Burns keeps it so). */
    boolean fillsOpaque(TimedElement timed, LayerMotion motion) {
        boolean onlyKenBurns = !motion.geometryChanges() && !motion.rotates() && motion.wipes().isEmpty()
                && motion.opacity().constant() && motion.scale().first() == 1;
        return onlyKenBurns && !timed.media().alpha() && motion.opacity().first() >= 1
                && placement(timed).fills(request.width(), request.height());
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
