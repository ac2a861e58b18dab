package dev.videogen.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of temporary directories with everything in them. */
public final class DirectoryTrees {

    private DirectoryTrees() {
    }

    /**
     * Deletes {@code directory} and everything below it; nothing happens when it does not exist.
     *
     * @throws IOException when something in it cannot be deleted (what could be is gone)
     */
    public static void delete(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
