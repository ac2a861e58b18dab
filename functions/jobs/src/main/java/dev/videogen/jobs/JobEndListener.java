package dev.videogen.jobs;

import dev.videogen.jobs.db.JobRecord;

/** Told when a job reaches a final state (webhooks hang off this). */
@FunctionalInterface
public interface JobEndListener {

    JobEndListener NONE = job -> { };

    void jobEnded(JobRecord job);

    /**
     * Whether the end of this finished job has yet to be announced. A queue message for a finished job asks this,
     * so an announcement can travel through the queue (durable, retried) instead of holding up an API response.
     */
    default boolean pending(JobRecord job) {
        return false;
    }

    /**
     * Sends the announcements due again (those whose earlier attempts failed); the sweeper calls it every minute.
     * Returns how many were tried.
     */
    default int sendDue() {
        return 0;
    }
}
