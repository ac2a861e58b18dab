package dev.videogen.jobs;

import static dev.videogen.jobs.JobFixtures.SMALL_REQUEST;
import static dev.videogen.jobs.JobFixtures.insert;
import static dev.videogen.jobs.JobFixtures.newJob;
import static dev.videogen.jobs.JobFixtures.request;
import static dev.videogen.jobs.JobFixtures.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.ports.RenderQueue;
import dev.videogen.migrations.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sweep over a real, migrated PostgreSQL; the queue records what it is sent. */
class SweeperTest {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String WITH_HOOK = """
            {"width": 640, "height": 360, "duration": 2, "callback_url": "https://hooks.example.com/videogen",
             "elements": [{"type": "image", "source": "https://media.example.com/a.png"}]}""";

    private TestDatabase db;
    private JobRepository jobs;
    private final List<String> queued = new CopyOnWriteArrayList<>();
    private final RenderQueue queue = new RenderQueue() {
        @Override
        public void enqueue(String jobId) {
            queued.add(jobId);
        }

        @Override
        public void checkAvailable() {
        }
    };

    @BeforeEach
    void freshDatabase() {
        db = TestDatabase.fresh();
        jobs = new JobRepository(Database.of(db.dataSource()));
    }

    /** A sweeper that sends a due job's message again once it went unclaimed for a second. */
    private Sweeper sweeper(Duration retention) {
        return new Sweeper(jobs, queue, JobEndListener.NONE, new Sweeper.Settings(retention, GRACE,
                Sweeper.RESEND_INTERVAL));
    }

    private static final Duration GRACE = Duration.ofSeconds(1);

    @Test
    void lateJobsTimeOutAndCompletedOnesPastTheRetentionExpire() throws InterruptedException {
        String late = jobs.insert(newJob(null, SMALL_REQUEST, null, 0), request(SMALL_REQUEST).elements(), null)
                .jobId();
        String done = insert(jobs, null, SMALL_REQUEST).jobId();
        jobs.claim(done, "worker-1", LEASE, TIMEOUT);
        jobs.complete(done, "worker-1", "videos", "k.mp4", "us-east-1", "https://cdn/k.mp4", 10, false);
        Thread.sleep(20);

        assertThat(sweeper(Duration.ofDays(1)).sweep().timedOut()).isEqualTo(1);
        assertThat(sweeper(Duration.ZERO).sweep().expired()).isEqualTo(1);

        assertThat(jobs.find(late)).map(JobRecord::status).contains(JobStatus.TIMEOUT);
        assertThat(jobs.find(done)).map(JobRecord::status).contains(JobStatus.EXPIRED);
    }

    @Test
    void theRetentionIsRecordedForThePgCronCleanup() {
        sweeper(Duration.ofDays(7)).sweep();

        assertThat(scalar(db.dataSource(), "SELECT output_retention()::text")).isEqualTo("7 days");
    }

    /** A job timed out by the sweep, or by pg_cron calling the same function, has its job.timeout event to send. */
    @Test
    void aTimeoutHasItsWebhookEventWhoeverMarkedIt() throws InterruptedException {
        String bySweep = jobs.insert(newJob(null, WITH_HOOK, null, 0), request(WITH_HOOK).elements(), null).jobId();
        Thread.sleep(20);
        sweeper(Duration.ofDays(1)).sweep();
        String byCron = jobs.insert(newJob(null, WITH_HOOK, null, 0), request(WITH_HOOK).elements(), null).jobId();
        Thread.sleep(20);
        scalar(db.dataSource(), "SELECT mark_timed_out_jobs()");

        for (String jobId : List.of(bySweep, byCron)) {
            assertThat(scalar(db.dataSource(), """
                    SELECT e.event || ' ' || e.state FROM webhook_events e JOIN jobs j ON j.id = e.job_id
                     WHERE j.job_id = ?""", jobId)).as(jobId).isEqualTo("job.timeout pending");
        }
    }

    @Test
    void aJobWhoseMessageWasNeverSentIsQueuedAgainOnce() throws InterruptedException {
        // a grace long enough for a loaded machine to sweep before the second job is due
        Sweeper sweeper = new Sweeper(jobs, queue, JobEndListener.NONE, new Sweeper.Settings(Duration.ofDays(30),
                Duration.ofSeconds(5), Sweeper.RESEND_INTERVAL));
        String orphan = insert(jobs, null, SMALL_REQUEST).jobId();
        Thread.sleep(5_300);
        String fresh = insert(jobs, null, SMALL_REQUEST).jobId();

        assertThat(sweeper.sweep().requeued()).isEqualTo(1);
        assertThat(queued).containsExactly(orphan);

        // the next sweeps leave it alone while its new message does its work
        sweeper.sweep();
        assertThat(queued).containsExactly(orphan).doesNotContain(fresh);
    }

    @Test
    void aJobWhoseWorkerDiedIsQueuedAgainOnceItsLeaseLapsed() throws InterruptedException {
        String jobId = insert(jobs, null, SMALL_REQUEST).jobId();
        jobs.claim(jobId, "worker-that-dies", Duration.ofSeconds(3), TIMEOUT);

        assertThat(sweeper(Duration.ofDays(30)).sweep().requeued()).as("the lease is live").isZero();
        Thread.sleep(3_300);
        assertThat(sweeper(Duration.ofDays(30)).sweep().requeued()).isEqualTo(1);
        assertThat(sweeper(Duration.ofDays(30)).sweep().requeued()).as("once per lapse").isZero();
        assertThat(queued).containsExactly(jobId);
        assertThat(jobs.claim(jobId, "worker-2", LEASE, TIMEOUT)).as("the new message finds it claimable").isPresent();
    }

    @Test
    void aRetryWaitingForItsTimeIsLeftAloneAndAnOverdueOneIsQueuedAgain() {
        String waiting = insert(jobs, null, SMALL_REQUEST).jobId();
        String overdue = insert(jobs, null, SMALL_REQUEST).jobId();
        for (String jobId : List.of(waiting, overdue)) {
            jobs.claim(jobId, "worker-1", LEASE, TIMEOUT);
        }
        jobs.release(waiting, "worker-1", "S3_UPLOAD_FAILED", "503", Instant.now().plusSeconds(60));
        jobs.release(overdue, "worker-1", "S3_UPLOAD_FAILED", "503", Instant.now().minusSeconds(2));

        assertThat(sweeper(Duration.ofDays(30)).sweep().requeued()).isEqualTo(1);
        assertThat(queued).containsExactly(overdue);
    }
}
