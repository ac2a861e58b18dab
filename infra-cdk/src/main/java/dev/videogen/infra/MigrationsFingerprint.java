package dev.videogen.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A SHA-256 over the names and contents of every file under the migrations directory. It is a
 * property of the migration custom resource, so CloudFormation re-runs the migration exactly when
 * a migration was added or changed, and not on every deploy.
 */
public final class MigrationsFingerprint {

    private MigrationsFingerprint() {
    }

    /** The fingerprint of {@code directory}; a missing or empty directory has a fingerprint too. */
    public static String of(Path directory) {
        MessageDigest digest = sha256();
        if (Files.isDirectory(directory)) {
            for (Path file : filesIn(directory)) {
                String relativeName = directory.relativize(file).toString().replace('\\', '/');
                digest.update(relativeName.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                try {
                    byte[] content = Files.readAllBytes(file);
                    digest.update(Long.toString(content.length).getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) 0);
                    digest.update(content);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read migration " + file, e);
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static List<Path> filesIn(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .sorted((a, b) -> directory.relativize(a).toString().compareTo(directory.relativize(b).toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list migrations in " + directory, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
