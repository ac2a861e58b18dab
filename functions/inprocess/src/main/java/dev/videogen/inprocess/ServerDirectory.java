package dev.videogen.inprocess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where a server keeps its files: a directory the caller chose (kept, so data survives a new process), or a
 * temporary one this process owns (kept across {@code restart()} and deleted by the final stop).
 */
final class ServerDirectory {

    private final Path path;
    private final boolean persistent;

    private ServerDirectory(Path path, boolean persistent) {
        this.path = path;
        this.persistent = persistent;
    }

    static ServerDirectory chosenOrTemporary(Path chosen, String server) {
        if (chosen != null) {
            Path absolute = chosen.toAbsolutePath().normalize();
            try {
                Files.createDirectories(absolute);
            } catch (IOException e) {
                throw new ServerStartException(server + ": data directory " + absolute + " cannot be created: " + e, e);
            }
            if (!Files.isWritable(absolute)) {
                throw new ServerStartException(server + ": data directory " + absolute + " is not writable");
            }
            return new ServerDirectory(absolute, true);
        }
        try {
            return new ServerDirectory(Files.createTempDirectory("videogen-" + server + "-"), false);
        } catch (IOException e) {
            throw new ServerStartException(server + ": cannot create a temporary data directory: " + e, e);
        }
    }

    Path path() {
        return path;
    }

    boolean persistent() {
        return persistent;
    }

    void deleteIfTemporary() {
        if (!persistent) {
            deleteRecursively(path);
        }
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
