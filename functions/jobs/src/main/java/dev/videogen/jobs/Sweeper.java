package dev.videogen.jobs;

import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.ports.RenderQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic clean-up, run every minute: nothing stays stuck and nothing is lost.
 * <ul>
 *   <li>working jobs past their processing timeout become {@code timeout}; completed jobs past the retention become
 *       {@code expired} (their objects are removed by the bucket's lifecycle rule), and the retention is recorded in
 *       the database so pg_cron's own cleanup uses it too;</li>
 *   <li>jobs whose queue message is lost are queued again: a job row whose message was never sent (the process died
 *       between the insert and the send), a retry whose message did not come back, a job whose worker died (its lease
 *       lapsed; its own message would come back only after the queue's long visibility timeout);</li>
 *   <li>webhooks due again are sent (every end, whoever reached it — a worker, the API, this sweep, pg_cron — has its
 *       event row, made by the database).</li>
 * </ul>
 */
public final class Sweeper {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
    /** How often a job still waiting in a long queue may get a duplicate message (harmless: claims are once). */
    public static final Duration RESEND_INTERVAL = Duration.ofMinutes(5);
    private static final int REQUEUE_LIMIT = 500;

    /**
     * @param retention      how long results are kept before jobs are marked expired
     * @param orphanGrace    how long a due job may go unclaimed before its message is sent again
     * @param resendInterval how long before the same waiting job may be sent again
     */
    public record Settings(Duration retention, Duration orphanGrace, Duration resendInterval) {
    }

    private final JobRepository jobs;
    private final RenderQueue queue;
    private final JobEndListener endListener;
    private final Settings settings;

    public Sweeper(JobRepository jobs, RenderQueue queue, JobEndListener endListener, Settings settings) {
        this.jobs = jobs;
        this.queue = queue;
        this.endListener = endListener;
        this.settings = settings;
    }

    /** What one sweep changed. */
    public record Sweep(int timedOut, int expired, int requeued, int webhooksTried) {
    }

    public Sweep sweep() {
        jobs.sweeps().recordRetention(settings.retention());
        int timedOut = jobs.sweeps().markTimedOutJobs();
        int expired = jobs.sweeps().markJobsForCleanup(settings.retention());
        int requeued = requeueLostJobs();
        int webhooks = endListener.sendDue();
        if (timedOut > 0 || expired > 0 || requeued > 0) {
            LOG.info("sweep: {} job(s) timed out, {} expired, {} queued again, {} webhook(s) tried", timedOut, expired,
                    requeued, webhooks);
        }
        return new Sweep(timedOut, expired, requeued, webhooks);
    }

    private int requeueLostJobs() {
        List<String> lost = jobs.sweeps().claimLostJobs(settings.orphanGrace(), settings.resendInterval(),
                REQUEUE_LIMIT);
        // ten messages per request to the queue; a message the queue did not take is tried again after the resend
        // interval (or the next lapse of its lease), as it is marked as sent
        Map<Integer, RuntimeException> failures = queue.enqueueAll(lost);
        failures.forEach((position, failure) -> LOG.warn("job {} could not be queued again: {}", lost.get(position),
                failure.getMessage()));
        int sent = lost.size() - failures.size();
        if (sent > 0) {
            LOG.warn("sweep: {} job(s) had lost their queue message and were queued again: {}", sent, lost);
        }
        return sent;
    }
}
