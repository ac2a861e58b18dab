package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read models over a seeded set of jobs, all created in one hour three hours ago
 * (plus one older than the 7-day analytics window):
 *
 * <pre>
 * job  status      quick  estimated  actual  size   elements
 * A    completed   yes    20 s       10 s    1000   2 video, 1 image, 1 text
 * B    completed   no     25 s       20 s    3000   1 audio
 * C    completed   no     0 s        30 s    2000   -
 * D    completed   no     -          40 s    -      -
 * E    failed      no     -          -       -      -
 * F    processing  no     100 s      -       -      started 30 s ago, 40 % done
 * G    completed   no     10 s       5 s     500    created 8 days ago
 * </pre>
 */
class ViewsTest extends SchemaTestCase {

    private UUID a;
    private UUID b;
    private UUID c;
    private UUID e;
    private UUID f;

    @BeforeEach
    void seedJobs() {
        a = insertSeeded("completed", 1, true, 20, 10, 1000L);
        b = insertSeeded("completed", 2, false, 25, 20, 3000L);
        c = insertSeeded("completed", 3, false, 0, 30, 2000L);
        insertSeeded("completed", 4, false, null, 40, null);
        e = insertSeeded("failed", 5, false, null, null, null);
        f = insertSeeded("processing", 6, false, 100, null, null);
        UUID g = insertSeeded("completed", 7, false, 10, 5, 500L);
        sql.exec("UPDATE jobs SET created_at = now() - interval '8 days' WHERE id = ?", g);

        sql.value("SELECT add_job_element(?, 0, 'el_0', 'video', 'https://example.com/0.mp4')", a);
        sql.value("SELECT add_job_element(?, 1, 'el_1', 'video', 'https://example.com/1.mp4')", a);
        sql.value("SELECT add_job_element(?, 2, 'el_2', 'image', 'https://example.com/2.png')", a);
        sql.value("SELECT add_job_element(?, 3, 'el_3', 'text', p_text_content => 'Hi')", a);
        sql.value("SELECT add_job_element(?, 0, 'el_0', 'audio', 'https://example.com/0.mp3')", b);

        UUID failedUpload = (UUID) sql.value("SELECT create_storage_operation(?, 'upload', 'bkt', 'a.mp4', NULL)", a);
        sql.value("SELECT complete_storage_operation(?, false, p_error => 'SlowDown')", failedUpload);
        sql.exec("UPDATE storage_operations SET created_at = now() - interval '1 minute' WHERE id = ?", failedUpload);
        UUID upload = (UUID) sql.value("SELECT create_storage_operation(?, 'upload', 'bkt', 'a.mp4', NULL)", a);
        sql.value("SELECT complete_storage_operation(?, true, 1000, ?)", upload, RESULT_URL);
        sql.value("SELECT create_storage_operation(?, 'access', 'bkt', 'a.mp4', NULL)", a);

        sql.exec("UPDATE jobs SET started_at = now() - interval '30 seconds', progress_percentage = 40 WHERE id = ?", f);
        UUID download = (UUID) sql.value("SELECT create_timeline_entry(?, 'download')", f);
        sql.value("SELECT complete_timeline_entry(?)", download);
        sql.value("SELECT create_timeline_entry(?, 'encoding')", f);
        sql.exec("UPDATE jobs SET current_step = 'download' WHERE id = ?", e);
    }

    /** Inserts a job whose timings are as given, the way a finished job's row looks. */
    private UUID insertSeeded(String status, int minute, boolean quick, Integer estimated, Integer actual, Long size) {
        boolean hasResult = status.equals("completed");
        return (UUID) sql.value("""
                INSERT INTO jobs (job_id, status, response_type, width, height, request_payload, result_url, s3_key,
                                  created_at, is_quick_response, estimated_processing_seconds, file_size_bytes,
                                  started_at, completed_at)
                VALUES (generate_job_id(), ?::job_status, 'async', 1280, 720, '{}', ?, ?,
                        date_trunc('hour', now()) - interval '3 hours' + make_interval(mins => ?), ?, ?, ?,
                        CASE WHEN ?::integer IS NULL THEN NULL ELSE now() - make_interval(mins => 30) END,
                        CASE WHEN ?::integer IS NULL THEN NULL ELSE now() - make_interval(mins => 30)
                                                                   + make_interval(secs => ?::integer) END)
                RETURNING id""",
                status, hasResult ? RESULT_URL : null, hasResult ? "results/" + minute + ".mp4" : null,
                minute, quick, estimated, size, actual, actual, actual);
    }

    @Test
    void jobSummaryCountsElementsAndMeasuresEstimateAccuracy() {
        Map<String, Object> summary = sql.row("SELECT * FROM job_summary_with_storage WHERE id = ?", a);

        assertThat(summary).containsEntry("job_id", publicId(a)).containsEntry("element_count", 4L)
                .containsEntry("video_count", 2L).containsEntry("image_count", 1L).containsEntry("text_count", 1L)
                .containsEntry("audio_count", 0L).containsEntry("overlay_count", 0L)
                .containsEntry("result_url", RESULT_URL).containsEntry("file_size_bytes", 1000L)
                .containsEntry("is_quick_response", true).containsEntry("estimated_processing_seconds", 20);
        assertThat((BigDecimal) summary.get("actual_processing_seconds")).isEqualByComparingTo("10");
        assertThat((BigDecimal) summary.get("processing_accuracy_percent")).isEqualByComparingTo("50.00");
        // the latest storage operation is the access check, still open (the view of uploads only says completed)
        assertThat(summary.get("last_storage_status")).hasToString("in_progress");
        assertThat(summary.get("storage_completed_at")).isNull();

        assertThat((BigDecimal) sql.value(
                "SELECT processing_accuracy_percent FROM job_summary_with_storage WHERE id = ?", b))
                .isEqualByComparingTo("80.00");
        Map<String, Object> withoutEstimate = sql.row(
                "SELECT processing_accuracy_percent, element_count, last_storage_status FROM job_summary_with_storage WHERE id = ?", c);
        assertThat(withoutEstimate).containsEntry("processing_accuracy_percent", null)
                .containsEntry("element_count", 0L).containsEntry("last_storage_status", null);
    }

    @Test
    void jobSummaryHasOneRowPerJob() {
        assertThat(sql.count("SELECT count(*) FROM job_summary_with_storage")).isEqualTo(7);
        assertThat(sql.count("SELECT count(DISTINCT id) FROM job_summary_with_storage")).isEqualTo(7);
    }

    @Test
    void realtimeStatusOfAJobInProgress() {
        Map<String, Object> status = sql.row("SELECT * FROM processing_status_realtime WHERE id = ?", f);

        assertThat(status.get("job_status")).hasToString("processing");
        assertThat(status).containsEntry("overall_progress_percent", 40)
                .containsEntry("estimated_time_remaining_seconds", 70)
                .containsEntry("storage_status", null).containsEntry("result_url", null);
        assertThat(status.get("current_step")).hasToString("encoding");
    }

    @Test
    void realtimeStatusOfFinishedJobs() {
        Map<String, Object> done = sql.row("SELECT * FROM processing_status_realtime WHERE id = ?", a);
        Map<String, Object> failed = sql.row("SELECT * FROM processing_status_realtime WHERE id = ?", e);

        assertThat(done).containsEntry("overall_progress_percent", 100).containsEntry("estimated_time_remaining_seconds", 0)
                .containsEntry("storage_result_url", RESULT_URL).containsEntry("result_url", RESULT_URL);
        assertThat(done.get("storage_status")).hasToString("completed");
        assertThat(failed).containsEntry("overall_progress_percent", 0).containsEntry("estimated_time_remaining_seconds", 0);
        assertThat(failed.get("current_step")).hasToString("download");
    }

    @Test
    void performanceAnalyticsAggregatesTheHour() {
        List<Map<String, Object>> buckets = sql.rows("SELECT * FROM performance_analytics");

        assertThat(buckets).hasSize(1);
        Map<String, Object> hour = buckets.get(0);
        assertThat(sql.value("SELECT ?::timestamptz = date_trunc('hour', now()) - interval '3 hours'",
                hour.get("time_bucket"))).isEqualTo(true);
        assertThat(hour).containsEntry("total_jobs", 6L).containsEntry("quick_response_jobs", 1L)
                .containsEntry("completed_jobs", 4L).containsEntry("failed_jobs", 1L);
        assertThat((BigDecimal) hour.get("avg_processing_time")).isEqualByComparingTo("25");
        assertThat((Double) hour.get("median_processing_time")).isEqualTo(25.0);
        assertThat((Double) hour.get("p95_processing_time")).isEqualTo(38.5);
        assertThat((BigDecimal) hour.get("max_processing_time")).isEqualByComparingTo("40");
        assertThat((BigDecimal) hour.get("avg_file_size")).isEqualByComparingTo("2000");
        assertThat((BigDecimal) hour.get("total_storage_used")).isEqualByComparingTo("6000");
        assertThat((BigDecimal) hour.get("avg_estimation_error_ratio")).isEqualByComparingTo("0.35");
        assertThat((BigDecimal) hour.get("quick_response_rate_percent")).isEqualByComparingTo("16.67");
    }
}
