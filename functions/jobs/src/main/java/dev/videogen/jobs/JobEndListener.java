package dev.videogen.jobs;

import dev.videogen.jobs.db.JobRecord;

/** Told when a job reaches a final state (webhooks hang off this). */
@FunctionalInterface
public interface JobEndListener {

    JobEndListener NONE = job -> { };

    void jobEnded(JobRecord job);
}
