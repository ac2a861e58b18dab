package dev.videogen.jobs;

import java.util.Locale;

/** The states of a job, as stored in {@code jobs.status}. */
public enum JobStatus {
    PENDING, DOWNLOADING, PROCESSING, UPLOADING, STORING, COMPLETED, FAILED, CANCELLED, TIMEOUT, EXPIRED;

    public static JobStatus fromDatabase(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public String databaseName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A state the job never leaves (a completed job may still expire). */
    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED || this == TIMEOUT || this == EXPIRED;
    }

    /** A worker holds the job: downloading, processing, uploading or storing. */
    public boolean working() {
        return this == DOWNLOADING || this == PROCESSING || this == UPLOADING || this == STORING;
    }

    /** The status the API shows: working states read as {@code processing}. */
    public String apiName() {
        return working() ? "processing" : databaseName();
    }
}
