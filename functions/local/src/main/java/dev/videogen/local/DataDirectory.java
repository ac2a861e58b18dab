package dev.videogen.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The local stack's data directory: {@code postgres/} (rows), {@code objects/} (the bucket), {@code work/} (renders). */
record DataDirectory(Path root) {

    /** Creates the directory and checks it can be written, or explains in one line why not. */
    static DataDirectory prepare(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new DevStackException("the data directory " + absolute + " cannot be created: "
                    + DevStack.rootMessage(e));
        }
        if (!Files.isDirectory(absolute)) {
            throw new DevStackException("the data directory " + absolute + " is not a directory");
        }
        Path probe = absolute.resolve(".write-check");
        try {
            Files.writeString(probe, "ok");
            Files.delete(probe);
        } catch (IOException e) {
            throw new DevStackException("the data directory " + absolute + " is not writable");
        }
        DataDirectory data = new DataDirectory(absolute);
        try {
            Files.createDirectories(data.objects());
            Files.createDirectories(data.work());
        } catch (IOException e) {
            throw new DevStackException("the data directory " + absolute + " cannot hold its subdirectories: "
                    + DevStack.rootMessage(e));
        }
        return data;
    }

    Path postgres() {
        return root.resolve("postgres");
    }

    Path objects() {
        return root.resolve("objects");
    }

    Path work() {
        return root.resolve("work");
    }
}
