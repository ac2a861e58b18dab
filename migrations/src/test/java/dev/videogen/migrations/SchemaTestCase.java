package dev.videogen.migrations;

import dev.videogen.migrations.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the SQL-level tests: a freshly migrated database per test class, and each test inside
 * a transaction that is rolled back afterwards, so tests never see each other's rows. Note that
 * now() is the transaction's start time throughout a test.
 */
abstract class SchemaTestCase {

    static final String RESULT_URL = "https://cdn.example.com/results/video.mp4";

    private static TestDatabase database;

    SqlSession sql;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.fresh();
    }

    @BeforeEach
    void beginTransaction() throws SQLException {
        Connection connection = database.connect();
        connection.setAutoCommit(false);
        sql = new SqlSession(connection);
    }

    @AfterEach
    void rollBack() throws SQLException {
        sql.connection().rollback();
        sql.close();
    }

    /** Another connection to this class's database, in autocommit: it sees only what is committed. */
    SqlSession separateSession() throws SQLException {
        return new SqlSession(database.connect());
    }

    /** A pending async 1280x720 job created through create_job. */
    UUID createJob() {
        return (UUID) sql.value("""
                SELECT create_job(p_response_type => 'async', p_width => 1280, p_height => 720,
                                  p_request_payload => '{"elements": []}')""");
    }

    /** A job inserted directly in the given state (with a result when the state needs one). */
    UUID insertJob(String status, String owner) {
        boolean hasResult = status.equals("completed") || status.equals("expired");
        return (UUID) sql.value("""
                INSERT INTO jobs (job_id, owner, status, response_type, width, height, request_payload,
                                  result_url, s3_bucket, s3_key)
                VALUES (generate_job_id(), ?, ?::job_status, 'async', 1280, 720, '{}', ?, ?, ?)
                RETURNING id""",
                owner, status,
                hasResult ? RESULT_URL : null,
                hasResult ? "videogen-results" : null,
                hasResult ? "results/video.mp4" : null);
    }

    UUID insertJob(String status) {
        return insertJob(status, null);
    }

    String publicId(UUID id) {
        return sql.text("SELECT job_id FROM jobs WHERE id = ?", id);
    }
}
