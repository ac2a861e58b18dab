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
import dev.videogen.jobs.retry.RetryPolicy;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a claimed job into a stored video: renders it, uploads the file, completes the row — recording every step in
 * {@code processing_timeline}, every S3 call in {@code storage_operations} and the figures in {@code system_metrics}.
 * Every outcome leaves the job in a state someone will move on: completed, failed, cancelled, or handed back to the
 * queue for another attempt. Temporary files are removed whatever happens.
 *
 * <p><b>Attempts.</b> Each claim of a job is an attempt with its own number. A passing failure is retried when the
 * {@link RetryPolicy} says so, after a jittered wait (about 10 s, 30 s, 90 s, 270 s) and only if the attempt can end
 * before the job's deadline; otherwise the job fails with the error code of its last attempt. The lease is renewed
 * for the whole attempt, through the upload and the completion, not only while FFmpeg reports progress. Each attempt
 * stores its result under its own key, so a worker that lost its lease removes only what it uploaded itself.
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
        /** A passing failure (the job is pending again, its retry scheduled), or a retry not yet due: the message
         *  should come back after {@link Result#retryAfter()}. */
        RETRY_LATER,
        /** An inline render ran out of time: the job is pending again and must be queued. */
        HANDED_OFF,
        /** Nothing more for this message: the job is unknown, finished, or split into pieces that will finish it. */
        IGNORED
    }

    /**
     * The outcome, the job's row afterwards (when it exists), and for {@link Outcome#RETRY_LATER} how long until the
     * job's message should come back.
     */
    public record Result(Outcome outcome, Optional<JobRecord> job, Duration retryAfter) {

        public Result(Outcome outcome, Optional<JobRecord> job) {
            this(outcome, job, null);
        }
    }

    /**
     * Everything the worker needs.
     *
     * @param maxReceiveCount attempts a job may have ({@code MAX_RECEIVE_COUNT}): each one is a delivery of its message
     * @param retryFirstDelay the wait before a job's first retry; later ones triple
     */
    public record Settings(String outputPrefix, Duration lease, Duration renderTimeout, int maxReceiveCount,
                           Path workDirectory, Duration retryFirstDelay) {

        public Settings(String outputPrefix, Duration lease, Duration renderTimeout, int maxReceiveCount,
                        Path workDirectory) {
            this(outputPrefix, lease, renderTimeout, maxReceiveCount, workDirectory, RetryPolicy.FIRST_DELAY);
        }

        /** The retry policy of jobs with {@code maxAttempts} attempts, each bounded by the render limit. */
        public RetryPolicy retryPolicy(int maxAttempts) {
            return new RetryPolicy(maxAttempts, attemptBudget(renderTimeout), retryFirstDelay, RetryPolicy.FACTOR,
                    RetryPolicy.JITTER);
        }

        /** What one attempt may take: the render's limit plus the upload and the records after it. */
        public static Duration attemptBudget(Duration renderTimeout) {
            return renderTimeout.plus(renderTimeout.dividedBy(10)).plusSeconds(5);
        }
    }

    /** Renews the leases of every attempt under way in this process, whatever step each is in. */
    private static final ScheduledExecutorService LEASE_KEEPER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "lease-keeper");
        thread.setDaemon(true);
        return thread;
    });

    private final JobRepository jobs;
    private final Renderer renderer;
    private final ObjectStore store;
    private final RecordedStorage storage;
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
        this.storage = new RecordedStorage(store, jobs.storageOperations());
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
        return processDelivery(jobId, worker, receiveCount, Instant.MAX);
    }

    /**
     * The wait before a message comes back after its {@code receiveCount}-th delivery could not be worked on at all
     * (the database unreachable): the jobs' retry schedule, so a database back within seconds costs seconds.
     */
    public Duration redeliveryDelay(int receiveCount) {
        return settings.retryPolicy(settings.maxReceiveCount()).delayAfter(receiveCount,
                ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Works on a job named by a queue message, handing it back (as a passing failure) when {@code deadline} passes
     * first: a render function's own time limit.
     */
    public Result processDelivery(String jobId, String worker, int receiveCount, Instant deadline) {
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
        Optional<JobRecord> claimed = jobs.claim(jobId, worker, settings.lease(), claimTimeout(), settings.maxReceiveCount());
        if (claimed.isEmpty()) {
            Optional<JobRecord> now = jobs.find(jobId);
            if (now.isPresent() && ChunkRepository.PIECES_HOLD_THE_JOB.equals(now.get().leaseOwner())) {
                return new Result(Outcome.IGNORED, now);
            }
            if (now.isPresent() && now.get().waitingToRetry()) {
                // an early copy of the message (or a redelivery the queue could not delay): back when the retry is due
                Duration wait = Duration.between(jobs.sweeps().databaseNow(), now.get().retry().nextAttemptAt());
                LOG.info("job {} is not due until {}; its message comes back then", jobId,
                        now.get().retry().nextAttemptAt());
                return new Result(Outcome.RETRY_LATER, now, wait.isNegative() ? Duration.ZERO : wait);
            }
            if (now.isPresent() && !now.get().status().terminal()) {
                // another worker holds a live lease: if it dies, the sweeper sends the job's message again once the
                // lease has lapsed, so this copy is not needed
                LOG.info("job {} is held by another worker; this copy of its message is dropped", jobId);
            }
            return new Result(Outcome.IGNORED, now);
        }
        JobRecord job = claimed.get();
        if (job.attempt() > job.retry().maxAttempts()) {
            // its workers died during every attempt it had (no attempt failed by itself)
            String code = job.retry().lastErrorCode() == null ? ErrorCode.PROCESSING_FAILED.name()
                    : job.retry().lastErrorCode();
            return fail(job, worker, code, "the job was given up after " + job.retry().maxAttempts()
                    + " attempts whose workers stopped before finishing", null, false);
        }
        return run(job, worker, deadline, receiveCount, false);
    }

    /**
     * Renders a freshly created job inside the API call. When {@code deadline} passes first, the render is stopped
     * and the job handed back ({@link Outcome#HANDED_OFF}) for the caller to queue.
     */
    public Result renderInline(String jobId, String worker, Instant deadline) {
        Optional<JobRecord> claimed = jobs.claim(jobId, worker, settings.lease(), claimTimeout(), settings.maxReceiveCount());
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
        Path poster = settings.workDirectory().resolve("poster-" + job.jobId() + ".jpg");
        long renewEvery = Math.max(200, settings.lease().toMillis() / 3);
        ScheduledFuture<?> keeper = LEASE_KEEPER.scheduleWithFixedDelay(tracker::renewLease, renewEvery, renewEvery,
                TimeUnit.MILLISECONDS);
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
            if (request.thumbnail().isPresent()) {
                // taken from the finished video before anything is stored: a poster that fails leaves nothing behind
                renderer.renderPoster(output, request, rendered.durationSeconds(), poster);
            }
            tracker.rendered();
            if (tracker.lost() || !jobs.advance(job.jobId(), worker, JobStatus.UPLOADING)) {
                return new Result(Outcome.CANCELLED, jobs.find(job.jobId()));
            }
            String key = objectKey(job);
            StoredObject stored = upload(job, output, key, request.outputFormat().contentType());
            String posterKey = null;
            if (request.thumbnail().isPresent()) {
                posterKey = ResultKeys.poster(key);
                upload(job, poster, posterKey, "image/jpeg");
            }
            String url = urls.urlFor(key);
            if (tracker.lost() || (posterKey != null && !jobs.recordThumbnail(job.jobId(), worker, posterKey))
                    || !jobs.complete(job.jobId(), worker, stored.bucket(), key, store.region(), url,
                    stored.sizeBytes(), inline)) {
                // cancelled or taken over during the upload: this attempt's objects (its own keys, never another
                // attempt's) must not outlive it
                storage.deleteResult(job, key, posterKey);
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
                return new Result(inline ? Outcome.HANDED_OFF : Outcome.RETRY_LATER, jobs.find(job.jobId()),
                        Duration.ZERO);
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
            keeper.cancel(false);
            for (Path file : List.of(output, poster)) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", file, e.getMessage());
                }
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

    private StoredObject upload(JobRecord job, Path output, String key, String contentType) {
        UUID step = jobs.timeline().openStep(job.id(), RenderStep.UPLOAD.wireName(), null);
        StorageException last = null;
        for (int attempt = 1; attempt <= UPLOAD_ATTEMPTS; attempt++) {
            try {
                StoredObject stored = storage.put(job, key, output, contentType);
                jobs.timeline().closeStep(step, true, JSON.createObjectNode().put("key", key).put("bytes", stored.sizeBytes())
                        .put("attempts", attempt).toString(), null);
                return stored;
            } catch (StorageException e) {
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

    /**
     * After a passing failure: the job waits for its next attempt when the retry policy grants one, else it fails
     * with this attempt's code. Attempts are the job's claims, not its message's receives (a copy of the message that
     * came early is no attempt); the queue's dead-letter threshold leaves room for such copies.
     */
    private Result retryOrFail(JobRecord job, String worker, String code, String message, String details,
                               int receiveCount, boolean inline) {
        int attempt = job.attempt();
        RetryPolicy policy = settings.retryPolicy(job.retry().maxAttempts());
        RetryPolicy.Decision decision = policy.decide(code, true, attempt, jobs.sweeps().databaseNow(),
                job.retry().deadline(), ThreadLocalRandom.current()::nextDouble);
        if (decision.retry()) {
            LOG.warn("job {} attempt {} of {} failed ({}: {}); retried in {} ms", job.jobId(), attempt,
                    policy.maxAttempts(), code, message, decision.delay().toMillis());
            if (!jobs.release(job.jobId(), worker, code, message, decision.nextAttemptAt())) {
                return new Result(Outcome.CANCELLED, jobs.find(job.jobId()));
            }
            return new Result(inline ? Outcome.HANDED_OFF : Outcome.RETRY_LATER, jobs.find(job.jobId()),
                    decision.delay());
        }
        return fail(job, worker, code, message + " (" + decision.reason() + ")", details, inline);
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

    /**
     * {@code processed/video_{job_id}_{created}_{attempt}.{ext}}: each attempt its own key, so an attempt that lost
     * its lease and removes its upload never removes what another attempt completed.
     */
    String objectKey(JobRecord job) {
        return settings.outputPrefix() + "video_" + job.jobId() + "_" + job.createdAt().getEpochSecond() + "_"
                + job.attempt() + "." + job.outputFormat();
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

        /** Renews the lease between progress reports: through downloads, the upload and the completion. */
        void renewLease() {
            if (lost) {
                return;
            }
            try {
                if (!jobs.renewLease(job.jobId(), worker, settings.lease())) {
                    lost = true;
                    LOG.warn("job {} is no longer held by {}: its lease was lost or the job ended", job.jobId(),
                            worker);
                }
            } catch (DatabaseException e) {
                // the next renewal tries again; the lease lapses only if the database stays away longer than it
                LOG.warn("the lease of job {} could not be renewed: {}", job.jobId(), e.getMessage());
            }
        }

        boolean lost() {
            return lost;
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
