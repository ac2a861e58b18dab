package dev.videogen.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsFingerprintTest {

    @TempDir
    Path migrations;

    @Test
    void theSameMigrationsGiveTheSameFingerprintWhereverTheyLive(@TempDir Path elsewhere) throws IOException {
        Files.writeString(migrations.resolve("V1__jobs.sql"), "create table jobs(id int);");
        Files.writeString(elsewhere.resolve("V1__jobs.sql"), "create table jobs(id int);");
        assertThat(MigrationsFingerprint.of(migrations)).isEqualTo(MigrationsFingerprint.of(elsewhere))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void changingAMigrationChangesTheFingerprint() throws IOException {
        Path migration = Files.writeString(migrations.resolve("V1__jobs.sql"), "create table jobs(id int);");
        String before = MigrationsFingerprint.of(migrations);
        Files.writeString(migration, "create table jobs(id bigint);");
        assertThat(MigrationsFingerprint.of(migrations)).isNotEqualTo(before);
    }

    @Test
    void addingAMigrationChangesTheFingerprint() throws IOException {
        Files.writeString(migrations.resolve("V1__jobs.sql"), "create table jobs(id int);");
        String before = MigrationsFingerprint.of(migrations);
        Files.createDirectories(migrations.resolve("later"));
        Files.writeString(migrations.resolve("later/V2__elements.sql"), "create table elements(id int);");
        assertThat(MigrationsFingerprint.of(migrations)).isNotEqualTo(before);
    }

    @Test
    void renamingAMigrationChangesTheFingerprint() throws IOException {
        Path migration = Files.writeString(migrations.resolve("V1__jobs.sql"), "create table jobs(id int);");
        String before = MigrationsFingerprint.of(migrations);
        Files.move(migration, migrations.resolve("V2__jobs.sql"));
        assertThat(MigrationsFingerprint.of(migrations)).isNotEqualTo(before);
    }

    @Test
    void movingTextBetweenFilesChangesTheFingerprint() throws IOException {
        Files.writeString(migrations.resolve("V1__a.sql"), "ab");
        Files.writeString(migrations.resolve("V2__b.sql"), "c");
        String before = MigrationsFingerprint.of(migrations);
        Files.writeString(migrations.resolve("V1__a.sql"), "a");
        Files.writeString(migrations.resolve("V2__b.sql"), "bc");
        assertThat(MigrationsFingerprint.of(migrations)).isNotEqualTo(before);
    }

    @Test
    void noMigrationsYetIsAFingerprintToo() {
        assertThat(MigrationsFingerprint.of(migrations.resolve("missing")))
                .isEqualTo(MigrationsFingerprint.of(migrations))
                .matches("[0-9a-f]{64}");
    }
}
