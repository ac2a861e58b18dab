package dev.videogen.jobs;

import dev.videogen.engine.ErrorCode;
import dev.videogen.jobs.db.JobRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ends jobs whose queue message was given up on (moved to the dead-letter queue). */
public final class UndeliverableJobs {

    private static final Logger LOG = LoggerFactory.getLogger(UndeliverableJobs.class);

    private final JobRepository jobs;
    private final JobEndListener endListener;

    public UndeliverableJobs(JobRepository jobs, JobEndListener endListener) {
        this.jobs = jobs;
        this.endListener = endListener;
    }

    /** Fails the job unless it has already ended. Returns whether it was failed now. Safe to repeat. */
    public boolean failUndeliverable(String jobId, int receiveCount) {
        String message = "the job could not be processed: its message was given up on after " + receiveCount
                + " deliveries";
        // the error of its last attempt, when one failed by itself, says more than "processing failed"
        String code = jobs.find(jobId).map(job -> job.retry().lastErrorCode()).orElse(null);
        boolean failed = jobs.fail(jobId, null, code == null ? ErrorCode.PROCESSING_FAILED.name() : code, message,
                null);
        if (failed) {
            LOG.warn("job {} failed from the dead-letter queue", jobId);
            jobs.find(jobId).ifPresent(endListener::jobEnded);
        }
        return failed;
    }
}
