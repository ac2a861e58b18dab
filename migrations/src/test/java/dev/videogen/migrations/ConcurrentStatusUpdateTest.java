package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.migrations.testing.TestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * Many sessions changing one job's status at the same moment, as duplicate queue deliveries,
 * a cancel request and the timeout sweep might. Whatever the interleaving, the job ends in
 * exactly one terminal state, the one whose writer was told it won, with that writer's details.
 */
class ConcurrentStatusUpdateTest {

    private static final int SESSIONS = 16;
    private static final int ROUNDS = 25;
    private static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled", "timeout");
    /** What each session asks for; working states interleave with competing endings. */
    private static final List<String> TARGETS = List.of(
            "completed", "processing", "failed", "uploading", "cancelled", "storing", "timeout", "pending",
            "completed", "downloading", "failed", "processing", "cancelled", "uploading", "timeout", "storing");

    private static TestDatabase db;
    private static final List<SqlSession> sessions = new ArrayList<>();
    private static ExecutorService pool;

    @BeforeAll
    static void openSessions() throws SQLException {
        db = TestDatabase.fresh();
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add(new SqlSession(db.connect()));
        }
        pool = Executors.newFixedThreadPool(SESSIONS);
    }

    @AfterAll
    static void closeSessions() throws Exception {
        pool.shutdownNow();
        for (SqlSession session : sessions) {
            session.close();
        }
    }

    private static String newWorkingJobWithResult(SqlSession sql) {
        String jobId = sql.text("SELECT job_id FROM jobs WHERE id = ?", sql.value(
                    "SELECT create_job(p_response_type => 'async', p_width => 640, p_height => 360, p_request_payload => '{}')"));
        sql.exec("UPDATE jobs SET status = 'processing', result_url = 'https://cdn.example.com/r.mp4', s3_key = 'k',"
                + " started_at = now() - interval '5 seconds' WHERE job_id = ?", jobId);
        return jobId;
    }

    private static <T> List<T> race(List<Callable<T>> calls) throws Exception {
        CyclicBarrier start = new CyclicBarrier(calls.size());
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> call : calls) {
            futures.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return call.call();
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(30, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void racingUpdateJobStatusCallsLeaveExactlyOneTerminalState() throws Exception {
        SqlSession setup = sessions.get(0);
        for (int round = 0; round < ROUNDS; round++) {
            String jobId = newWorkingJobWithResult(setup);
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                SqlSession session = sessions.get(i);
                String target = TARGETS.get(i);
                String code = target.equals("failed") ? "ERROR_" + i : null;
                calls.add(() -> (Boolean) session.value(
                        "SELECT update_job_status(?, ?::job_status, ?)", jobId, target, code));
            }

            List<Boolean> applied = race(calls);

            List<Integer> terminalWinners = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                if (applied.get(i) && TERMINAL.contains(TARGETS.get(i))) {
                    terminalWinners.add(i);
                }
            }
            assertThat(terminalWinners).as("round %d: sessions told their ending won", round).hasSize(1);
            int winner = terminalWinners.get(0);
            Map<String, Object> job = setup.row("""
                    SELECT status::text, error_code, completed_at IS NOT NULL AS ended, actual_processing_seconds >= 5 AS timed,
                           progress_percentage
                      FROM jobs WHERE job_id = ?""", jobId);
            assertThat(job.get("status")).as("round %d", round).isEqualTo(TARGETS.get(winner));
            assertThat(job.get("error_code")).as("round %d", round)
                    .isEqualTo(TARGETS.get(winner).equals("failed") ? "ERROR_" + winner : null);
            assertThat(job.get("ended")).isEqualTo(true);
            assertThat(job.get("timed")).isEqualTo(true);
            if (TARGETS.get(winner).equals("completed")) {
                assertThat(job.get("progress_percentage")).isEqualTo(100);
            }
        }
    }

    @Test
    void racingDirectUpdatesNeverOverwriteATerminalState() throws Exception {
        SqlSession setup = sessions.get(0);
        for (int round = 0; round < ROUNDS; round++) {
            String jobId = newWorkingJobWithResult(setup);
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                SqlSession session = sessions.get(i);
                String target = TARGETS.get(i);
                calls.add(() -> {
                    try {
                        session.exec("UPDATE jobs SET status = ?::job_status WHERE job_id = ?", target, jobId);
                        return "applied";
                    } catch (SqlSession.SqlFailure failure) {
                        PSQLException cause = (PSQLException) failure.getCause();
                        return cause.getSQLState() + " " + cause.getServerErrorMessage().getConstraint();
                    }
                });
            }

            List<String> outcomes = race(calls);

            Set<String> endingsApplied = new HashSet<>();
            for (int i = 0; i < SESSIONS; i++) {
                if (outcomes.get(i).equals("applied")) {
                    if (TERMINAL.contains(TARGETS.get(i))) {
                        endingsApplied.add(TARGETS.get(i));
                    }
                } else {
                    assertThat(outcomes.get(i)).as("round %d session %d", round, i)
                            .isEqualTo("23514 job_status_transition");
                }
            }
            // the same ending twice is not a transition and succeeds; two different endings never both do
            assertThat(endingsApplied).as("round %d", round).hasSize(1);
            assertThat(setup.text("SELECT status FROM jobs WHERE job_id = ?", jobId))
                    .isEqualTo(endingsApplied.iterator().next());
        }
    }
}
