package dev.videogen.jobs.api;

import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.ports.QueueException;
import dev.videogen.jobs.ports.RenderQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces a job's end without holding up the response: a queue message for the finished job makes the render
 * function send the webhook (durably, with its retries); when the queue is down, it is sent here.
 */
final class JobEndAnnouncer {

    private static final Logger LOG = LoggerFactory.getLogger(JobEndAnnouncer.class);

    private final RenderQueue queue;
    private final JobEndListener endListener;

    JobEndAnnouncer(RenderQueue queue, JobEndListener endListener) {
        this.queue = queue;
        this.endListener = endListener;
    }

    void announce(JobRecord job) {
        if (job.callbackUrl() == null) {
            return;
        }
        try {
            queue.enqueue(job.jobId());
        } catch (QueueException e) {
            LOG.warn("the end of {} is announced directly: the queue is unavailable", job.jobId());
            endListener.jobEnded(job);
        }
    }
}
