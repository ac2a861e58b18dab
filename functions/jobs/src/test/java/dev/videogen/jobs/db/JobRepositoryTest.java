package dev.videogen.jobs.db;

import static dev.videogen.jobs.JobFixtures.insert;
import static dev.videogen.jobs.JobFixtures.newJob;
import static dev.videogen.jobs.JobFixtures.request;
import static dev.videogen.jobs.JobFixtures.scalar;
import static dev.videogen.jobs.JobFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.jobs.Estimator;
import dev.videogen.jobs.JobStatus;
import dev.videogen.jobs.db.JobRepository.CancelOutcome;
import dev.videogen.migrations.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class JobRepositoryTest {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    private static final String THREE_LAYERS = """
            {"width": 1280, "height": 720, "duration": 6, "output_format": "webm",
             "metadata": {"campaign": "spring"},
             "elements": [
               {"id": "clip", "type": "video", "source": "https://media.example.com/clip.mp4", "trim_start": 1.5},
               {"id": "logo", "type": "image", "source": "https://media.example.com/logo.png", "x": "5%", "y": 20,
                "width": "20%", "height": "10%", "fit_mode": "contain", "opacity": 0.8, "time": 1, "duration": 3},
               {"id": "title", "type": "text", "text": "Hello", "font_size": 48, "color": "#FF0000"}]}""";

    private TestDatabase db;
    private JobRepository jobs;

    @BeforeEach
    void freshDatabase() {
        db = TestDatabase.fresh();
        jobs = new JobRepository(Database.of(db.dataSource()));
    }

    @Test
    void insertWritesTheJobItsElementsAndAFinishedValidationStep() throws SQLException {
        NewJob job = newJob("alice", THREE_LAYERS);
        JobRecord created = jobs.insert(job, request(THREE_LAYERS).elements(), "{\"elements\":3}");

        assertThat(created.jobId()).isEqualTo(job.jobId());
        assertThat(created.status()).isEqualTo(JobStatus.PENDING);
        assertThat(created.owner()).isEqualTo("alice");
        assertThat(created.outputFormat()).isEqualTo("webm");
        assertThat(created.width()).isEqualTo(1280);
        assertThat(created.durationSeconds()).isEqualTo(6.0);
        assertThat(created.estimatedSeconds()).isEqualTo(job.estimatedSeconds());
        assertThat(created.currentStep()).isEqualTo("validation");
        assertThat(created.leaseOwner()).isNull();
        assertThat(created.startedAt()).isNull();
        assertThat(scalar(db.dataSource(), "SELECT host(client_ip) FROM jobs WHERE job_id = ?", job.jobId()))
                .isEqualTo("203.0.113.7");
        assertThat(scalar(db.dataSource(), "SELECT request_payload->'metadata'->>'campaign' FROM jobs WHERE job_id = ?",
                job.jobId())).isEqualTo("spring");
        assertThat(scalar(db.dataSource(), "SELECT processing_timeout_at > now() + interval '59 minutes' FROM jobs"))
                .isEqualTo(true);

        List<Map<String, Object>> elements = rows("""
                SELECT element_order, element_key, type::text AS type, source_url, text_content, x_position, y_position,
                       width, fit_mode::text AS fit_mode, start_time::float8 AS start_time, end_time::float8 AS end_time,
                       trim_start::float8 AS trim_start, properties::text AS properties
                  FROM elements ORDER BY element_order""");
        assertThat(elements).hasSize(3);
        assertThat(elements.get(0)).containsEntry("element_key", "clip").containsEntry("type", "video")
                .containsEntry("source_url", "https://media.example.com/clip.mp4").containsEntry("trim_start", 1.5)
                .containsEntry("end_time", null);
        assertThat(elements.get(1)).containsEntry("element_key", "logo").containsEntry("x_position", "5%")
                .containsEntry("y_position", "20").containsEntry("fit_mode", "contain")
                .containsEntry("start_time", 1.0).containsEntry("end_time", 4.0);
        assertThat((String) elements.get(1).get("properties")).contains("\"opacity\": 0.8");
        assertThat(elements.get(2)).containsEntry("element_key", "title").containsEntry("type", "text")
                .containsEntry("text_content", "Hello").containsEntry("source_url", null)
                .containsEntry("x_position", "0%");
        assertThat((String) elements.get(2).get("properties")).contains("\"font_size\"");

        List<Map<String, Object>> timeline = rows("""
                SELECT step::text AS step, step_order, status::text AS status, success, details::text AS details
                  FROM processing_timeline""");
        assertThat(timeline).singleElement().satisfies(step -> assertThat(step)
                .containsEntry("step", "validation").containsEntry("step_order", 1)
                .containsEntry("status", "completed").containsEntry("success", true)
                .containsEntry("details", "{\"elements\": 3}"));
    }

    @Test
    void aFailingInsertLeavesNoRowsBehind() {
        NewJob job = newJob(null, THREE_LAYERS);

        // the validation step's details are written last, after the job and its elements
        assertThatThrownBy(() -> jobs.insert(job, request(THREE_LAYERS).elements(), "{not json"))
                .isInstanceOf(DatabaseException.class)
                .satisfies(e -> assertThat(((DatabaseException) e).unavailable()).isFalse());

        assertThat(jobs.find(job.jobId())).isEmpty();
        assertThat(scalar(db.dataSource(), "SELECT count(*) FROM elements")).isEqualTo(0L);
        assertThat(scalar(db.dataSource(), "SELECT count(*) FROM processing_timeline")).isEqualTo(0L);
    }

    @Test
    void theSameIdempotencyKeyFromOneOwnerIsRefusedByTheDatabaseAndFoundByLookup() {
        NewJob first = newJob("alice", THREE_LAYERS, "key-1", 3600);
        jobs.insert(first, request(THREE_LAYERS).elements(), null);

        NewJob again = newJob("alice", THREE_LAYERS, "key-1", 3600);
        assertThatThrownBy(() -> jobs.insert(again, request(THREE_LAYERS).elements(), null))
                .isInstanceOfSatisfying(DatabaseException.class, e -> assertThat(e.sqlState()).isEqualTo("23505"));
        jobs.insert(newJob("bob", THREE_LAYERS, "key-1", 3600), request(THREE_LAYERS).elements(), null);

        Instant dayAgo = Instant.now().minus(Duration.ofHours(24));
        assertThat(jobs.findByIdempotencyKey("alice", "key-1", dayAgo)).map(JobRecord::jobId).contains(first.jobId());
        assertThat(jobs.findByIdempotencyKey("carol", "key-1", dayAgo)).isEmpty();
        assertThat(jobs.findByIdempotencyKey("alice", "key-2", dayAgo)).isEmpty();
        assertThat(jobs.findByIdempotencyKey("alice", "key-1", Instant.now().plusSeconds(60))).isEmpty();
    }

    /** The contract keeps a key for 24 hours; after that the same key starts a new job. */
    @Test
    void anIdempotencyKeyOlderThanADayIsReleasedToTheNextJob() {
        NewJob first = newJob("alice", THREE_LAYERS, "key-1", 3600);
        jobs.insert(first, request(THREE_LAYERS).elements(), null);
        update(db.dataSource(), "UPDATE jobs SET created_at = now() - interval '25 hours' WHERE job_id = ?",
                first.jobId());

        NewJob next = newJob("alice", THREE_LAYERS, "key-1", 3600);
        jobs.insert(next, request(THREE_LAYERS).elements(), null);

        Instant dayAgo = Instant.now().minus(Duration.ofHours(24));
        assertThat(jobs.findByIdempotencyKey("alice", "key-1", dayAgo)).map(JobRecord::jobId).contains(next.jobId());
        assertThat(jobs.find(first.jobId())).as("the old job itself is kept").isPresent();
    }

    @Test
    void aPendingJobIsClaimedOnceWhileTheLeaseIsLive() {
        String jobId = insert(jobs, null, THREE_LAYERS).jobId();

        Optional<JobRecord> first = jobs.claim(jobId, "worker-1", LEASE, TIMEOUT);
        Optional<JobRecord> second = jobs.claim(jobId, "worker-2", LEASE, TIMEOUT);
        Optional<JobRecord> sameWorkerAgain = jobs.claim(jobId, "worker-1", LEASE, TIMEOUT);

        assertThat(first).hasValueSatisfying(job -> {
            assertThat(job.status()).isEqualTo(JobStatus.PROCESSING);
            assertThat(job.leaseOwner()).isEqualTo("worker-1");
            assertThat(job.leaseUntil()).isAfter(Instant.now().plus(Duration.ofMinutes(1)));
            assertThat(job.startedAt()).isNotNull();
            assertThat(job.retryCount()).isZero();
            assertThat(job.currentStep()).isEqualTo("download");
        });
        assertThat(second).isEmpty();
        assertThat(sameWorkerAgain).isEmpty();
        assertThat(jobs.find(jobId)).map(JobRecord::leaseOwner).contains("worker-1");
    }

    @Test
    void aLapsedLeaseIsTakenOverByAnotherWorker() throws InterruptedException {
        String jobId = insert(jobs, null, THREE_LAYERS).jobId();
        JobRecord first = jobs.claim(jobId, "worker-1", Duration.ofMillis(1), TIMEOUT).orElseThrow();
        UUID leftRunning = jobs.timeline().openStep(first.id(), "encoding", null);
        Thread.sleep(50);

        Optional<JobRecord> takenOver = jobs.claim(jobId, "worker-2", LEASE, TIMEOUT);

        assertThat(takenOver).hasValueSatisfying(job -> {
            assertThat(job.leaseOwner()).isEqualTo("worker-2");
            assertThat(job.retryCount()).isEqualTo(1);
        });
        assertThat(scalar(db.dataSource(), "SELECT status::text FROM processing_timeline WHERE id = ?", leftRunning))
                .as("the step the first worker never closed").isEqualTo("failed");
        // the first worker has lost the job: it can neither report nor finish it
        assertThat(jobs.recordProgress(jobId, "worker-1", 50, "encoding", LEASE)).isFalse();
        assertThat(jobs.complete(jobId, "worker-1", "bucket", "key", "us-east-1", "https://cdn/key", 10, false))
                .isFalse();
        assertThat(jobs.release(jobId, "worker-1", null, null)).isFalse();
        assertThat(jobs.find(jobId)).map(JobRecord::leaseOwner).contains("worker-2");
    }

    @Test
    void manyWorkersClaimingOneJobAtOnceHaveExactlyOneWinner() throws Exception {
        String jobId = insert(jobs, null, THREE_LAYERS).jobId();
        int workers = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Optional<JobRecord>>> claims = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                String worker = "worker-" + i;
                Callable<Optional<JobRecord>> claim = () -> {
                    start.await();
                    return jobs.claim(jobId, worker, LEASE, TIMEOUT);
                };
                claims.add(pool.submit(claim));
            }
            start.countDown();
            List<String> winners = new ArrayList<>();
            for (Future<Optional<JobRecord>> claim : claims) {
                claim.get(60, TimeUnit.SECONDS).ifPresent(job -> winners.add(job.leaseOwner()));
            }

            assertThat(winners).hasSize(1);
            assertThat(jobs.find(jobId)).map(JobRecord::leaseOwner).contains(winners.get(0));
            assertThat(jobs.find(jobId)).map(JobRecord::retryCount).contains(0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void progressNeverGoesDownAndIsRefusedOnceTheJobIsCancelled() {
        String jobId = insert(jobs, null, THREE_LAYERS).jobId();
        jobs.claim(jobId, "worker-1", LEASE, TIMEOUT);

        assertThat(jobs.recordProgress(jobId, "worker-1", 40, "composition", LEASE)).isTrue();
        assertThat(jobs.recordProgress(jobId, "worker-1", 20, "encoding", LEASE)).isTrue();
        assertThat(jobs.find(jobId)).hasValueSatisfying(job -> {
            assertThat(job.progress()).isEqualTo(40);
            assertThat(job.currentStep()).isEqualTo("encoding");
        });
        assertThat(jobs.recordProgress(jobId, "worker-1", 250, "encoding", LEASE)).isTrue();
        assertThat(jobs.find(jobId)).map(JobRecord::progress).contains(100);
        assertThat(jobs.recordProgress(jobId, "worker-2", 100, "encoding", LEASE)).isFalse();

        assertThat(jobs.cancel(jobId, null, false)).isEqualTo(CancelOutcome.CANCELLED);

        assertThat(jobs.recordProgress(jobId, "worker-1", 100, "encoding", LEASE)).isFalse();
        assertThat(jobs.advance(jobId, "worker-1", JobStatus.UPLOADING)).isFalse();
        assertThat(jobs.find(jobId)).map(JobRecord::status).contains(JobStatus.CANCELLED);
    }

    @Test
    void progressRenewsTheLease() {
        String jobId = insert(jobs, null, THREE_LAYERS).jobId();
        jobs.claim(jobId, "worker-1", Duration.ofMillis(1), TIMEOUT);

        jobs.recordProgress(jobId, "worker-1", 10, "download", LEASE);

        assertThat(jobs.find(jobId).orElseThrow().leaseUntil()).isAfter(Instant.now().plus(Duration.ofMinutes(1)));
        assertThat(jobs.claim(jobId, "worker-2", LEASE, TIMEOUT)).isEmpty();
    }

    @Test
    void onlyTheLeaseHolderCompletesAndTheRowRecordsTheResult() {
        String jobId = insert(jobs, null, THREE_LAYERS).jobId();
        assertThat(jobs.complete(jobId, "worker-1", "bucket", "k", "us-east-1", "https://cdn/k", 1, false))
                .as("a job nobody claimed").isFalse();
        jobs.claim(jobId, "worker-1", LEASE, TIMEOUT);
        assertThat(jobs.advance(jobId, "worker-1", JobStatus.UPLOADING)).isTrue();

        boolean byOther = jobs.complete(jobId, "worker-2", "bucket", "k", "us-east-1", "https://cdn/k", 1, false);
        boolean byHolder = jobs.complete(jobId, "worker-1", "videos", "processed/video.mp4", "eu-west-1",
                "https://cdn.example.com/processed/video.mp4", 15_938_355, true);
        boolean again = jobs.complete(jobId, "worker-1", "videos", "other.mp4", "eu-west-1", "https://x", 1, true);

        assertThat(byOther).isFalse();
        assertThat(byHolder).isTrue();
        assertThat(again).isFalse();
        JobRecord done = jobs.find(jobId).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.s3Bucket()).isEqualTo("videos");
        assertThat(done.s3Key()).isEqualTo("processed/video.mp4");
        assertThat(done.s3Region()).isEqualTo("eu-west-1");
        assertThat(done.resultUrl()).isEqualTo("https://cdn.example.com/processed/video.mp4");
        assertThat(done.fileSizeBytes()).isEqualTo(15_938_355L);
        assertThat(done.quickResponse()).isTrue();
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.leaseOwner()).isNull();
        assertThat(done.leaseUntil()).isNull();
        assertThat(done.completedAt()).isNotNull().isAfterOrEqualTo(done.startedAt());
        assertThat(done.actualSeconds()).isNotNull().isGreaterThanOrEqualTo(0.0);
        assertThat(scalar(db.dataSource(), "SELECT upload_completed_at IS NOT NULL FROM jobs")).isEqualTo(true);
    }

    @Test
    void failEndsAJobOnlyForItsHolderOrForAnyoneWhenNoWorkerIsNamed() {
        String held = insert(jobs, null, THREE_LAYERS).jobId();
        jobs.claim(held, "worker-1", LEASE, TIMEOUT);

        assertThat(jobs.fail(held, "worker-2", "FFMPEG_ERROR", "not yours", null)).isFalse();
        assertThat(jobs.fail(held, "worker-1", "SOURCE_DOWNLOAD_FAILED", "x".repeat(3000),
                "{\"element\":\"clip\"}")).isTrue();
        assertThat(jobs.fail(held, "worker-1", "FFMPEG_ERROR", "again", null)).isFalse();
        JobRecord failed = jobs.find(held).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.errorCode()).isEqualTo("SOURCE_DOWNLOAD_FAILED");
        assertThat(failed.errorMessage()).hasSize(2000);
        assertThat(failed.errorDetails()).isEqualTo("{\"element\": \"clip\"}");
        assertThat(failed.leaseOwner()).isNull();
        assertThat(failed.completedAt()).isNotNull();

        String pending = insert(jobs, null, THREE_LAYERS).jobId();
        assertThat(jobs.fail(pending, "worker-9", "PROCESSING_FAILED", "queue down", null))
                .as("a pending job has no holder to protect").isTrue();

        String orphan = insert(jobs, null, THREE_LAYERS).jobId();
        jobs.claim(orphan, "worker-1", LEASE, TIMEOUT);
        assertThat(jobs.fail(orphan, null, "PROCESSING_FAILED", "dead letter", null)).isTrue();
        assertThat(jobs.find(orphan)).map(JobRecord::status).contains(JobStatus.FAILED);
    }

    @Test
    void releaseHandsTheJobBackForAnotherAttempt() {
        String jobId = insert(jobs, null, THREE_LAYERS).jobId();
        jobs.claim(jobId, "worker-1", LEASE, TIMEOUT);

        assertThat(jobs.release(jobId, "worker-2", "X", "not yours")).isFalse();
        assertThat(jobs.release(jobId, "worker-1", "SOURCE_DOWNLOAD_FAILED", "503 from the origin")).isTrue();

        JobRecord released = jobs.find(jobId).orElseThrow();
        assertThat(released.status()).isEqualTo(JobStatus.PENDING);
        assertThat(released.leaseOwner()).isNull();
        assertThat(released.responseType()).isEqualTo("async");
        assertThat(released.errorDetails()).contains("\"last_error_code\": \"SOURCE_DOWNLOAD_FAILED\"")
                .contains("503 from the origin");
        assertThat(jobs.claim(jobId, "worker-2", LEASE, TIMEOUT))
                .hasValueSatisfying(job -> assertThat(job.retryCount()).isEqualTo(1));
    }

    @Test
    void cancelReportsWhatItFound() {
        String mine = insert(jobs, "alice", THREE_LAYERS).jobId();
        String theirs = insert(jobs, "bob", THREE_LAYERS).jobId();
        String anonymous = insert(jobs, null, THREE_LAYERS).jobId();

        assertThat(jobs.cancel("vg_aaaaaaaaaaaaaaaaaaaa", "alice", false)).isEqualTo(CancelOutcome.NOT_FOUND);
        assertThat(jobs.cancel(theirs, "alice", false)).isEqualTo(CancelOutcome.NOT_FOUND);
        assertThat(jobs.cancel(mine, null, false)).as("an anonymous caller").isEqualTo(CancelOutcome.NOT_FOUND);
        assertThat(jobs.find(theirs)).map(JobRecord::status).contains(JobStatus.PENDING);

        assertThat(jobs.cancel(mine, "alice", false)).isEqualTo(CancelOutcome.CANCELLED);
        assertThat(jobs.cancel(mine, "alice", false)).isEqualTo(CancelOutcome.ALREADY_ENDED);
        assertThat(jobs.cancel(theirs, "operator", true)).isEqualTo(CancelOutcome.CANCELLED);
        assertThat(jobs.cancel(anonymous, null, false)).isEqualTo(CancelOutcome.CANCELLED);

        JobRecord cancelled = jobs.find(mine).orElseThrow();
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.completedAt()).isNotNull();
        assertThat(cancelled.errorCode()).isNull();
    }

    @Test
    void aCompletedJobCannotBeCancelled() {
        String jobId = insert(jobs, null, THREE_LAYERS).jobId();
        jobs.claim(jobId, "worker-1", LEASE, TIMEOUT);
        jobs.complete(jobId, "worker-1", "videos", "k.mp4", "us-east-1", "https://cdn/k.mp4", 10, false);

        assertThat(jobs.cancel(jobId, null, false)).isEqualTo(CancelOutcome.ALREADY_ENDED);
        assertThat(jobs.find(jobId)).map(JobRecord::status).contains(JobStatus.COMPLETED);
    }

    @Test
    void jobsPastTheirProcessingTimeoutAreMarkedTimedOut() throws InterruptedException {
        String late = jobs.insert(newJob(null, THREE_LAYERS, null, 0), request(THREE_LAYERS).elements(), null).jobId();
        String onTime = insert(jobs, null, THREE_LAYERS).jobId();
        String finished = jobs.insert(newJob(null, THREE_LAYERS, null, 0), request(THREE_LAYERS).elements(), null)
                .jobId();
        jobs.fail(finished, null, "FFMPEG_ERROR", "broken", null);
        Thread.sleep(20);

        assertThat(jobs.sweeps().markTimedOutJobs()).isEqualTo(1);

        JobRecord timedOut = jobs.find(late).orElseThrow();
        assertThat(timedOut.status()).isEqualTo(JobStatus.TIMEOUT);
        assertThat(timedOut.errorCode()).isEqualTo("PROCESSING_TIMEOUT");
        assertThat(jobs.find(onTime)).map(JobRecord::status).contains(JobStatus.PENDING);
        assertThat(jobs.find(finished)).map(JobRecord::status).contains(JobStatus.FAILED);
        assertThat(jobs.sweeps().unfinishedJobIds()).containsExactly(onTime);
    }

    @Test
    void aClaimExtendsTheProcessingTimeoutSoAFreshAttemptIsNotSweptAway() throws InterruptedException {
        String jobId = jobs.insert(newJob(null, THREE_LAYERS, null, 0), request(THREE_LAYERS).elements(), null)
                .jobId();
        Thread.sleep(20);
        jobs.claim(jobId, "worker-1", LEASE, TIMEOUT);

        assertThat(jobs.sweeps().markTimedOutJobs()).isZero();
        assertThat(jobs.find(jobId)).map(JobRecord::status).contains(JobStatus.PROCESSING);
    }

    @Test
    void aRestartedSingleProcessStackGetsBackEveryUnfinishedJob() {
        String pending = insert(jobs, null, THREE_LAYERS).jobId();
        String working = insert(jobs, null, THREE_LAYERS).jobId();
        jobs.claim(working, "worker-before-restart", LEASE, TIMEOUT);
        String ended = insert(jobs, null, THREE_LAYERS).jobId();
        jobs.cancel(ended, null, false);

        List<String> unfinished = jobs.sweeps().releaseAbandonedJobs();

        assertThat(unfinished).containsExactly(pending, working);
        JobRecord released = jobs.find(working).orElseThrow();
        assertThat(released.status()).isEqualTo(JobStatus.PENDING);
        assertThat(released.leaseOwner()).isNull();
        assertThat(jobs.claim(working, "worker-after-restart", LEASE, TIMEOUT)).isPresent();
    }

    @Test
    void calibrationSamplesAreTheFinishedJobsWithTheirElementMix() {
        String finished = insert(jobs, null, THREE_LAYERS).jobId();
        jobs.claim(finished, "worker-1", LEASE, TIMEOUT);
        update(db.dataSource(), "UPDATE jobs SET actual_processing_seconds = 12.5 WHERE job_id = ?", finished);
        jobs.complete(finished, "worker-1", "videos", "k.webm", "us-east-1", "https://cdn/k.webm", 10, false);

        String failed = insert(jobs, null, THREE_LAYERS).jobId();
        jobs.claim(failed, "worker-1", LEASE, TIMEOUT);
        update(db.dataSource(), "UPDATE jobs SET actual_processing_seconds = 3 WHERE job_id = ?", failed);
        jobs.fail(failed, "worker-1", "FFMPEG_ERROR", "broken", null);
        insert(jobs, null, THREE_LAYERS);

        List<Estimator.Sample> samples = jobs.measurements().calibrationSamples(200);

        assertThat(samples).containsExactly(new Estimator.Sample(6.0, 1280, 720, "webm", 1, 2, 2, 12.5));
        assertThat(jobs.measurements().calibrationSamples(0)).isEmpty();
    }

    @Test
    void calibrationSamplesAreTheMostRecentFirstAndLimited() throws InterruptedException {
        for (int seconds = 1; seconds <= 4; seconds++) {
            String jobId = insert(jobs, null, THREE_LAYERS).jobId();
            jobs.claim(jobId, "worker-1", LEASE, TIMEOUT);
            update(db.dataSource(), "UPDATE jobs SET actual_processing_seconds = ? WHERE job_id = ?", seconds, jobId);
            jobs.complete(jobId, "worker-1", "videos", "k" + seconds, "us-east-1", "https://cdn/k", 10, false);
            Thread.sleep(5);
        }

        assertThat(jobs.measurements().calibrationSamples(2)).extracting(Estimator.Sample::actualSeconds).containsExactly(4.0, 3.0);
    }

    @Test
    void anUnreachableDatabaseIsReportedAsUnavailable() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setServerNames(new String[] {"127.0.0.1"});
        nowhere.setPortNumbers(new int[] {1});
        nowhere.setConnectTimeout(2);
        Database database = Database.of(nowhere);

        assertThat(database.reachable()).isFalse();
        assertThatThrownBy(() -> new JobRepository(database).find("vg_aaaaaaaaaaaaaaaaaaaa"))
                .isInstanceOfSatisfying(DatabaseException.class, e -> assertThat(e.unavailable()).isTrue());
        assertThat(Database.of(db.dataSource()).reachable()).isTrue();
    }

    private List<Map<String, Object>> rows(String sql) throws SQLException {
        List<Map<String, Object>> result = new ArrayList<>();
        try (Connection connection = db.connect();
             PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rows = select.executeQuery()) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= columns; i++) {
                    row.put(rows.getMetaData().getColumnLabel(i), rows.getObject(i));
                }
                result.add(row);
            }
        }
        return result;
    }
}
