package dev.videogen.engine.plan;

import static dev.videogen.engine.plan.FilterSyntax.number;

import dev.videogen.engine.chunks.ChunkedFormats;
import dev.videogen.engine.chunks.FrameRange;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the single FFmpeg command that renders a composition: one input per source (a looped segment too, repeated
 * in the graph by {@link SegmentLoop}), one filter graph that scales, crops, times and stacks every layer over the
 * background in track order, mixes every sound, and encodes once. Pure: it reads no files and starts no process.
 *
 * <p>Each part of the command has its own type: {@link SourceInputs} (the {@code -i} arguments), {@link VisualLayer}
 * (pictures), {@link TextLayer} (text), {@link AudioMix} (sound) and {@link OutputEncoding} (encoder); this class only
 * puts them together in stacking order.
 */
public final class RenderPlanner {

    private RenderPlanner() {
    }

    /**
     * Everything the plan depends on.
     *
     * @param request       the validated request
     * @param timeline      its resolved timing
     * @param sourceFiles   the local file of each element id that has a source
     * @param fontDirectory where the bundled fonts are on disk
     * @param workDirectory where text files go
     * @param output        the file to write
     * @param encoder       encoder choices
     */
    public record Inputs(CompositionRequest request, Timeline timeline, Map<String, Path> sourceFiles,
                         Path fontDirectory, Path workDirectory, Path output, EncoderSettings encoder) {
    }

    public static RenderPlan plan(Inputs in) {
        if (in.request().outputFormat().still()) {
            return planStill(in);
        }
        return plan(in, Scope.WHOLE, null);
    }

    /**
     * One frame, for a still ({@code png}, {@code jpg}): the frame the video of the same composition shows at
     * {@code snapshot_time} (the last frame starting at or before it), written as one picture with no video encoder
     * and no sound. The graph is cut to that frame as a chunk's is: each source is opened by seeking to just before
     * the frame and every expression is evaluated at absolute output time, so the cost is a few decoded frames per
     * source whatever the instant. Pictures that move and members of transitions are planned for their whole element
     * (their motion counts frames from the element's start), so those sources alone are decoded from their start;
     * elements not on screen at the frame are left out.
     */
    public static RenderPlan planStill(Inputs in) {
        CompositionRequest request = in.request();
        if (!request.outputFormat().still()) {
            throw new IllegalArgumentException(request.outputFormat() + " is not a still");
        }
        long frame = stillFrame(request, in.timeline().duration());
        return plan(in, Scope.STILL, new FrameRange(0, frame, frame + 1));
    }

    /** The output frame a still shows: the last one starting at or before {@code snapshot_time}. */
    public static long stillFrame(CompositionRequest request, double duration) {
        long frames = dev.videogen.engine.chunks.ChunkPlanner.frameCount(duration, request.fps());
        return Math.max(0, Math.min(frames - 1, (long) Math.floor(request.stillTime() * request.fps() + 1e-6)));
    }

    /**
     * The picture alone of the output frames {@code range}, for a chunked render: the same graph restricted to the
     * chunk's time (sources opened at the chunk's start, elements off screen left out, every filter still evaluated
     * at absolute output time), encoded with the same settings into a segment that starts on a keyframe referring
     * to nothing before it, so segments join by stream copy.
     */
    public static RenderPlan planSegment(Inputs in, FrameRange range) {
        if (!ChunkedFormats.chunkable(in.request())) {
            throw new IllegalArgumentException("this composition is rendered whole");
        }
        return plan(in, Scope.PICTURE, range);
    }

    /**
     * The sound alone of the whole output, for a chunked render: mixed once, by the same graph and encoder as the
     * single pass, so it has no seam wherever the picture is cut.
     */
    public static RenderPlan planSound(Inputs in) {
        if (!in.request().outputFormat().hasAudio()) {
            throw new IllegalArgumentException(in.request().outputFormat() + " outputs have no sound");
        }
        return plan(in, Scope.SOUND, null);
    }

    private enum Scope { WHOLE, PICTURE, SOUND, STILL }

    /** @param range the frames rendered, or {@code null} for all of them */
    private static RenderPlan plan(Inputs in, Scope scope, FrameRange range) {
        CompositionRequest request = in.request();
        double duration = in.timeline().duration();
        double windowStart = range == null ? 0 : range.startSeconds(request.fps());
        double windowEnd = range == null ? duration : Math.min(duration, range.endSeconds(request.fps()));
        double writtenEnd = windowEnd;
        if (scope == Scope.PICTURE) {
            windowEnd = renderedEnd(in.timeline().elements(), windowEnd, duration, request.fps());
        }
        boolean picture = scope != Scope.SOUND;
        boolean audio = scope != Scope.PICTURE && scope != Scope.STILL && request.outputFormat().hasAudio();
        String stackFormat = request.width() % 2 == 0 && request.height() % 2 == 0 ? "yuv420" : "yuv444";
        FilterGraph graph = new FilterGraph();
        SourceInputs sources = new SourceInputs();
        Map<Path, String> textFiles = new LinkedHashMap<>();
        TextLayer texts = new TextLayer(request, graph, duration, stackFormat);
        AudioMix sound = new AudioMix(graph);
        OutputEncoding output = new OutputEncoding(request.outputFormat(), in.encoder());

        List<TimedElement> stacking = new ArrayList<>(in.timeline().elements());
        stacking.sort(Comparator.comparingInt((TimedElement t) -> t.element().track())
                .thenComparingInt(t -> t.element().index()));
        TransitionGroups groups = TransitionGroups.of(stacking);
        VisualLayer pictures = new VisualLayer(request, graph, duration, stackFormat,
                timed -> groups.member(timed) || timed.element().motion().movesPicture());
        TransitionLayer chains = new TransitionLayer(graph, pictures);
        TimedElement backdrop = picture ? pictures.backdrop(stacking, groups) : null;
        String current = null;
        if (picture && backdrop == null) {
            current = graph.label("base");
            // a chunk's background starts at the chunk's first frame; the shift is rounded to whole frames
            String shift = windowStart == 0 ? "" : ",setpts=floor(PTS+" + number(windowStart) + "/TB+0.5)";
            graph.add(String.format(Locale.ROOT, "color=c=%s:s=%dx%d:r=%s:d=%s%s,format=%sp%s",
                    request.backgroundColor().withOpacity(1).ffmpegColor(), request.width(), request.height(),
                    number(request.fps()), number(windowEnd - windowStart), shift, stackFormat, current));
        }

        // every source is opened first, in stacking order, so a chain of transitions finds its members' inputs
        Map<String, List<Integer>> streams = new HashMap<>();
        Map<String, LayerWindow> windows = new HashMap<>();
        for (TimedElement original : stacking) {
            TimedElement timed = groups.cut(original);
            Element element = timed.element();
            if (element.drawsText()) {
                LayerWindow shown = range == null ? LayerWindow.whole(timed)
                        : LayerWindow.within(timed, windowStart, windowEnd);
                if (scope == Scope.STILL && shown != null && (groups.member(original)
                        || element.motion().movesPicture())) {
                    shown = LayerWindow.whole(timed);
                }
                if (picture && shown != null) {
                    Path drawn = in.sourceFiles().get(element.id());
                    if (drawn == null || timed.media() == null) {
                        throw new IllegalArgumentException("no drawn picture for text element " + element.id());
                    }
                    streams.put(element.id(), List.of(TextLayer.open(sources, timed, drawn, shown)));
                    windows.put(element.id(), shown);
                }
                continue;
            }
            LayerWindow window = range == null ? LayerWindow.whole(timed)
                    : LayerWindow.within(timed, windowStart, windowEnd);
            if (scope == Scope.STILL && window != null && (groups.member(original)
                    || element.motion().movesPicture())) {
                window = LayerWindow.whole(timed);
            }
            boolean visual = picture && window != null && element.type().visual() && timed.media().hasVideo();
            boolean audible = audio && element.audible() && timed.media().hasAudio();
            if (!visual && !audible) {
                continue;
            }
            Path file = in.sourceFiles().get(element.id());
            if (file == null) {
                throw new IllegalArgumentException("no local file for element " + element.id());
            }
            streams.put(element.id(), visual ? sources.open(timed, file, true, window,
                    pictures.repeatsOnDemand(timed)) : sources.open(timed, file, false));
            if (visual) {
                windows.put(element.id(), window);
            }
        }

        TransitionLayer.ElementDrawer draw = (below, timed) -> {
            Element element = timed.element();
            String enable = FilterSyntax.enableWindow(timed, duration);
            if (element.drawsText()) {
                int drawnInput = streams.get(element.id()).get(0);
                return element.motion().movesPicture() ? movingText(graph, below, timed, drawnInput,
                        windows.get(element.id()), pictures, texts, request.fps(), stackFormat, enable)
                        : texts.draw(below, timed, drawnInput, windows.get(element.id()));
            }
            List<Integer> own = streams.get(element.id());
            return element.motion().movesPicture()
                    ? pictures.overlayMoving(below, timed, own, pictures.motion(timed), enable,
                            windows.get(element.id()))
                    : pictures.overlay(below, timed, own, windows.get(element.id()));
        };
        ChunkTransitionLayer chunkChains = scope == Scope.PICTURE
                ? new ChunkTransitionLayer(graph, pictures, request.fps(), range.startFrame(), stackFormat) : null;
        for (TimedElement original : stacking) {
            TimedElement timed = groups.cut(original);
            Element element = timed.element();
            boolean shown = windows.containsKey(element.id());
            if (chunkChains != null && groups.member(original)) {
                // a chunk draws a chain where the single pass does, from the members it shows
                TransitionGroups.Group group = groups.startingWith(original);
                List<TimedElement> within = group == null ? List.of() : group.members().stream()
                        .filter(member -> windows.containsKey(member.element().id())).toList();
                if (!within.isEmpty()) {
                    current = original == backdrop ? chunkChains.stream(group, within, streams, windows)
                            : chunkChains.overStack(current, group, within, draw);
                }
            } else if (picture && shown) {
                if (groups.member(original)) {
                    TransitionGroups.Group group = groups.startingWith(original);
                    if (group != null) {
                        current = original == backdrop ? chains.stream(group, streams)
                                : chains.overStack(current, group, draw, duration);
                    }
                } else if (original == backdrop) {
                    // an opaque layer covering the whole frame for the whole output is the base itself: no
                    // background to draw, no full-frame overlay to pay for
                    List<Integer> own = streams.get(element.id());
                    LayerWindow window = windows.get(element.id());
                    current = element.motion().movesPicture() ? pictures.canvas(timed, own, window)
                            : pictures.layer(timed, own, window);
                } else {
                    current = draw.draw(current, timed);
                }
            }
            if (audio && element.audible() && timed.media().hasAudio()) {
                sound.add(timed, streams.get(element.id()),
                        element.motion().transition() != null ? element.motion().transition().duration() : 0,
                        groups.crossfadeOut(original));
            }
        }

        List<String> outputArguments = new ArrayList<>();
        if (picture) {
            String video = output.finishVideo(graph, current);
            if (scope == Scope.STILL) {
                // the frame at its output time (layers planned whole start earlier), half a frame either side
                String kept = graph.label("still");
                graph.add(video + "trim=start=" + number(Math.max(0, range.startFrame() - 0.5) / request.fps()) + ":end="
                        + number((range.startFrame() + 0.5) / request.fps()) + ",setpts=PTS-STARTPTS" + kept);
                video = kept;
            } else if (range != null) {
                // the segment's frames from its first one, counted exactly
                String counted = graph.label("segment");
                graph.add(video + "setpts=PTS-STARTPTS" + counted);
                video = counted;
            }
            outputArguments.addAll(List.of("-map", video));
        }
        if (audio) {
            outputArguments.addAll(List.of("-map", sound.mix(duration)));
        }
        switch (scope) {
            case WHOLE -> {
                outputArguments.addAll(output.encoderArguments());
                outputArguments.addAll(List.of("-t", number(duration)));
            }
            case PICTURE -> {
                outputArguments.addAll(output.pictureArguments());
                outputArguments.addAll(List.of("-an", "-frames:v", Long.toString(range.frames()), "-f",
                        ChunkedFormats.muxer(request.outputFormat())));
            }
            case STILL -> {
                outputArguments.addAll(output.stillArguments());
                outputArguments.addAll(List.of("-an", "-frames:v", "1", "-f", "image2", "-update", "1"));
            }
            case SOUND -> {
                outputArguments.addAll(output.soundArguments());
                outputArguments.addAll(List.of("-vn", "-t", number(duration), "-f",
                        ChunkedFormats.muxer(request.outputFormat())));
            }
        }
        outputArguments.addAll(List.of("-fs", Long.toString(in.encoder().maxOutputBytes()), in.output().toString()));

        String filterGraph = graph.text();
        List<String> arguments = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-loglevel", "error",
                "-progress", "pipe:1", "-nostats"));
        arguments.addAll(sources.arguments());
        // the graph reaches FFmpeg through a file, written with the text files: a command line has a length limit
        // (100 elements of 2,000 characters exceed it), a file has none
        String name = switch (scope) {
            case WHOLE -> "filter-graph.txt";
            case PICTURE -> "filter-graph-" + range.index() + ".txt";
            case SOUND -> "filter-graph-sound.txt";
            case STILL -> "filter-graph-still.txt";
        };
        Path script = in.workDirectory().resolve(name);
        textFiles.put(script, filterGraph);
        arguments.addAll(List.of("-filter_complex_script", script.toString()));
        arguments.addAll(outputArguments);
        double planned = range == null ? duration : writtenEnd - windowStart;
        return new RenderPlan(arguments, filterGraph, textFiles, planned);
    }

    /**
     * Where a chunk ending at {@code chunkEnd} stops rendering: past the end of any transition the seam cuts, by two
     * frames, so both of its pictures go on after the chunk's last frame as they do in the single pass (FFmpeg's
     * {@code xfade} drops the frames it has not blended yet when both its inputs end together). The frames after
     * {@code chunkEnd} are rendered but never written: the segment keeps exactly its own frames.
     */
    static double renderedEnd(List<TimedElement> elements, double chunkEnd, double duration, double fps) {
        double end = chunkEnd;
        for (TimedElement timed : elements) {
            var transition = timed.element().motion().transition();
            if (transition == null || !TransitionGroups.shows(timed)) {
                continue;
            }
            double blendEnd = timed.start() + transition.duration();
            if (timed.start() < chunkEnd && chunkEnd <= blendEnd + 1 / fps + 1e-9) {
                end = Math.max(end, blendEnd + 2 / fps);
            }
        }
        return Math.min(duration, end);
    }

    private static String movingText(FilterGraph graph, String current, TimedElement timed, int stream,
                                     LayerWindow shown, VisualLayer pictures, TextLayer texts, double fps,
                                     String stackFormat, String window) {
        var motion = pictures.motion(timed);
        MotionChain.Picture picture = texts.picture(timed, stream,
                motion.opacity().constant() ? motion.opacity().first() : 1, shown);
        return new MotionChain(graph, fps, stackFormat, shown.firstFrame(fps)).lay(current, picture,
                TextLayer.fit(timed, pictures), motion, timed.start(), window);
    }
}
