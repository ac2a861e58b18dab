package dev.videogen.jobs;

import dev.videogen.jobs.db.JobRepository;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic clean-up: working jobs past their processing timeout become {@code timeout} (so no job stays pending
 * or processing forever), completed jobs past the retention become {@code expired} (their objects are removed by the
 * bucket's lifecycle rule).
 */
public final class Sweeper {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final JobRepository jobs;
    private final Duration retention;
    private final JobEndListener endListener;

    public Sweeper(JobRepository jobs, Duration retention, JobEndListener endListener) {
        this.jobs = jobs;
        this.retention = retention;
        this.endListener = endListener;
    }

    /** What one sweep changed. */
    public record Sweep(int timedOut, int expired) {
    }

    public Sweep sweep() {
        java.time.Instant started = jobs.sweeps().databaseNow();
        int timedOut = jobs.sweeps().markTimedOutJobs();
        int expired = jobs.sweeps().markJobsForCleanup(retention);
        if (timedOut > 0 || expired > 0) {
            LOG.info("sweep: {} job(s) timed out, {} expired", timedOut, expired);
            for (var job : jobs.sweeps().endedSince(started)) {
                try {
                    endListener.jobEnded(job);
                } catch (RuntimeException e) {
                    LOG.warn("announcing the end of {} failed: {}", job.jobId(), e.getMessage());
                }
            }
        }
        return new Sweep(timedOut, expired);
    }
}
