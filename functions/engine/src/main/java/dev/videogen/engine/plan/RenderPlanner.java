package dev.videogen.engine.plan;

import static dev.videogen.engine.plan.FilterSyntax.number;

import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the single FFmpeg command that renders a composition: one input per source (a looped trimmed segment opens
 * its file once per pass), one filter graph that scales, crops, times and stacks every layer over the background in
 * track order, mixes every sound, and encodes once. Pure: it reads no files and starts no process.
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
        CompositionRequest request = in.request();
        double duration = in.timeline().duration();
        String stackFormat = request.width() % 2 == 0 && request.height() % 2 == 0 ? "yuv420" : "yuv444";
        FilterGraph graph = new FilterGraph();
        SourceInputs sources = new SourceInputs();
        Map<Path, String> textFiles = new LinkedHashMap<>();
        VisualLayer pictures = new VisualLayer(request, graph, duration, stackFormat);
        TextLayer texts = new TextLayer(request, graph, duration, in.fontDirectory(), in.workDirectory(), textFiles);
        AudioMix sound = new AudioMix(graph);
        OutputEncoding output = new OutputEncoding(request.outputFormat(), in.encoder());

        List<TimedElement> stacking = new ArrayList<>(in.timeline().elements());
        stacking.sort(Comparator.comparingInt((TimedElement t) -> t.element().track())
                .thenComparingInt(t -> t.element().index()));
        TimedElement backdrop = pictures.backdrop(stacking);
        String current = null;
        if (backdrop == null) {
            current = graph.label("base");
            graph.add(String.format(Locale.ROOT, "color=c=%s:s=%dx%d:r=%s:d=%s,format=%sp%s",
                    request.backgroundColor().withOpacity(1).ffmpegColor(), request.width(), request.height(),
                    number(request.fps()), number(duration), stackFormat, current));
        }
        for (TimedElement timed : stacking) {
            Element element = timed.element();
            if (element.type() == ElementType.TEXT) {
                current = texts.draw(current, timed);
                continue;
            }
            boolean visual = element.type().visual() && timed.media().hasVideo();
            boolean audible = request.outputFormat().hasAudio() && element.audible() && timed.media().hasAudio();
            if (!visual && !audible) {
                continue;
            }
            Path file = in.sourceFiles().get(element.id());
            if (file == null) {
                throw new IllegalArgumentException("no local file for element " + element.id());
            }
            List<Integer> streams = sources.open(timed, file, visual);
            if (visual) {
                // an opaque layer covering the whole frame for the whole output is the base itself: no
                // background to draw, no full-frame overlay to pay for
                current = timed == backdrop ? pictures.layer(timed, streams) : pictures.overlay(current, timed, streams);
            }
            if (audible) {
                sound.add(timed, streams);
            }
        }

        List<String> outputArguments = new ArrayList<>(List.of("-map", output.finishVideo(graph, current)));
        if (request.outputFormat().hasAudio()) {
            outputArguments.addAll(List.of("-map", sound.mix(duration)));
        }
        outputArguments.addAll(output.encoderArguments());
        outputArguments.addAll(List.of("-t", number(duration), "-fs", Long.toString(in.encoder().maxOutputBytes()),
                in.output().toString()));

        String filterGraph = graph.text();
        List<String> arguments = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-loglevel", "error",
                "-progress", "pipe:1", "-nostats"));
        arguments.addAll(sources.arguments());
        arguments.addAll(List.of("-filter_complex", filterGraph));
        arguments.addAll(outputArguments);
        return new RenderPlan(arguments, filterGraph, textFiles, duration);
    }
}
