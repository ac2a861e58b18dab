package dev.videogen.jobs;

import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.db.StorageOperationLog;
import dev.videogen.jobs.ports.ObjectStore;
import dev.videogen.jobs.ports.StorageException;
import dev.videogen.jobs.ports.StoredObject;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object store as the workers use it for a job: every upload, download and delete recorded in the job's storage
 * operation log, opened before the call and closed with its outcome.
 */
public final class RecordedStorage {

    private static final Logger LOG = LoggerFactory.getLogger(RecordedStorage.class);

    private final ObjectStore store;
    private final StorageOperationLog log;

    public RecordedStorage(ObjectStore store, StorageOperationLog log) {
        this.store = store;
        this.log = log;
    }

    public ObjectStore store() {
        return store;
    }

    /** Uploads {@code file} under {@code key}; a failure is recorded and thrown. */
    public StoredObject put(JobRecord job, String key, Path file, String contentType) {
        UUID operation = log.openStorageOperation(job.id(), "upload", store.bucket(), key, store.region());
        try {
            StoredObject stored = store.put(key, file, contentType);
            log.closeStorageOperation(operation, true, stored.sizeBytes(), null, stored.requestId(), stored.etag(),
                    null);
            return stored;
        } catch (StorageException e) {
            log.closeStorageOperation(operation, false, null, null, null, null, e.getMessage());
            throw e;
        }
    }

    /** Downloads {@code key} of the service's bucket to {@code target}; a failure is recorded and thrown. */
    public long get(JobRecord job, String key, Path target, long maxBytes) {
        UUID operation = log.openStorageOperation(job.id(), "download", store.bucket(), key, store.region());
        try {
            long bytes = store.download(store.bucket(), key, target, maxBytes);
            log.closeStorageOperation(operation, true, bytes, null, null, null, null);
            return bytes;
        } catch (StorageException e) {
            log.closeStorageOperation(operation, false, null, null, null, null, e.getMessage());
            throw e;
        }
    }

    /** Deletes {@code key}; a failure is recorded and logged, not thrown (the bucket's lifecycle rules are the backstop). */
    public void delete(JobRecord job, String key) {
        UUID operation = log.openStorageOperation(job.id(), "delete", store.bucket(), key, store.region());
        try {
            store.delete(key);
            log.closeStorageOperation(operation, true, null, null, null, null, null);
        } catch (StorageException e) {
            log.closeStorageOperation(operation, false, null, null, null, null, e.getMessage());
            LOG.warn("object {} of job {} could not be deleted: {}", key, job.jobId(), e.getMessage());
        }
    }

    /**
     * Deletes a result an attempt stored but could not complete the job with (cancelled, or taken over), and its
     * poster when it has one ({@code posterKey} may be null): both are that attempt's own keys.
     */
    public void deleteResult(JobRecord job, String key, String posterKey) {
        delete(job, key);
        if (posterKey != null) {
            delete(job, posterKey);
        }
    }
}
