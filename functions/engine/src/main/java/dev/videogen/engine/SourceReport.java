package dev.videogen.engine;

import java.util.OptionalDouble;

/**
 * What was learnt about one element's source while rendering or inspecting.
 *
 * @param elementId  the element's id
 * @param index      the element's position in the request
 * @param fileName   the last path segment of the source
 * @param sizeBytes  bytes downloaded
 * @param duration   length in seconds (empty for stills)
 * @param width      display width (0 for sound)
 * @param height     display height (0 for sound)
 * @param container  the recognised container, e.g. {@code mp4}
 */
public record SourceReport(String elementId, int index, String fileName, long sizeBytes, OptionalDouble duration,
                           int width, int height, String container) {
}
