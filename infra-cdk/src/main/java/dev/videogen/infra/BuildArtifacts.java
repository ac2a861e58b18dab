package dev.videogen.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files the stacks deploy, built by the Maven reactor before this app runs: the shaded jar
 * every function runs from, the FFmpeg layer zip, and the Flyway migrations whose fingerprint
 * decides when the migration step re-runs.
 */
public record BuildArtifacts(Path functionsJar, Path layerZip, Path migrationsDirectory) {

    /** Where the repository's build puts the Lambda jar, relative to the repository root. */
    public static final String FUNCTIONS_JAR = "functions/aws/target/videogen-functions.jar";
    /** Where the layers module puts the layer zip, relative to the repository root. */
    public static final String LAYER_ZIP = "layers/target/videogen-ffmpeg-layer.zip";
    /** Where the Flyway migrations live, relative to the repository root. */
    public static final String MIGRATIONS_DIRECTORY = "migrations/sql";

    public BuildArtifacts {
        requireFile(functionsJar, "the Lambda jar", "./mvnw -B -pl functions/aws -am package -DskipTests");
        requireFile(layerZip, "the FFmpeg layer zip", "./mvnw -B -pl layers package");
        if (migrationsDirectory == null || !Files.isDirectory(migrationsDirectory)) {
            throw new IllegalArgumentException("no migrations directory at " + migrationsDirectory);
        }
    }

    private static void requireFile(Path file, String what, String buildCommand) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no " + what + " at " + file + ": build it first with `" + buildCommand
                    + "` from the repository root");
        }
    }
}
