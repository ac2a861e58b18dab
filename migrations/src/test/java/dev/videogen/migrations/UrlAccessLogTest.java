package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** record_url_access: a row per download, tied to the job, without the presigned URL's signature. */
class UrlAccessLogTest extends SchemaTestCase {

    @Test
    void aDownloadIsRecordedAgainstItsJobWithoutTheSignature() {
        UUID job = insertJob("completed", "alice");

        UUID log = (UUID) sql.value("""
                SELECT record_url_access(?, 'https://bucket.s3.amazonaws.com/processed/v.mp4?X-Amz-Signature=abc',
                                         'download', '203.0.113.9'::inet, 'curl/8', 'https://app.example.com/',
                                         302, 15938355, 12)""", publicId(job));

        Map<String, Object> row = sql.row("SELECT * FROM url_access_logs WHERE id = ?", log);
        assertThat(row.get("job_id")).isEqualTo(job);
        assertThat(row.get("url")).isEqualTo("https://bucket.s3.amazonaws.com/processed/v.mp4");
        assertThat(row.get("access_type")).isEqualTo("download");
        assertThat(row.get("client_ip").toString()).isEqualTo("203.0.113.9");
        assertThat(row.get("user_agent")).isEqualTo("curl/8");
        assertThat(row.get("referer")).isEqualTo("https://app.example.com/");
        assertThat(row.get("response_code")).isEqualTo(302);
        assertThat(row.get("bytes_served")).isEqualTo(15938355L);
        assertThat(row.get("response_time_ms")).isEqualTo(12);
    }

    @Test
    void anAttemptOnAnUnknownJobIsKeptWithoutAJob() {
        UUID log = (UUID) sql.value("""
                SELECT record_url_access('vg_aaaaaaaaaaaaaaaaaaaa', '/v1/videoresult/vg_aaaaaaaaaaaaaaaaaaaa/download',
                                         'download', NULL, NULL, NULL, 404, NULL, 3)""");

        Map<String, Object> row = sql.row("SELECT * FROM url_access_logs WHERE id = ?", log);
        assertThat(row.get("job_id")).isNull();
        assertThat(row.get("response_code")).isEqualTo(404);
    }
}
