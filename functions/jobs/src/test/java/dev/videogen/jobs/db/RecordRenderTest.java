package dev.videogen.jobs.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.Cancellation;
import dev.videogen.engine.Inspection;
import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.testing.TestMedia;
import dev.videogen.jobs.JobFixtures;
import dev.videogen.migrations.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a finished render writes back: the output's length and, per element, its source and its resolved span. */
class RecordRenderTest {

    @TempDir
    Path directory;

    @Test
    void theResolvedTimelineAndEachSourceAreStoredWithTheirElements() throws SQLException {
        TestMedia.clip(directory.resolve("clip.mp4"), 160, 90, 2.0, "blue", 0);
        TestMedia.tone(directory.resolve("music.wav"), 440, 3.0, 0.3);
        RenderFixture fixture = new RenderFixture(directory);
        String elements = """
                [{"id": "clip", "type": "video", "source": "%s", "time": 0.5},
                 {"id": "music", "type": "audio", "source": "%s"},
                 {"id": "title", "type": "text", "text": "Hi", "duration": 1}]""";
        Inspection inspection = fixture.renderer().inspect(fixture.request("{\"width\": 320, \"height\": 180,"
                + " \"elements\": " + String.format(elements, "clip.mp4", "music.wav") + "}"), Cancellation.NEVER);
        TestDatabase db = TestDatabase.fresh();
        JobRepository jobs = new JobRepository(Database.of(db.dataSource()));
        JobRecord job = JobFixtures.insert(jobs, null, "{\"width\": 320, \"height\": 180, \"elements\": "
                + String.format(elements, "https://m.example.com/clip.mp4", "https://m.example.com/music.wav") + "}");

        jobs.elements().recordSources(job.id(), inspection.sources());
        jobs.elements().recordRender(job.id(), inspection.durationSeconds(), inspection.timeline());

        assertThat(jobs.find(job.jobId()).orElseThrow().durationSeconds()).isCloseTo(3.0, Offset.offset(0.05));
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        try (Connection connection = db.connect();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT element_key, downloaded, processed, source_filename, source_size_bytes,
                            source_duration_seconds::float8, source_width, source_height,
                            start_time::float8, end_time::float8
                       FROM elements ORDER BY element_order""");
             ResultSet result = select.executeQuery()) {
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 2; i <= 10; i++) {
                    row.put(result.getMetaData().getColumnLabel(i), result.getObject(i));
                }
                rows.put(result.getString(1), row);
            }
        }
        assertThat(rows.get("clip")).containsEntry("downloaded", true).containsEntry("processed", true)
                .containsEntry("source_filename", "clip.mp4").containsEntry("source_width", 160)
                .containsEntry("source_height", 90).containsEntry("start_time", 0.5);
        assertThat((Double) rows.get("clip").get("source_duration_seconds")).isCloseTo(2.0, Offset.offset(0.05));
        assertThat((Double) rows.get("clip").get("end_time")).isCloseTo(2.5, Offset.offset(0.05));
        assertThat((Long) rows.get("clip").get("source_size_bytes")).isPositive();
        assertThat(rows.get("music")).as("sound has no picture size").containsEntry("source_width", null)
                .containsEntry("source_height", null).containsEntry("downloaded", true);
        assertThat((Double) rows.get("music").get("end_time")).isCloseTo(3.0, Offset.offset(0.05));
        assertThat(rows.get("title")).containsEntry("downloaded", false).containsEntry("processed", true)
                .containsEntry("start_time", 0.0).containsEntry("source_filename", null);
        assertThat((Double) rows.get("title").get("end_time")).isCloseTo(1.0, Offset.offset(0.001));
    }
}
