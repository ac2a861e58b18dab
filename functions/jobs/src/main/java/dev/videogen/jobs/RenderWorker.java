package dev.videogen.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.videogen.engine.Cancellation;
import dev.videogen.engine.ErrorCode;
import dev.videogen.engine.PreparedComposition;
import dev.videogen.engine.chunks.FrameRange;
import dev.videogen.engine.Redaction;
import dev.videogen.engine.RenderCancelledException;
import dev.videogen.engine.RenderException;
import dev.videogen.engine.RenderListener;
import dev.videogen.engine.RenderResult;
import dev.videogen.engine.RenderStep;
import dev.videogen.engine.Renderer;
import dev.videogen.engine.SourceReport;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.validation.FieldProblem;
import dev.videogen.engine.validation.InvalidRequestException;
import dev.videogen.engine.validation.RequestParser;
import dev.videogen.jobs.chunks.ChunkPlanning;
import dev.videogen.jobs.chunks.ChunkRepository;
import dev.videogen.jobs.db.DatabaseException;
import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.ports.ObjectStore;
import dev.videogen.jobs.ports.QueueException;
import dev.videogen.jobs.ports.StorageException;
import dev.videogen.jobs.ports.StoredObject;
import dev.videogen.jobs.sources.StoreObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a claimed job into a stored video: renders it, uploads the file, completes the row — recording every step in
 * {@code processing_timeline}, every S3 call in {@code storage_operations} and the figures in {@code system_metrics}.
 * Every outcome leaves the job in a state someone will move on: completed, failed, cancelled, or handed back to the
 * queue for another attempt. Temporary files are removed whatever happens.
 */
public final class RenderWorker {

    private static final Logger LOG = LoggerFactory.getLogger(RenderWorker.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);
    private static final int UPLOAD_ATTEMPTS = 3;
    /** The start of a field path or message about one element: {@code elements[2]}. */
    private static final Pattern ELEMENT_PATH = Pattern.compile("elements\\[(\\d+)]");

    /** How one attempt at a job ended. */
    public enum Outcome {
        /** The video is stored and the job completed. */
        COMPLETED,
        /** The job failed for good. */
        FAILED,
        /** The job was cancelled (or taken over) while this worker had it; nothing was stored. */
        CANCELLED,
        /** A passing failure (the job is pending again), or another live worker holds the job: the message should
         *  come back later. */
        RETRY_LATER,
        /** An inline render ran out of time: the job is pending again and must be queued. */
        HANDED_OFF,
        /** Nothing more for this message: the job is unknown, finished, or split into pieces that will finish it. */
        IGNORED
    }

    /** The outcome and the job's row afterwards (when it exists). */
    public record Result(Outcome outcome, Optional<JobRecord> job) {
    }

    /** Everything the worker needs. */
    public record Settings(String outputPrefix, Duration lease, Duration renderTimeout, int maxReceiveCount,
                           Path workDirectory) {
    }

    private final JobRepository jobs;
    private final Renderer renderer;
    private final ObjectStore store;
    private final ResultUrls urls;
    private final JobEndListener endListener;
    private final Settings settings;
    private final RequestParser parser = RequestParser.forApi();
    private final ChunkPlanning chunkPlanning;

    public RenderWorker(JobRepository jobs, Renderer renderer, ObjectStore store, ResultUrls urls,
                        JobEndListener endListener, Settings settings) {
        this(jobs, renderer, store, urls, endListener, settings, null);
    }

    /** With {@code chunkPlanning}, queued jobs long enough are split into pieces rendered in parallel. */
    public RenderWorker(JobRepository jobs, Renderer renderer, ObjectStore store, ResultUrls urls,
                        JobEndListener endListener, Settings settings, ChunkPlanning chunkPlanning) {
        this.jobs = jobs;
        this.renderer = renderer;
        this.store = store;
        this.urls = urls;
        this.endListener = endListener;
        this.settings = settings;
        this.chunkPlanning = chunkPlanning;
    }

    /**
     * Works on a job named by a queue message.
     *
     * @param receiveCount how many times the message has been delivered, this time included
     * @throws DatabaseException when the database is unreachable: the message must come back later
     */
    public Result processDelivery(String jobId, String worker, int receiveCount) {
        Optional<JobRecord> existing = jobs.find(jobId);
        if (existing.isEmpty()) {
            LOG.warn("message for unknown job {} ignored", jobId);
            return new Result(Outcome.IGNORED, Optional.empty());
        }
        if (existing.get().status().terminal()) {
            if (endListener.pending(existing.get())) {
                // the message carries the announcement of an end reached elsewhere (inline, cancelled)
                endListener.jobEnded(existing.get());
            } else {
                LOG.info("message for {} ignored: the job is already {}", jobId, existing.get().status().databaseName());
            }
            return new Result(Outcome.IGNORED, existing);
        }
        if (ChunkRepository.PIECES_HOLD_THE_JOB.equals(existing.get().leaseOwner())) {
            LOG.info("message for {} ignored: its pieces are rendering it", jobId);
            return new Result(Outcome.IGNORED, existing);
        }
        Optional<JobRecord> claimed = jobs.claim(jobId, worker, settings.lease(), claimTimeout());
        if (claimed.isEmpty()) {
            Optional<JobRecord> now = jobs.find(jobId);
            if (now.isPresent() && ChunkRepository.PIECES_HOLD_THE_JOB.equals(now.get().leaseOwner())) {
                return new Result(Outcome.IGNORED, now);
            }
            if (now.isPresent() && !now.get().status().terminal()) {
                // another worker holds a live lease; if it dies, this copy of the message is the job's way back
                LOG.info("job {} is held by another worker; its message will come back", jobId);
                return new Result(Outcome.RETRY_LATER, now);
            }
            return new Result(Outcome.IGNORED, now);
        }
        return run(claimed.get(), worker, Instant.MAX, receiveCount, false);
    }

    /**
     * Renders a freshly created job inside the API call. When {@code deadline} passes first, the render is stopped
     * and the job handed back ({@link Outcome#HANDED_OFF}) for the caller to queue.
     */
    public Result renderInline(String jobId, String worker, Instant deadline) {
        Optional<JobRecord> claimed = jobs.claim(jobId, worker, settings.lease(), claimTimeout());
        if (claimed.isEmpty()) {
            return new Result(Outcome.IGNORED, jobs.find(jobId));
        }
        return run(claimed.get(), worker, deadline, 1, true);
    }

    private Duration claimTimeout() {
        return settings.renderTimeout().plus(Duration.ofMinutes(5));
    }

    private Result run(JobRecord job, String worker, Instant deadline, int receiveCount, boolean inline) {
        Tracker tracker = new Tracker(job, worker, deadline);
        Path output = settings.workDirectory().resolve("output-" + job.jobId() + "." + job.outputFormat());
        try {
            Files.createDirectories(settings.workDirectory());
            CompositionRequest request = parser.parse(JSON.readTree(job.requestPayload()));
            RenderResult rendered;
            Map<String, UUID> storeReads = new ConcurrentHashMap<>();
            RenderListener listener = new RenderListener() {
                @Override
                public void progress(RenderStep step, double percent) {
                    tracker.progress(step, percent);
                }

                @Override
                public void fetchStarted(Element element) {
                    // reads of the service's own bucket are S3 calls like the upload: each one is recorded
                    StoreObject.parse(element.source()).ifPresent(object -> storeReads.put(element.id(),
                            jobs.storageOperations().openStorageOperation(job.id(), "download", object.bucket(), object.key(),
                                    store == null ? null : store.region())));
                }

                @Override
                public void fetchEnded(Element element, long sizeBytes, String error) {
                    UUID operation = storeReads.remove(element.id());
                    if (operation != null) {
                        jobs.storageOperations().closeStorageOperation(operation, error == null, error == null ? sizeBytes : null, null,
                                null, null, error);
                    }
                }

                @Override
                public void sourcesFetched(List<SourceReport> sources) {
                    jobs.elements().recordSources(job.id(), sources);
                }
            };
            try (PreparedComposition composition = renderer.prepare(request, listener, tracker)) {
                List<FrameRange> ranges = chunkPlanning == null || inline ? List.of()
                        : chunkPlanning.ranges(composition);
                if (ranges.size() > 1) {
                    tracker.closeOpenStep();
                    jobs.elements().recordRender(job.id(), composition.timeline().duration(), composition.timeline());
                    if (!chunkPlanning.handOver(job, worker, ranges, request.outputFormat().hasAudio())) {
                        return new Result(Outcome.CANCELLED, jobs.find(job.jobId()));
                    }
                    LOG.info("job {} split into {} chunks", job.jobId(), ranges.size());
                    return new Result(Outcome.IGNORED, jobs.find(job.jobId()));
                }
                rendered = renderer.render(composition, output, tracker);
            } catch (QueueException e) {
                tracker.failOpenStep(e.getMessage());
                return fail(job, null, ErrorCode.PROCESSING_FAILED.name(), "the job's chunks could not be queued: "
                        + e.getMessage(), null, inline);
            } catch (RuntimeException e) {
                // the step the render was in when it failed did not complete
                tracker.failOpenStep(e.getMessage());
                throw e;
            }
            tracker.closeOpenStep();
            jobs.elements().recordRender(job.id(), rendered.durationSeconds(), rendered.timeline());
            tracker.rendered();
            if (!jobs.advance(job.jobId(), worker, JobStatus.UPLOADING)) {
                return new Result(Outcome.CANCELLED, jobs.find(job.jobId()));
            }
            String key = objectKey(job);
            StoredObject stored = upload(job, tracker, output, key, request);
            String url = urls.urlFor(key);
            if (!jobs.complete(job.jobId(), worker, stored.bucket(), key, store.region(), url, stored.sizeBytes(), inline)) {
                // cancelled or taken over during the upload: the object must not outlive the job
                deleteObject(job, key);
                return new Result(Outcome.CANCELLED, jobs.find(job.jobId()));
            }
            recordMetrics(job, rendered, stored, inline);
            return ended(Outcome.COMPLETED, job.jobId(), inline);
        } catch (InvalidRequestException e) {
            for (FieldProblem problem : e.problems()) {
                recordElementError(job, problem.field(), problem.field() + " " + problem.message());
            }
            return fail(job, worker, ErrorCode.INVALID_INPUT.name(), e.getMessage(), problems(e), inline);
        } catch (RenderCancelledException e) {
            if (tracker.pastDeadline()) {
                jobs.release(job.jobId(), worker, null, null);
                return new Result(Outcome.HANDED_OFF, jobs.find(job.jobId()));
            }
            return new Result(Outcome.CANCELLED, jobs.find(job.jobId()));
        } catch (RenderException e) {
            recordElementError(job, e.getMessage(), e.getMessage());
            String details = e.details() == null ? null : JSON.getNodeFactory().textNode(e.details()).toString();
            if (e.retryable()) {
                return retryOrFail(job, worker, e.code().name(), e.getMessage(), details, receiveCount, inline);
            }
            return fail(job, worker, e.code().name(), e.getMessage(), details, inline);
        } catch (StorageException e) {
            String code = switch (e.kind()) {
                case ACCESS_DENIED -> ErrorCode.S3_ACCESS_DENIED.name();
                case BUCKET_NOT_FOUND -> ErrorCode.S3_BUCKET_NOT_FOUND.name();
                default -> ErrorCode.S3_UPLOAD_FAILED.name();
            };
            if (e.retryable()) {
                return retryOrFail(job, worker, code, "the upload to S3 failed: " + e.getMessage(), null, receiveCount,
                        inline);
            }
            return fail(job, worker, code, "the upload to S3 failed: " + e.getMessage(), null, inline);
        } catch (DatabaseException e) {
            if (e.unavailable()) {
                throw e;
            }
            LOG.error("job {} hit a database error: {}", job.jobId(), Redaction.failure(e));
            return fail(job, worker, ErrorCode.PROCESSING_FAILED.name(), "the job could not be recorded", null, inline);
        } catch (IOException | RuntimeException e) {
            LOG.error("job {} failed unexpectedly: {}", job.jobId(), Redaction.failure(e));
            return fail(job, worker, ErrorCode.PROCESSING_FAILED.name(), "processing failed unexpectedly", null, inline);
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                LOG.warn("cannot delete {}: {}", output, e.getMessage());
            }
        }
    }

    /** When {@code subject} begins with an element's path ({@code elements[2]…}), records {@code message} on it. */
    private void recordElementError(JobRecord job, String subject, String message) {
        Matcher element = ELEMENT_PATH.matcher(subject == null ? "" : subject);
        if (element.lookingAt()) {
            jobs.elements().recordElementError(job.id(), Integer.parseInt(element.group(1)), message);
        }
    }

    private StoredObject upload(JobRecord job, Tracker tracker, Path output, String key, CompositionRequest request) {
        UUID step = jobs.timeline().openStep(job.id(), RenderStep.UPLOAD.wireName(), null);
        StorageException last = null;
        for (int attempt = 1; attempt <= UPLOAD_ATTEMPTS; attempt++) {
            UUID operation = jobs.storageOperations().openStorageOperation(job.id(), "upload", store.bucket(), key, store.region());
            try {
                StoredObject stored = store.put(key, output, request.outputFormat().contentType());
                jobs.storageOperations().closeStorageOperation(operation, true, stored.sizeBytes(), null, stored.requestId(), stored.etag(),
                        null);
                jobs.timeline().closeStep(step, true, JSON.createObjectNode().put("key", key).put("bytes", stored.sizeBytes())
                        .put("attempts", attempt).toString(), null);
                return stored;
            } catch (StorageException e) {
                jobs.storageOperations().closeStorageOperation(operation, false, null, null, null, null, e.getMessage());
                last = e;
                if (!e.retryable() || attempt == UPLOAD_ATTEMPTS) {
                    break;
                }
                sleep(Duration.ofMillis(500L << (attempt - 1)));
            }
        }
        jobs.timeline().closeStep(step, false, null, last.getMessage());
        throw last;
    }

    private Result retryOrFail(JobRecord job, String worker, String code, String message, String details,
                               int receiveCount, boolean inline) {
        if (inline || receiveCount < settings.maxReceiveCount()) {
            LOG.warn("job {} attempt {} failed ({}: {}); it goes back to the queue", job.jobId(), receiveCount, code,
                    message);
            jobs.release(job.jobId(), worker, code, message);
            return new Result(inline ? Outcome.HANDED_OFF : Outcome.RETRY_LATER, jobs.find(job.jobId()));
        }
        return fail(job, worker, code, message + " (after " + receiveCount + " attempts)", details, false);
    }

    private Result fail(JobRecord job, String worker, String code, String message, String details, boolean inline) {
        LOG.info("job {} failed: {} {}", job.jobId(), code, message);
        if (!jobs.fail(job.jobId(), worker, code, message, details)) {
            return new Result(Outcome.CANCELLED, jobs.find(job.jobId()));
        }
        return ended(Outcome.FAILED, job.jobId(), inline);
    }

    /**
     * The job's final row; its end is announced here unless the render ran inline, where the API answers first
     * and sends the announcement through the queue.
     */
    private Result ended(Outcome outcome, String jobId, boolean inline) {
        Optional<JobRecord> finished = jobs.find(jobId);
        if (inline) {
            return new Result(outcome, finished);
        }
        finished.ifPresent(record -> {
            try {
                endListener.jobEnded(record);
            } catch (RuntimeException e) {
                LOG.warn("notifying the end of {} failed: {}", jobId, e.getMessage());
            }
        });
        return new Result(outcome, finished);
    }

    private void deleteObject(JobRecord job, String key) {
        UUID operation = jobs.storageOperations().openStorageOperation(job.id(), "delete", store.bucket(), key, store.region());
        try {
            store.delete(key);
            jobs.storageOperations().closeStorageOperation(operation, true, null, null, null, null, null);
        } catch (StorageException e) {
            jobs.storageOperations().closeStorageOperation(operation, false, null, null, null, null, e.getMessage());
            LOG.warn("object {} of cancelled job {} could not be deleted: {}", key, job.jobId(), e.getMessage());
        }
    }

    /** {@code processed/video_{job_id}_{created}.{ext}}: the same key on every attempt, so a retry overwrites. */
    String objectKey(JobRecord job) {
        return settings.outputPrefix() + "video_" + job.jobId() + "_" + job.createdAt().getEpochSecond() + "."
                + job.outputFormat();
    }

    private void recordMetrics(JobRecord job, RenderResult rendered, StoredObject stored, boolean inline) {
        try {
            String labels = JSON.createObjectNode().put("job_id", job.jobId()).put("output_format", job.outputFormat())
                    .put("path", inline ? "inline" : "queue").toString();
            jobs.measurements().recordMetric("render_seconds", "histogram", rendered.elapsed().toMillis() / 1000.0, "seconds", labels);
            jobs.measurements().recordMetric("encode_seconds", "histogram", rendered.encodeElapsed().toMillis() / 1000.0, "seconds",
                    labels);
            if (job.startedAt() != null) {
                jobs.measurements().recordMetric("queue_wait_seconds", "histogram",
                        Math.max(0, Duration.between(job.createdAt(), job.startedAt()).toMillis() / 1000.0), "seconds",
                        labels);
            }
            long bytesIn = rendered.sources().stream().mapToLong(SourceReport::sizeBytes).sum();
            jobs.measurements().recordMetric("bytes_in", "counter", bytesIn, "bytes", labels);
            jobs.measurements().recordMetric("bytes_out", "counter", stored.sizeBytes(), "bytes", labels);
        } catch (DatabaseException e) {
            LOG.warn("metrics of {} not recorded: {}", job.jobId(), e.getMessage());
        }
    }

    private static String problems(InvalidRequestException e) {
        ArrayNode list = JSON.createArrayNode();
        for (FieldProblem problem : e.problems()) {
            list.add(JSON.createObjectNode().put("field", problem.field()).put("message", problem.message()));
        }
        return list.toString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Follows a render: opens and closes timeline entries as the step changes, writes progress to the job at most
     * once a second (renewing the lease), and answers "stop" once the job is no longer this worker's (cancelled,
     * timed out, taken over) or the inline deadline has passed.
     */
    private final class Tracker implements Cancellation {
        private final JobRecord job;
        private final String worker;
        private final Instant deadline;
        private RenderStep step;
        private UUID openStep;
        private double percent;
        private long lastWrite;
        private volatile boolean lost;
        private volatile boolean pastDeadline;

        Tracker(JobRecord job, String worker, Instant deadline) {
            this.job = job;
            this.worker = worker;
            this.deadline = deadline;
        }

        synchronized void progress(RenderStep newStep, double newPercent) {
            percent = newPercent;
            if (newStep != step) {
                closeOpenStep();
                step = newStep;
                openStep = jobs.timeline().openStep(job.id(), newStep.wireName(), null);
                write();
            } else if (System.nanoTime() - lastWrite >= PROGRESS_INTERVAL.toNanos()) {
                write();
            }
        }

        synchronized void closeOpenStep() {
            if (openStep != null) {
                jobs.timeline().closeStep(openStep, !lost, null, lost ? "stopped" : null);
                openStep = null;
            }
        }

        synchronized void failOpenStep(String error) {
            if (openStep != null) {
                jobs.timeline().closeStep(openStep, false, null, error == null ? "failed" : error);
                openStep = null;
            }
        }

        /** The render is done: the job stands at the render's full share, about to upload. */
        synchronized void rendered() {
            step = RenderStep.UPLOAD;
            percent = 100;
            write();
        }

        private void write() {
            lastWrite = System.nanoTime();
            // the render's own bar fills 0..95 of the job's; the upload takes the rest
            int jobPercent = (int) Math.floor(percent * 0.95);
            String stepName = (step == null ? RenderStep.DOWNLOAD : step).wireName();
            if (!jobs.recordProgress(job.jobId(), worker, jobPercent, stepName, settings.lease())) {
                lost = true;
            }
        }

        @Override
        public boolean cancelled() {
            if (Instant.now().isAfter(deadline)) {
                pastDeadline = true;
                return true;
            }
            if (lost) {
                return true;
            }
            synchronized (this) {
                if (System.nanoTime() - lastWrite >= PROGRESS_INTERVAL.toNanos()) {
                    write();
                }
            }
            return lost;
        }

        boolean pastDeadline() {
            return pastDeadline;
        }
    }
}
