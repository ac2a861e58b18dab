package dev.videogen.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
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
        List<Element> elements) {

    public CompositionRequest {
        elements = List.copyOf(elements);
    }

    /** Elements that read a source file. */
    public List<Element> sourcedElements() {
        return elements.stream().filter(e -> e.type().needsSource()).toList();
    }
}
