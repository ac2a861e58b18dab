package dev.videogen.engine.media;

import java.nio.file.Path;

/**
 * A source brought to a local file.
 *
 * @param file       where it is
 * @param sizeBytes  how many bytes were written
 * @param fileName   the name the source had (last path segment), for the records
 */
public record FetchedSource(Path file, long sizeBytes, String fileName) {
}
