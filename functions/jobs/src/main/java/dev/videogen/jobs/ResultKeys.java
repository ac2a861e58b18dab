package dev.videogen.jobs;

import dev.videogen.jobs.db.JobRecord;

/**
 * Where a job's files are stored: a stitched result at {@code <prefix>video_<job_id>_<created>.<ext>} (a single pass
 * names its own per attempt, see {@code RenderWorker.objectKey}), and a result's poster beside it at
 * {@code ….thumbnail.jpg}, under the same prefix so that the bucket's expiry rule for results deletes both at the same
 * age.
 */
public final class ResultKeys {

    private ResultKeys() {
    }

    public static String result(String prefix, JobRecord job) {
        return prefix + "video_" + job.jobId() + "_" + job.createdAt().getEpochSecond() + "." + job.outputFormat();
    }

    public static String poster(String resultKey) {
        int dot = resultKey.lastIndexOf('.');
        int slash = resultKey.lastIndexOf('/');
        return (dot > slash ? resultKey.substring(0, dot) : resultKey) + ".thumbnail.jpg";
    }
}
