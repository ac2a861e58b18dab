package dev.videogen.engine.plan;

import dev.videogen.engine.media.MediaInfo;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.OutputFormat;
import dev.videogen.engine.model.ElementType;
import dev.videogen.engine.validation.FieldProblem;
import dev.videogen.engine.validation.InvalidRequestException;
import dev.videogen.engine.validation.Limits;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves every element's start, end and source segment from the request and the probed sources:
 * <ul>
 *   <li>video/audio: the used segment is {@code [trim_start, min(trim_end, source length))}; {@code duration: auto}
 *   is that segment's length; a longer duration repeats it with {@code loop}, else holds the last frame (silence for
 *   sound);</li>
 *   <li>image/text/overlay: {@code duration: auto} lasts until the end of the output (a video overlay plays once and
 *   holds its last frame);</li>
 *   <li>the output lasts {@code duration}, or until the latest end of any element that has a natural end.</li>
 * </ul>
 * Elements starting at or after the end of the output are left out.
 */
public final class TimelineResolver {

    private TimelineResolver() {
    }

    /**
     * @param media what probing found for each element id that has a source
     * @throws InvalidRequestException when a trim lies outside its source or the output would be empty or too long
     */
    public static Timeline resolve(CompositionRequest request, Map<String, MediaInfo> media) {
        List<FieldProblem> problems = new ArrayList<>();
        List<Segment> segments = new ArrayList<>();
        for (Element element : request.elements()) {
            MediaInfo info = media.get(element.id());
            if (element.type().needsSource() && info == null) {
                throw new IllegalArgumentException("no probe result for element " + element.id());
            }
            segments.add(segment(element, info, problems));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }

        double outputDuration;
        if (request.duration().isPresent()) {
            outputDuration = request.duration().getAsDouble();
        } else {
            outputDuration = 0;
            for (int i = 0; i < segments.size(); i++) {
                Segment segment = segments.get(i);
                if (segment.naturalLength > 0) {
                    outputDuration = Math.max(outputDuration, request.elements().get(i).time() + segment.naturalLength);
                }
            }
            if (outputDuration <= 0) {
                throw new InvalidRequestException("duration",
                        "cannot be determined: no element has a natural end; give the output a duration");
            }
            if (outputDuration > Limits.MAX_OUTPUT_SECONDS) {
                throw new InvalidRequestException("duration", String.format(Locale.ROOT,
                        "the elements end at %.3f s, past the longest output of %d s; give a shorter duration",
                        outputDuration, (int) Limits.MAX_OUTPUT_SECONDS));
            }
            // the same cap as an explicit GIF duration: palette generation holds every frame in memory
            if (request.outputFormat() == OutputFormat.GIF && outputDuration > Limits.MAX_GIF_SECONDS) {
                throw new InvalidRequestException("duration", String.format(Locale.ROOT,
                        "the elements end at %.3f s, past the longest GIF of %d s; give a shorter duration",
                        outputDuration, (int) Limits.MAX_GIF_SECONDS));
            }
        }

        List<TimedElement> timed = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            Element element = request.elements().get(i);
            Segment segment = segments.get(i);
            double start = element.time();
            if (start >= outputDuration) {
                continue;
            }
            double length = segment.naturalLength > 0 ? segment.naturalLength : outputDuration - start;
            double end = Math.min(start + length, outputDuration);
            timed.add(new TimedElement(element, media.get(element.id()), start, end, segment.trimStart,
                    segment.segmentLength));
        }
        TransitionGroups.check(timed);
        return new Timeline(outputDuration, timed);
    }

    /** The source segment an element uses and its length on the output when that is known without the output. */
    private record Segment(double trimStart, double segmentLength, double naturalLength) {
    }

    private static Segment segment(Element element, MediaInfo info, List<FieldProblem> problems) {
        double declared = element.duration().orElse(0);
        boolean movieSource = info != null && info.duration().isPresent() && !info.container().still();
        if (element.type().timedMedia()) {
            if (info.duration().isEmpty()) {
                problems.add(new FieldProblem(element.path() + ".source", "has no length: not a "
                        + element.type().wireName() + " file"));
                return new Segment(0, 0, 0);
            }
            double sourceLength = info.duration().getAsDouble();
            double trimEnd = Math.min(element.trimEnd().orElse(sourceLength), sourceLength);
            if (element.trimStart() >= trimEnd) {
                problems.add(new FieldProblem(element.path() + ".trim_start", String.format(Locale.ROOT,
                        "is at or beyond the end of the used source (%.3f s long)", trimEnd)));
                return new Segment(0, 0, 0);
            }
            double segment = trimEnd - element.trimStart();
            return new Segment(element.trimStart(), segment, declared > 0 ? declared : segment);
        }
        if (element.type() == ElementType.OVERLAY && movieSource) {
            return new Segment(0, info.duration().getAsDouble(), declared);
        }
        return new Segment(0, 0, declared);
    }
}
