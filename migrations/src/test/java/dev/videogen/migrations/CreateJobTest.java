package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.util.ServerErrorMessage;

class CreateJobTest extends SchemaTestCase {

    private static final String CREATE_WITH_KEY = """
            SELECT create_job(p_response_type => 'async', p_width => 720, p_height => 1280,
                              p_request_payload => '{}', p_owner => ?, p_idempotency_key => ?, p_request_hash => ?)""";

    @Test
    void createsAPendingJobWithAGeneratedPublicIdAndDefaults() {
        UUID id = (UUID) sql.value("""
                SELECT create_job(p_response_type => 'immediate', p_width => 720, p_height => 1280,
                                  p_request_payload => '{"elements": [1]}', p_owner => 'user-a',
                                  p_estimated_processing_seconds => 12, p_client_ip => '203.0.113.9',
                                  p_user_agent => 'curl/8', p_request_metadata => '{"campaign": "x"}')""");

        Map<String, Object> job = sql.row("""
                SELECT job_id, owner, status::text, response_type::text, is_quick_response, output_format, width, height,
                       fps, progress_percentage, retry_count, max_retries, estimated_processing_seconds,
                       host(client_ip) AS client_ip, user_agent, request_metadata ->> 'campaign' AS campaign,
                       request_payload -> 'elements' ->> 0 AS first_element, created_at = now() AS created_now
                  FROM jobs WHERE id = ?""", id);
        assertThat((String) job.get("job_id")).matches("vg_[a-z2-7]{20}");
        assertThat(job).containsEntry("owner", "user-a").containsEntry("status", "pending")
                .containsEntry("response_type", "immediate").containsEntry("is_quick_response", false)
                .containsEntry("output_format", "mp4").containsEntry("width", 720).containsEntry("height", 1280)
                .containsEntry("progress_percentage", 0).containsEntry("retry_count", 0).containsEntry("max_retries", 3)
                .containsEntry("estimated_processing_seconds", 12).containsEntry("client_ip", "203.0.113.9")
                .containsEntry("user_agent", "curl/8").containsEntry("campaign", "x")
                .containsEntry("first_element", "1").containsEntry("created_now", true);
        assertThat((BigDecimal) job.get("fps")).isEqualByComparingTo("30");
    }

    @Test
    void keepsTheJobIdTheCallerProposes() {
        UUID id = (UUID) sql.value("""
                SELECT create_job(p_response_type => 'async', p_width => 640, p_height => 360, p_request_payload => '{}',
                                  p_job_id => 'vg_abcdefghijklmnopqrst')""");

        assertThat(publicId(id)).isEqualTo("vg_abcdefghijklmnopqrst");
    }

    @Test
    void generatedJobIdsAreDistinctAndUseTheWholeAlphabet() {
        List<Map<String, Object>> ids = sql.rows("SELECT generate_job_id() AS id FROM generate_series(1, 2000)");

        Set<String> distinct = new HashSet<>();
        Set<Character> alphabet = new HashSet<>();
        for (Map<String, Object> row : ids) {
            String id = (String) row.get("id");
            assertThat(id).matches("vg_[a-z2-7]{20}");
            distinct.add(id);
            for (char c : id.substring(3).toCharArray()) {
                alphabet.add(c);
            }
        }
        assertThat(distinct).hasSize(2000);
        assertThat(alphabet).hasSize(32);
    }

    @Test
    void invalidRequestsAreRefusedByTheTableConstraints() {
        ServerErrorMessage error = sql.error("""
                SELECT create_job(p_response_type => 'async', p_width => 8000, p_height => 720, p_request_payload => '{}')""");

        assertThat(error.getMessage()).isEqualTo("new row for relation \"jobs\" violates check constraint \"jobs_width_check\"");
    }

    @Test
    void repeatingAKeyWithTheSameRequestReturnsTheFirstJob() {
        UUID first = (UUID) sql.value(CREATE_WITH_KEY, "user-a", "key-1", "hash-1");

        UUID second = (UUID) sql.value(CREATE_WITH_KEY, "user-a", "key-1", "hash-1");

        assertThat(second).isEqualTo(first);
        assertThat(sql.count("SELECT count(*) FROM jobs WHERE idempotency_key = 'key-1'")).isEqualTo(1);
    }

    @Test
    void repeatingAKeyWithAnotherRequestIsRefused() {
        sql.value(CREATE_WITH_KEY, "user-a", "key-1", "hash-1");

        ServerErrorMessage error = sql.error(CREATE_WITH_KEY, "user-a", "key-1", "hash-2");

        assertThat(error.getSQLState()).isEqualTo("23505");
        assertThat(error.getConstraint()).isEqualTo("idx_jobs_idempotency");
        assertThat(error.getHint()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(error.getMessage()).isEqualTo("idempotency key \"key-1\" was already used with a different request");
    }

    @Test
    void keysAreScopedToTheirOwner() {
        UUID mine = (UUID) sql.value(CREATE_WITH_KEY, "user-a", "key-1", "hash-1");
        UUID theirs = (UUID) sql.value(CREATE_WITH_KEY, "user-b", "key-1", "hash-2");
        UUID anonymous = (UUID) sql.value(CREATE_WITH_KEY, null, "key-1", "hash-3");

        assertThat(Set.of(mine, theirs, anonymous)).hasSize(3);
        assertThat(sql.value(CREATE_WITH_KEY, null, "key-1", "hash-3")).isEqualTo(anonymous);
    }

    @Test
    void aKeyOlderThan24HoursIsReleasedForANewJob() {
        UUID first = (UUID) sql.value(CREATE_WITH_KEY, "user-a", "key-1", "hash-1");
        sql.exec("UPDATE jobs SET created_at = now() - interval '25 hours' WHERE id = ?", first);

        UUID second = (UUID) sql.value(CREATE_WITH_KEY, "user-a", "key-1", "hash-2");

        assertThat(second).isNotEqualTo(first);
        assertThat(sql.value("SELECT idempotency_key FROM jobs WHERE id = ?", first)).isNull();
        assertThat(sql.text("SELECT idempotency_key FROM jobs WHERE id = ?", second)).isEqualTo("key-1");
    }

    @Test
    void withoutAKeyEveryCallCreatesAJob() {
        UUID first = (UUID) sql.value(CREATE_WITH_KEY, "user-a", null, "hash-1");
        UUID second = (UUID) sql.value(CREATE_WITH_KEY, "user-a", null, "hash-1");

        assertThat(second).isNotEqualTo(first);
    }
}
