package dev.videogen.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A validated request to compose one video, with every default of the contract applied.
 *
 * @param outputFormat    container and codecs of the result
 * @param width           output width in pixels
 * @param height          output height in pixels
 * @param fps             output frame rate
 * @param duration        output length in seconds, or empty for "auto" (the latest natural end of any element)
 * @param backgroundColor what shows where no element covers the frame
 * @param responseType    how the client wants the create call answered
 * @param callbackUrl     https URL notified when the job ends, or {@code null}
 * @param metadata        the client's object echoed back in results, or {@code null}
 * @param elements        the layers, in request order
 * @param snapshotTime    for a still ({@code png}, {@code jpg}): the instant of the composition it shows (default 0);
 *                        empty for a video
 * @param thumbnail       for a video: the JPEG poster to store beside it, if asked for
 */
public record CompositionRequest(
        OutputFormat outputFormat,
        int width,
        int height,
        double fps,
        OptionalDouble duration,
        Rgba backgroundColor,
        ResponseType responseType,
        String callbackUrl,
        JsonNode metadata,
        List<Element> elements,
        OptionalDouble snapshotTime,
        Optional<Thumbnail> thumbnail) {

    public CompositionRequest {
        elements = List.copyOf(elements);
        snapshotTime = snapshotTime == null ? OptionalDouble.empty() : snapshotTime;
        thumbnail = thumbnail == null ? Optional.empty() : thumbnail;
    }

    /** A video request (no snapshot time). */
    public CompositionRequest(OutputFormat outputFormat, int width, int height, double fps, OptionalDouble duration,
                              Rgba backgroundColor, ResponseType responseType, String callbackUrl, JsonNode metadata,
                              List<Element> elements) {
        this(outputFormat, width, height, fps, duration, backgroundColor, responseType, callbackUrl, metadata, elements,
                OptionalDouble.empty(), Optional.empty());
    }

    /** The instant a still shows: {@code snapshot_time}, 0 when not given. */
    public double stillTime() {
        return snapshotTime.orElse(0);
    }

    /** Elements that read a source file. */
    public List<Element> sourcedElements() {
        return elements.stream().filter(e -> e.type().needsSource()).toList();
    }
}
