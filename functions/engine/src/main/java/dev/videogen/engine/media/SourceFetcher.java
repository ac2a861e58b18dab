package dev.videogen.engine.media;

import java.nio.file.Path;

/**
 * Brings an element's source to a local file. The command line reads local paths and downloads http(s) URLs; the
 * service adds its own {@code s3://} bucket and refuses private network addresses.
 */
@FunctionalInterface
public interface SourceFetcher {

    /**
     * Writes the source to {@code target}.
     *
     * @param source   the element's {@code source} as given in the request
     * @param target   where to write it (its directory exists)
     * @param maxBytes the most bytes accepted; larger sources fail
     * @return what was fetched
     * @throws SourceFetchException when the source cannot be fetched
     */
    FetchedSource fetch(String source, Path target, long maxBytes);
}
