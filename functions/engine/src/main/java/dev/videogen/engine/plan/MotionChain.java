package dev.videogen.engine.plan;

import static dev.videogen.engine.plan.FilterSyntax.number;

import dev.videogen.engine.motion.Edge;
import dev.videogen.engine.motion.KenBurns;
import dev.videogen.engine.motion.KeyframeTrack;
import dev.videogen.engine.motion.LayerMotion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The filters that move one picture stream over time and lay it onto what is below it. Works on any visual layer
 * stream (media fitted into its box, or text drawn on its own canvas), in this order:
 * <ol>
 *   <li>Ken Burns: the picture in its box magnified about the focus point (sub-pixel, by {@code perspective});</li>
 *   <li>opacity and wipes: masks multiplied into the picture's alpha;</li>
 *   <li>size: the picture re-fitted into the box of the frame's time and scaled about its centre;</li>
 *   <li>rotation: turned about the box centre on a square transparent canvas;</li>
 *   <li>position: laid over the stack with the box's position at the frame's time; the frame clips it.</li>
 * </ol>
 * Every expression is written in absolute output time {@code t} (local time is {@code t - start}), except Ken Burns:
 * {@code perspective} counts frames only, so its time is {@code firstFrame + (in-1)/fps}, where {@code firstFrame}
 * is the output time of the first frame the layer feeds it (the element's start in a whole render). A chunk feeds it
 * the element's frames from {@code firstFrame} on (counted from the element's start): Ken Burns counts on from there,
 * and the masks and canvases made for the layer start there too, so every frame is the single pass's.
 */
final class MotionChain {

    /**
     * The picture stream to move.
     *
     * @param label       its label in the graph (timed: its first frame at the element's start)
     * @param width       its width in pixels
     * @param height      its height in pixels
     * @param translucent whether it has an alpha channel that is not fully opaque
     */
    record Picture(String label, int width, int height, boolean translucent) {
    }

    /**
     * How the picture sits in its box.
     *
     * @param contain     whether the media keeps its aspect inside the box ({@code contain}); otherwise it fills the
     *                    box ({@code cover} crops, {@code fill} stretches)
     * @param mediaWidth  the media's width, for re-fitting under {@code contain}
     * @param mediaHeight the media's height
     * @param box         the static box
     * @param placement   where the static layout puts the picture
     */
    record Fit(boolean contain, double mediaWidth, double mediaHeight, PixelBox box, Placement placement) {
    }

    private final FilterGraph graph;
    private final double fps;
    private final String stackFormat;
    private final long firstFrame;

    MotionChain(FilterGraph graph, double fps, String stackFormat) {
        this(graph, fps, stackFormat, 0);
    }

    /** A chain fed the element's frames from {@code firstFrame} on, counted from 0 at the element's start. */
    MotionChain(FilterGraph graph, double fps, String stackFormat, long firstFrame) {
        this.graph = graph;
        this.fps = fps;
        this.stackFormat = stackFormat;
        this.firstFrame = firstFrame;
    }

    /** The element's remaining duration from the first frame fed, as a generated source's {@code d}. */
    private String fedDuration(double duration) {
        return number(duration - firstFrame / fps);
    }

    /** Shifts a generated source starting at 0 to the first frame fed, in ticks of its own {@code 1/fps} base. */
    private String fedShift(double start) {
        return "setpts=PTS-STARTPTS+" + (firstFrame == 0 ? "" : firstFrame + "+") + number(start) + "/TB";
    }

    /**
     * Lays {@code picture}, moved as {@code motion} says, over {@code below}; returns the label of the result.
     *
     * @param window the overlay's enable option (empty when the layer is on screen for the whole of {@code below})
     */
    String lay(String below, Picture picture, Fit fit, LayerMotion motion, double start, String window) {
        String local = "(t-" + number(start) + ")";
        Picture current = picture;
        Fit currentFit = fit;
        if (motion.kenBurns() != null) {
            current = kenBurns(current, fit, motion.kenBurns(), motion.duration(), start);
            currentFit = new Fit(false, fit.box().width(), fit.box().height(), fit.box(),
                    new Placement(1, 1, fit.box().width(), fit.box().height(), fit.box().x(), fit.box().y()));
        }
        current = masks(current, currentFit, motion, start);

        String boxW = motion.width().expression(local);
        String boxH = motion.height().expression(local);
        String scale = motion.scale().expression(local);
        String rawW;
        String rawH;
        if (currentFit.contain()) {
            String k = "min((" + boxW + ")/" + number(currentFit.mediaWidth()) + ",(" + boxH + ")/"
                    + number(currentFit.mediaHeight()) + ")*(" + scale + ")";
            rawW = number(currentFit.mediaWidth()) + "*" + k;
            rawH = number(currentFit.mediaHeight()) + "*" + k;
        } else {
            rawW = "(" + boxW + ")*(" + scale + ")";
            rawH = "(" + boxH + ")*(" + scale + ")";
        }
        String pictureW = "max(1,round(" + rawW + "))";
        String pictureH = "max(1,round(" + rawH + "))";
        boolean staticSize = !motion.sizeChanges() && current.width() == constantSize(motion, currentFit, true)
                && current.height() == constantSize(motion, currentFit, false);
        String centreX = "((" + motion.x().expression(local) + ")+(" + boxW + ")/2)";
        String centreY = "((" + motion.y().expression(local) + ")+(" + boxH + ")/2)";

        String moved = current.label();
        String drawnW = pictureW;
        String drawnH = pictureH;
        if (!staticSize) {
            String next = graph.label("sized");
            graph.add(moved + "scale=w='" + pictureW + "':h='" + pictureH + "':eval=frame:flags=bicubic,setsar=1"
                    + next);
            moved = next;
        } else {
            drawnW = Integer.toString(current.width());
            drawnH = Integer.toString(current.height());
        }
        if (motion.rotates()) {
            int side = rotationCanvas(motion);
            // each side chosen so that at rest (the final values) the canvas lands on the stack's even pixel grid
            int canvasW = onGrid(side, motion.x().last() + motion.width().last() / 2);
            int canvasH = onGrid(side, motion.y().last() + motion.height().last() / 2);
            String canvas = graph.label("turncanvas");
            // full chroma on the canvas, so the picture is centred on it to the pixel before it turns about its centre
            graph.add(String.format(Locale.ROOT, "color=c=black@0:s=%dx%d:r=%s:d=%s,format=yuva444p,%s%s",
                    canvasW, canvasH, number(fps), fedDuration(motion.duration()), fedShift(start), canvas));
            String turned = graph.label("turned");
            graph.add(String.format(Locale.ROOT, "%s%soverlay=x='floor((%d-(%s))/2)':y='floor((%d-(%s))/2)'"
                            + ":eval=frame:eof_action=pass:format=yuv444,rotate=a='(%s)*PI/180':ow=%d:oh=%d:c=black@0%s",
                    canvas, moved, canvasW, drawnW, canvasH, drawnH,
                    motion.rotation().expression(local), canvasW, canvasH, turned));
            moved = turned;
            drawnW = Integer.toString(canvasW);
            drawnH = Integer.toString(canvasH);
        }
        String x = centreX + "-(" + drawnW + ")/2";
        String y = centreY + "-(" + drawnH + ")/2";
        // a picture scaled below half a pixel is not drawn at all (CSS draws nothing at scale 0)
        String hidden = "lt(" + rawW + ",0.5)+lt(" + rawH + ",0.5)";
        String out = graph.label("stack");
        graph.add(String.format(Locale.ROOT, "%s%soverlay=x='if(%s,-100000,%s)':y='if(%s,-100000,%s)'"
                        + ":eval=frame:eof_action=pass:format=%s%s%s",
                below, moved, hidden, onGrid(x), hidden, onGrid(y), stackFormat, window, out));
        return out;
    }

    /** Only the Ken Burns move of an opaque full-frame picture, which stays opaque and full-frame. */
    String kenBurnsOnly(Picture picture, Fit fit, LayerMotion motion, double start) {
        return kenBurns(picture, fit, motion.kenBurns(), motion.duration(), start).label();
    }

    /** A position as the overlay places it: the nearest even pixel when chroma is subsampled, else the nearest. */
    private String onGrid(String position) {
        return stackFormat.equals("yuv420") ? "2*round((" + position + ")/2)" : "round(" + position + ")";
    }

    /** The picture's size when the size never changes, as the per-frame expression would compute it. */
    private static int constantSize(LayerMotion motion, Fit fit, boolean horizontal) {
        double scale = motion.scale().first();
        double boxW = motion.width().first();
        double boxH = motion.height().first();
        double raw;
        if (fit.contain()) {
            double k = Math.min(boxW / fit.mediaWidth(), boxH / fit.mediaHeight()) * scale;
            raw = (horizontal ? fit.mediaWidth() : fit.mediaHeight()) * k;
        } else {
            raw = (horizontal ? boxW : boxH) * scale;
        }
        return (int) Math.max(1, Math.round(raw));
    }

    /**
     * A canvas side of at least {@code side}, even, whose half has the parity of {@code centre} when that is a whole
     * pixel, so the canvas's corner ({@code centre - side/2}) is on the even grid of a 4:2:0 stack.
     */
    private int onGrid(int side, double centre) {
        int even = side + side % 2;
        if (!stackFormat.equals("yuv420") || centre != Math.rint(centre)) {
            return even;
        }
        return ((long) centre - even / 2) % 2 == 0 ? even : even + 2;
    }

    /** The side of a square that holds the picture turned any way at any time. */
    private static int rotationCanvas(LayerMotion motion) {
        double w = motion.width().max() * motion.scale().max();
        double h = motion.height().max() * motion.scale().max();
        int side = (int) Math.ceil(Math.hypot(w, h)) + 2;
        return side + side % 2;
    }

    /**
     * Ken Burns: the picture padded to its box (transparent where {@code contain} leaves room), then each frame
     * magnified about the focus point, which stays where it is in the box; what leaves the box is cut off.
     */
    private Picture kenBurns(Picture picture, Fit fit, KenBurns kenBurns, double duration, double start) {
        PixelBox box = fit.box();
        Placement placement = fit.placement();
        StringBuilder chain = new StringBuilder(picture.label());
        boolean padded = placement.width() < box.width() || placement.height() < box.height();
        int offsetX = placement.x() - box.x();
        int offsetY = placement.y() - box.y();
        if (padded) {
            chain.append(String.format(Locale.ROOT, "pad=%d:%d:%d:%d:color=black@0,", box.width(), box.height(),
                    offsetX, offsetY));
        }
        // local time from the frame counter: the layer's frames are at start + n/fps, the first one fed is firstFrame
        String local = "((in-1" + (firstFrame == 0 ? "" : "+" + firstFrame) + ")/" + number(fps) + ")";
        KeyframeTrack zoom = kenBurns.zoom(duration);
        String z = zoom.expression(local);
        String focusX = "(" + offsetX + "+" + placement.width() + "*(" + kenBurns.focusX(duration).expression(local)
                + ")/100)";
        String focusY = "(" + offsetY + "+" + placement.height() + "*(" + kenBurns.focusY(duration).expression(local)
                + ")/100)";
        String[] xs = {"0", Integer.toString(box.width()), "0", Integer.toString(box.width())};
        String[] ys = {"0", "0", Integer.toString(box.height()), Integer.toString(box.height())};
        chain.append("perspective=");
        for (int i = 0; i < 4; i++) {
            chain.append(String.format(Locale.ROOT, "x%d='%s+(%s)*(%s-%s)':y%d='%s+(%s)*(%s-%s)':", i, focusX, z,
                    xs[i], focusX, i, focusY, z, ys[i], focusY));
        }
        chain.append("sense=destination:eval=frame");
        String out = graph.label("kenburns");
        graph.add(chain + out);
        return new Picture(out, box.width(), box.height(), picture.translucent() || padded);
    }

    /** Opacity and wipes, multiplied into the picture's alpha by masks of its size. */
    private Picture masks(Picture picture, Fit fit, LayerMotion motion, double start) {
        List<String> masks = new ArrayList<>();
        String local = "(T-" + number(start) + ")";
        String timing = String.format(Locale.ROOT, "r=%s:d=%s", number(fps), fedDuration(motion.duration()));
        String shift = fedShift(start);
        if (!motion.opacity().constant()) {
            String mask = graph.label("fademask");
            graph.add(String.format(Locale.ROOT, "color=c=black:s=1x1:%s,format=gray,%s,geq=lum='round(255*(%s))',"
                            + "scale=%d:%d:flags=neighbor%s", timing, shift, motion.opacity().expression(local),
                    picture.width(), picture.height(), mask));
            masks.add(mask);
        }
        String cropLocal = "(t-" + number(start) + ")";
        for (LayerMotion.Wipe wipe : motion.wipes()) {
            int w = picture.width();
            int h = picture.height();
            boolean horizontal = wipe.from().horizontal();
            String shown = graph.label("shown");
            String hiddenPart = graph.label("hidden");
            graph.add(String.format(Locale.ROOT, "color=c=black:s=%dx%d:%s,format=gray,lut=c0=255,%s%s", w, h, timing,
                    shift, shown));
            graph.add(String.format(Locale.ROOT, "color=c=black:s=%dx%d:%s,format=gray,lut=c0=0,%s%s", w, h, timing,
                    shift, hiddenPart));
            boolean visibleFirst = wipe.from() == Edge.LEFT || wipe.from() == Edge.TOP;
            String stack = (visibleFirst ? shown + hiddenPart : hiddenPart + shown)
                    + (horizontal ? "hstack=2" : "vstack=2");
            String visible = wipe.visible().expression(cropLocal);
            int side = horizontal ? w : h;
            String offset = visibleFirst ? "round(" + side + "*(1-(" + visible + ")))"
                    : "round(" + side + "*(" + visible + "))";
            String mask = graph.label("wipemask");
            graph.add(String.format(Locale.ROOT, "%s,crop=w=%d:h=%d:x='%s':y='%s'%s", stack, w, h,
                    horizontal ? offset : "0", horizontal ? "0" : offset, mask));
            masks.add(mask);
        }
        if (masks.isEmpty()) {
            return picture;
        }
        String mask = masks.get(0);
        for (int i = 1; i < masks.size(); i++) {
            String product = graph.label("mask");
            graph.add(mask + masks.get(i) + "blend=all_mode=multiply" + product);
            mask = product;
        }
        String withAlpha = graph.label("masked");
        String alphaFormat = "yuva" + stackFormat.substring(3) + "p";
        if (picture.translucent()) {
            String colour = graph.label("colour");
            String alpha = graph.label("alpha");
            String product = graph.label("alphamasked");
            graph.add(picture.label() + "format=" + alphaFormat + ",split" + colour + alpha);
            graph.add(alpha + "alphaextract" + alpha.replace("[", "[x"));
            graph.add(alpha.replace("[", "[x") + mask + "blend=all_mode=multiply" + product);
            graph.add(colour + product + "alphamerge" + withAlpha);
        } else {
            graph.add(picture.label() + "format=" + alphaFormat + "[opaque" + withAlpha.substring(1));
            graph.add("[opaque" + withAlpha.substring(1) + mask + "alphamerge" + withAlpha);
        }
        return new Picture(withAlpha, picture.width(), picture.height(), true);
    }
}
