package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.migrations.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.util.ServerErrorMessage;

/** The pieces of a chunked job: their rows, claims with leases, and the count that elects the stitcher. */
class RenderChunksTest extends SchemaTestCase {

    private UUID processingJob() {
        return insertJob("processing");
    }

    private UUID segment(UUID job, int index, long start, long end) {
        return (UUID) sql.value("""
                INSERT INTO render_chunks (job_id, kind, chunk_index, start_frame, end_frame)
                VALUES (?, 'segment', ?, ?, ?) RETURNING id""", job, index, start, end);
    }

    private UUID sound(UUID job, int index) {
        return (UUID) sql.value("INSERT INTO render_chunks (job_id, kind, chunk_index) VALUES (?, 'sound', ?) RETURNING id",
                job, index);
    }

    private Integer claim(UUID chunk, String owner, int seconds) {
        return (Integer) sql.value("SELECT claim_render_chunk(?, ?, ?)", chunk, owner, seconds);
    }

    private boolean finish(UUID chunk, String owner) {
        return (Boolean) sql.value("SELECT finish_render_chunk(?, ?, ?, 100, 5)", chunk, owner, "chunks/" + chunk);
    }

    @Test
    void aSegmentIsAFrameRangeAndTheSoundHasNone() {
        UUID job = processingJob();
        segment(job, 0, 0, 900);

        ServerErrorMessage empty = sql.error("INSERT INTO render_chunks (job_id, chunk_index, start_frame, end_frame) VALUES (?, 1, 900, 900)", job);
        assertThat(empty.getConstraint()).isEqualTo("render_chunks_frame_range");
        ServerErrorMessage soundWithFrames = sql.error(
                "INSERT INTO render_chunks (job_id, kind, chunk_index, start_frame, end_frame) VALUES (?, 'sound', 1, 0, 10)", job);
        assertThat(soundWithFrames.getConstraint()).isEqualTo("render_chunks_frame_range");
        ServerErrorMessage twice = sql.error("INSERT INTO render_chunks (job_id, chunk_index, start_frame, end_frame) VALUES (?, 0, 900, 1800)", job);
        assertThat(twice.getConstraint()).isEqualTo("render_chunks_job_id_chunk_index_key");
        ServerErrorMessage renderedWithoutObject = sql.error("UPDATE render_chunks SET status = 'rendered' WHERE job_id = ?", job);
        assertThat(renderedWithoutObject.getConstraint()).isEqualTo("render_chunks_rendered_has_object");
    }

    @Test
    void aClaimTakesALeaseOnceAndALapsedLeaseIsTakenOverAsTheNextAttempt() {
        UUID job = processingJob();
        UUID chunk = segment(job, 0, 0, 900);

        assertThat(claim(chunk, "worker-a", 120)).isEqualTo(1);
        assertThat(claim(chunk, "worker-b", 120)).isNull();
        assertThat(claim(chunk, "worker-a", 120)).as("the holder renews by claiming again").isEqualTo(2);

        sql.exec("UPDATE render_chunks SET lease_until = clock_timestamp() - interval '1 second' WHERE id = ?", chunk);
        assertThat(claim(chunk, "worker-b", 120)).isEqualTo(3);
        Map<String, Object> row = sql.row("SELECT status::text, lease_owner, lease_until > clock_timestamp() AS live FROM render_chunks WHERE id = ?", chunk);
        assertThat(row).containsEntry("status", "rendering").containsEntry("lease_owner", "worker-b").containsEntry("live", true);
    }

    @Test
    void piecesOfAJobThatIsNoLongerProcessingAreNotClaimed() {
        for (String status : new String[] {"cancelled", "failed", "timeout", "completed", "pending"}) {
            UUID job = insertJob(status);
            UUID chunk = segment(job, 0, 0, 30);
            assertThat(claim(chunk, "worker-a", 120)).as(status).isNull();
        }
    }

    @Test
    void onlyTheLeaseHolderFinishesAPieceAndOnlyTheLastFinishAnswersTrue() {
        UUID job = processingJob();
        UUID first = segment(job, 0, 0, 900);
        UUID second = segment(job, 1, 900, 1800);
        UUID music = sound(job, 2);
        claim(first, "a", 120);
        claim(second, "b", 120);
        claim(music, "c", 120);

        assertThat(finish(first, "someone-else")).isFalse();
        assertThat(finish(first, "a")).isFalse();
        assertThat(finish(first, "a")).as("a repeated finish changes nothing").isFalse();
        assertThat(finish(music, "c")).isFalse();
        assertThat(finish(second, "b")).isTrue();

        Map<String, Object> row = sql.row("SELECT status::text, frames_rendered, s3_key, lease_owner, render_ms FROM render_chunks WHERE id = ?", second);
        assertThat(row).containsEntry("status", "rendered").containsEntry("frames_rendered", 900L)
                .containsEntry("s3_key", "chunks/" + second).containsEntry("render_ms", 5);
        assertThat(row.get("lease_owner")).isNull();
        assertThat(sql.value("SELECT frames_rendered FROM render_chunks WHERE id = ?", music)).isEqualTo(0L);
    }

    @Test
    void deletingTheJobDeletesItsPieces() {
        UUID job = processingJob();
        segment(job, 0, 0, 10);
        sql.exec("DELETE FROM jobs WHERE id = ?", job);
        assertThat(sql.count("SELECT count(*) FROM render_chunks WHERE job_id = ?", job)).isZero();
    }

    @Test
    void aSignedInUserSeesOnlyThePiecesOfTheirOwnJobs() {
        UUID mine = insertJob("processing", "user-a");
        UUID theirs = insertJob("processing", "user-b");
        segment(mine, 0, 0, 10);
        segment(theirs, 0, 0, 10);
        sql.exec("SET LOCAL ROLE authenticated");
        sql.value("SELECT set_config('request.jwt.claims', ?, true)", "{\"sub\": \"user-a\", \"role\": \"authenticated\"}");
        assertThat(sql.count("SELECT count(*) FROM render_chunks")).isEqualTo(1);
        assertThat(sql.count("SELECT count(*) FROM render_chunks WHERE job_id = ?", mine)).isEqualTo(1);
        assertThat(sql.error("SELECT claim_render_chunk(gen_random_uuid(), 'x', 1)").getSQLState()).isEqualTo("42501");
        sql.exec("SET LOCAL ROLE anon");
        assertThat(sql.error("SELECT count(*) FROM render_chunks").getSQLState()).isEqualTo("42501");
    }

    /** Many pieces finishing at the same moment in separate sessions: exactly one hears it was the last. */
    @Test
    void concurrentFinishesElectExactlyOneStitcher() throws Exception {
        int pieces = 12;
        TestDatabase database = TestDatabase.fresh();
        List<SqlSession> sessions = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(pieces);
        try (SqlSession setup = new SqlSession(database.connect())) {
            for (int round = 0; round < 5; round++) {
                UUID job = (UUID) setup.value("""
                        INSERT INTO jobs (job_id, status, response_type, width, height, request_payload)
                        VALUES (generate_job_id(), 'processing', 'async', 64, 64, '{}') RETURNING id""");
                List<UUID> chunks = new ArrayList<>();
                for (int i = 0; i < pieces; i++) {
                    UUID chunk = (UUID) setup.value("INSERT INTO render_chunks (job_id, chunk_index, start_frame, end_frame)"
                            + " VALUES (?, ?, ?, ?) RETURNING id", job, i, i * 10L, i * 10L + 10);
                    setup.value("SELECT claim_render_chunk(?, ?, 120)", chunk, "w" + i);
                    chunks.add(chunk);
                }
                while (sessions.size() < pieces) {
                    sessions.add(new SqlSession(database.connect()));
                }
                CyclicBarrier start = new CyclicBarrier(pieces);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < pieces; i++) {
                    SqlSession session = sessions.get(i);
                    UUID chunk = chunks.get(i);
                    String owner = "w" + i;
                    Callable<Boolean> call = () -> {
                        start.await(10, TimeUnit.SECONDS);
                        return (Boolean) session.value("SELECT finish_render_chunk(?, ?, 'k', 1, 1)", chunk, owner);
                    };
                    results.add(pool.submit(call));
                }
                int stitchers = 0;
                for (Future<Boolean> result : results) {
                    stitchers += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(stitchers).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
            for (SqlSession session : sessions) {
                session.close();
            }
        }
    }
}
