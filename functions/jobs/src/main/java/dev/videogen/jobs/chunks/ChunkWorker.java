package dev.videogen.jobs.chunks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.Cancellation;
import dev.videogen.engine.ErrorCode;
import dev.videogen.engine.PreparedComposition;
import dev.videogen.engine.Redaction;
import dev.videogen.engine.RenderCancelledException;
import dev.videogen.engine.RenderException;
import dev.videogen.engine.RenderListener;
import dev.videogen.engine.RenderedPiece;
import dev.videogen.engine.Renderer;
import dev.videogen.engine.SegmentStitcher;
import dev.videogen.engine.chunks.ChunkedFormats;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.OutputFormat;
import dev.videogen.engine.validation.InvalidRequestException;
import dev.videogen.engine.validation.RequestParser;
import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.JobStatus;
import dev.videogen.jobs.ResultKeys;
import dev.videogen.jobs.ResultUrls;
import dev.videogen.jobs.db.DatabaseException;
import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.ports.ObjectStore;
import dev.videogen.jobs.RecordedStorage;
import dev.videogen.jobs.ports.StorageException;
import dev.videogen.jobs.ports.StoredObject;
import dev.videogen.jobs.retry.RetryPolicy;
import dev.videogen.engine.DirectoryTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders one piece of a chunked job named by a queue message: claims it with a lease, fetches the sources, renders
 * its frames (or the job's sound), stores it, and records it rendered; the worker that renders a job's last piece
 * stitches the pieces by stream copy, stores the video, completes the job and deletes the pieces. A piece is retried
 * alone by the jobs' {@link RetryPolicy}: a passing failure comes back after about 10 s, 30 s, 90 s (jittered, by the
 * wait {@link Delivery#retryAfter()} the render function gives its message), while another attempt can end before
 * the job's deadline; otherwise, or when the failure cannot pass, the piece fails the job with its code. A job that ends another way (cancelled, timed out, failed by another piece) has its pieces stopped
 * and their objects deleted by whichever worker sees it next.
 */
public final class ChunkWorker {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkWorker.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RENEW_INTERVAL = Duration.ofSeconds(1);

    /** How one delivery of a piece's message ended. */
    public enum Outcome {
        /** The piece is stored (and, for the last one, the job completed). */
        RENDERED,
        /** The piece or its job failed for good. */
        FAILED,
        /** The job ended another way; the piece stopped and nothing of it is left. */
        CANCELLED,
        /** A passing failure, or another live worker holds the piece: the message must come back. */
        RETRY_LATER,
        /** Nothing to do. */
        IGNORED
    }

    /**
     * How one delivery ended, and for {@link Outcome#RETRY_LATER} how long until the piece's message should come
     * back ({@code null}: after the queue's own visibility timeout).
     */
    public record Delivery(Outcome outcome, Duration retryAfter) {
    }

    /**
     * Where pieces and results go, how long claims last, and how pieces are retried.
     *
     * @param maxReceiveCount attempts a piece may have ({@code MAX_RECEIVE_COUNT})
     * @param retryFirstDelay the wait before a piece's first retry; later ones triple
     */
    public record Settings(String outputPrefix, String piecesPrefix, Duration lease, int maxReceiveCount,
                           Path workDirectory, Duration retryFirstDelay) {

        public Settings(String outputPrefix, String piecesPrefix, Duration lease, int maxReceiveCount,
                        Path workDirectory) {
            this(outputPrefix, piecesPrefix, lease, maxReceiveCount, workDirectory, RetryPolicy.FIRST_DELAY);
        }

        /** The retry policy of pieces: the jobs' schedule, an attempt bounded by a lease-renewed render. */
        RetryPolicy retryPolicy() {
            return new RetryPolicy(maxReceiveCount, Duration.ZERO, retryFirstDelay, RetryPolicy.FACTOR,
                    RetryPolicy.JITTER);
        }
    }

    private final JobRepository jobs;
    private final ChunkRepository chunks;
    private final Renderer renderer;
    private final SegmentStitcher stitcher;
    private final ObjectStore store;
    private final RecordedStorage storage;
    private final ResultUrls urls;
    private final JobEndListener endListener;
    private final Settings settings;
    private final RequestParser parser = RequestParser.forApi();
    /** The wait the last retry decision of this thread's delivery chose. */
    private final ThreadLocal<Duration> retryAfter = new ThreadLocal<>();

    public ChunkWorker(JobRepository jobs, ChunkRepository chunks, Renderer renderer, ObjectStore store,
                       ResultUrls urls, JobEndListener endListener, Settings settings) {
        this.jobs = jobs;
        this.chunks = chunks;
        this.renderer = renderer;
        this.stitcher = new SegmentStitcher(renderer.config());
        this.store = store;
        this.storage = new RecordedStorage(store, jobs.storageOperations());
        this.urls = urls;
        this.endListener = endListener;
        this.settings = settings;
    }

    /**
     * Works on piece {@code index} of {@code jobId}.
     *
     * @param receiveCount how many times the message has been delivered, this time included
     * @throws DatabaseException when the database is unreachable: the message must come back later
     */
    public Outcome processDelivery(String jobId, int index, String worker, int receiveCount) {
        return deliver(jobId, index, worker, receiveCount).outcome();
    }

    /**
     * {@link #processDelivery}, with the wait the retry policy chose when the piece is to be tried again.
     *
     * @throws DatabaseException when the database is unreachable: the message must come back later
     */
    public Delivery deliver(String jobId, int index, String worker, int receiveCount) {
        retryAfter.remove();
        Outcome outcome = work(jobId, index, worker, receiveCount);
        Duration wait = retryAfter.get();
        retryAfter.remove();
        return new Delivery(outcome, outcome == Outcome.RETRY_LATER ? wait : null);
    }

    private Outcome work(String jobId, int index, String worker, int receiveCount) {
        Optional<JobRecord> job = jobs.find(jobId);
        Optional<ChunkRepository.Piece> found = chunks.find(jobId, index);
        if (job.isEmpty() || found.isEmpty()) {
            LOG.warn("message for unknown piece {} of {} ignored", index, jobId);
            return Outcome.IGNORED;
        }
        if (job.get().status().terminal()) {
            clearPieces(job.get());
            return Outcome.IGNORED;
        }
        ChunkRepository.Piece piece = found.get();
        if (piece.status().equals("rendered")) {
            // this worker's predecessor may have died between the last piece and the stitch
            return allRendered(job.get()) ? stitch(job.get(), worker, receiveCount) : Outcome.IGNORED;
        }
        OptionalInt attempt = chunks.claim(piece.id(), worker, settings.lease());
        if (attempt.isEmpty()) {
            Optional<ChunkRepository.Piece> now = chunks.find(jobId, index);
            return now.isPresent() && now.get().status().equals("rendering") ? Outcome.RETRY_LATER : Outcome.IGNORED;
        }
        return render(job.get(), piece, worker, attempt.getAsInt(), receiveCount);
    }

    private Outcome render(JobRecord job, ChunkRepository.Piece piece, String worker, int attempt, int receiveCount) {
        String details = piece.sound()
                ? JSON.createObjectNode().put("sound", true).put("attempt", attempt).toString()
                : JSON.createObjectNode().put("chunk", piece.index()).put("start_frame", piece.startFrame())
                        .put("end_frame", piece.endFrame()).put("attempt", attempt).toString();
        UUID step = jobs.timeline().openStep(job.id(), "encoding", details);
        Lease lease = new Lease(piece, worker);
        Path work = null;
        long started = System.nanoTime();
        try {
            CompositionRequest request = parser.parse(JSON.readTree(job.requestPayload()));
            work = Files.createTempDirectory(createdRoot(), "piece-");
            String extension = ChunkedFormats.pieceExtension(request.outputFormat());
            Path file = work.resolve((piece.sound() ? "sound" : String.format(Locale.ROOT, "segment-%04d",
                    piece.index())) + "." + extension);
            RenderedPiece rendered;
            try (PreparedComposition composition = renderer.prepare(request, RenderListener.NONE, lease)) {
                rendered = piece.sound() ? composition.renderSound(file, lease)
                        : composition.renderSegment(piece.range(), file, lease::framesEncoded, lease);
            }
            String key = pieceKey(job, piece, attempt, extension);
            put(job, key, file, request.outputFormat().contentType());
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (chunks.finish(piece.id(), worker, key, rendered.sizeBytes(), millis)) {
                jobs.timeline().closeStep(step, true, stepDetails(key, rendered), null);
                return stitch(job, worker, receiveCount);
            }
            if (!recorded(job, piece, key)) {
                // taken over (or the job ended) during the upload: this attempt's object is its own key, never the
                // one another attempt completed, and must not outlive it
                delete(job, key);
                jobs.timeline().closeStep(step, false, null, "taken over before it was recorded");
                return Outcome.CANCELLED;
            }
            jobs.timeline().closeStep(step, true, stepDetails(key, rendered), null);
            return Outcome.RENDERED;
        } catch (RenderCancelledException e) {
            jobs.timeline().closeStep(step, false, null, "stopped");
            jobs.find(job.jobId()).filter(now -> now.status().terminal()).ifPresent(this::clearPieces);
            return Outcome.CANCELLED;
        } catch (InvalidRequestException e) {
            jobs.timeline().closeStep(step, false, null, e.getMessage());
            return failJob(job, piece, worker, ErrorCode.INVALID_INPUT.name(), e.getMessage());
        } catch (RenderException e) {
            jobs.timeline().closeStep(step, false, null, e.getMessage());
            return retryOrFail(job, piece, worker, e.code().name(), e.getMessage(), e.retryable(), attempt);
        } catch (StorageException e) {
            jobs.timeline().closeStep(step, false, null, e.getMessage());
            return retryOrFail(job, piece, worker, ErrorCode.S3_UPLOAD_FAILED.name(),
                    "a piece could not be stored: " + e.getMessage(), e.retryable(), attempt);
        } catch (DatabaseException e) {
            if (e.unavailable()) {
                throw e;
            }
            jobs.timeline().closeStep(step, false, null, e.getMessage());
            return failJob(job, piece, worker, ErrorCode.PROCESSING_FAILED.name(), "the piece could not be recorded");
        } catch (IOException | RuntimeException e) {
            LOG.error("piece {} of {} failed unexpectedly: {}", piece.index(), job.jobId(), Redaction.failure(e));
            jobs.timeline().closeStep(step, false, null, "failed unexpectedly");
            return failJob(job, piece, worker, ErrorCode.PROCESSING_FAILED.name(), "processing failed unexpectedly");
        } finally {
            deleteTree(work);
        }
    }

    /**
     * After a failed attempt of a piece: the jobs' retry policy decides, per error code and within the job's
     * deadline, whether the piece is tried again (its wait kept for {@link #deliver}) or fails the job.
     */
    private Outcome retryOrFail(JobRecord job, ChunkRepository.Piece piece, String worker, String code,
                                String message, boolean retryable, int attempt) {
        RetryPolicy.Decision decision = settings.retryPolicy().decide(code, retryable, attempt,
                jobs.sweeps().databaseNow(), job.retry().deadline(), ThreadLocalRandom.current()::nextDouble);
        if (decision.retry()) {
            LOG.warn("piece {} of {} attempt {} failed ({}: {}); retried in {} ms", piece.index(), job.jobId(),
                    attempt, code, message, decision.delay().toMillis());
            chunks.release(piece.id(), worker, code, message);
            retryAfter.set(decision.delay());
            return Outcome.RETRY_LATER;
        }
        return failJob(job, piece, worker, code, message + " (" + decision.reason() + ")");
    }

    /** A piece that failed for good fails its job with its code; every other piece is stopped and cleared. */
    private Outcome failJob(JobRecord job, ChunkRepository.Piece piece, String worker, String code, String message) {
        chunks.fail(piece.id(), worker, code, message);
        String where = piece.sound() ? "the sound" : "chunk " + piece.index() + " (frames " + piece.startFrame()
                + "-" + (piece.endFrame() - 1) + ")";
        boolean failed = jobs.fail(job.jobId(), null, code, where + ": " + message, null);
        jobs.find(job.jobId()).ifPresent(now -> {
            clearPieces(now);
            if (failed) {
                announce(now);
            }
        });
        return failed ? Outcome.FAILED : Outcome.CANCELLED;
    }

    private boolean allRendered(JobRecord job) {
        return chunks.pieces(job.id()).stream().allMatch(p -> p.status().equals("rendered"));
    }

    /** Joins the rendered pieces, stores the video, completes the job and deletes the pieces. */
    private Outcome stitch(JobRecord job, String worker, int receiveCount) {
        if (!chunks.takeForStitch(job.jobId(), worker, settings.lease())) {
            return Outcome.IGNORED;
        }
        UUID step = jobs.timeline().openStep(job.id(), "encoding", JSON.createObjectNode().put("stitch", true).toString());
        Path work = null;
        try {
            CompositionRequest request = parser.parse(JSON.readTree(job.requestPayload()));
            OutputFormat format = request.outputFormat();
            work = Files.createTempDirectory(createdRoot(), "stitch-");
            List<Path> segments = new ArrayList<>();
            Path sound = null;
            for (ChunkRepository.Piece piece : chunks.pieces(job.id())) {
                Path local = work.resolve(piece.sound() ? "sound." + ChunkedFormats.pieceExtension(format)
                        : String.format(Locale.ROOT, "segment-%04d.%s", piece.index(),
                                ChunkedFormats.pieceExtension(format)));
                get(job, piece.s3Key(), local);
                if (piece.sound()) {
                    sound = local;
                } else {
                    segments.add(local);
                }
            }
            Path output = work.resolve("output." + format.extension());
            RenderedPiece stitched = stitcher.stitch(format, segments, sound, output, () -> false);
            // the poster is taken from the stitched video (the job's length was recorded when it was split)
            Path poster = request.thumbnail().isPresent() ? renderer.renderPoster(output, request,
                    job.durationSeconds() != null ? job.durationSeconds() : request.thumbnail().get().time() + 1,
                    work.resolve("poster.jpg")) : null;
            jobs.timeline().closeStep(step, true, JSON.createObjectNode().put("stitch_ms", stitched.elapsed().toMillis())
                    .put("pieces", segments.size() + (sound == null ? 0 : 1)).toString(), null);
            if (!jobs.advance(job.jobId(), worker, JobStatus.UPLOADING)) {
                jobs.find(job.jobId()).ifPresent(this::clearPieces);
                return Outcome.CANCELLED;
            }
            UUID upload = jobs.timeline().openStep(job.id(), "upload", null);
            String key = ResultKeys.result(settings.outputPrefix(), job);
            StoredObject stored = put(job, key, output, format.contentType());
            String posterKey = null;
            if (poster != null) {
                posterKey = ResultKeys.poster(key);
                put(job, posterKey, poster, "image/jpeg");
            }
            jobs.timeline().closeStep(upload, true, JSON.createObjectNode().put("key", key).put("bytes", stored.sizeBytes())
                    .toString(), null);
            if ((posterKey != null && !jobs.recordThumbnail(job.jobId(), worker, posterKey))
                    || !jobs.complete(job.jobId(), worker, stored.bucket(), key, store.region(), urls.urlFor(key),
                    stored.sizeBytes(), false)) {
                storage.deleteResult(job, key, posterKey);
                jobs.find(job.jobId()).ifPresent(this::clearPieces);
                return Outcome.CANCELLED;
            }
            JobRecord finished = jobs.find(job.jobId()).orElse(job);
            clearPieces(finished);
            announce(finished);
            return Outcome.RENDERED;
        } catch (RenderException | StorageException e) {
            jobs.timeline().closeStep(step, false, null, e.getMessage());
            boolean retryable = e instanceof RenderException r ? r.retryable() : ((StorageException) e).retryable();
            String code = e instanceof RenderException r ? r.code().name() : ErrorCode.S3_UPLOAD_FAILED.name();
            RetryPolicy.Decision decision = settings.retryPolicy().decide(code, retryable, receiveCount,
                    jobs.sweeps().databaseNow(), job.retry().deadline(), ThreadLocalRandom.current()::nextDouble);
            if (decision.retry()) {
                // hand the job back to its pieces: the redelivered message of the last piece stitches again
                chunks.handBack(job.jobId(), worker);
                retryAfter.set(decision.delay());
                return Outcome.RETRY_LATER;
            }
            boolean failed = jobs.fail(job.jobId(), worker, code, "the stitch failed: " + e.getMessage(), null);
            jobs.find(job.jobId()).ifPresent(now -> {
                clearPieces(now);
                if (failed) {
                    announce(now);
                }
            });
            return Outcome.FAILED;
        } catch (DatabaseException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            LOG.error("stitching {} failed unexpectedly: {}", job.jobId(), Redaction.failure(e));
            jobs.timeline().closeStep(step, false, null, "failed unexpectedly");
            if (jobs.fail(job.jobId(), worker, ErrorCode.PROCESSING_FAILED.name(), "the stitch failed unexpectedly",
                    null)) {
                jobs.find(job.jobId()).ifPresent(now -> {
                    clearPieces(now);
                    announce(now);
                });
            }
            return Outcome.FAILED;
        } finally {
            deleteTree(work);
        }
    }

    /** Stops the job's unfinished pieces and deletes every stored piece: nothing of them outlives the job. */
    private void clearPieces(JobRecord job) {
        chunks.cancelUnfinished(job.id());
        for (ChunkRepository.Piece piece : chunks.pieces(job.id())) {
            if (piece.s3Key() != null) {
                delete(job, piece.s3Key());
            }
        }
    }

    private void announce(JobRecord job) {
        try {
            endListener.jobEnded(job);
        } catch (RuntimeException e) {
            LOG.warn("notifying the end of {} failed: {}", job.jobId(), e.getMessage());
        }
    }

    /**
     * {@code chunks/{job_id}/segment-0003_2.mp4}, or {@code …/sound_2.mp4}: each attempt of a piece its own key, so an
     * attempt that lost its lease and removes its upload never removes what another attempt completed; the stitch
     * reads the key recorded for the attempt that completed.
     */
    String pieceKey(JobRecord job, ChunkRepository.Piece piece, int attempt, String extension) {
        return settings.piecesPrefix() + job.jobId() + "/" + (piece.sound() ? "sound"
                : String.format(Locale.ROOT, "segment-%04d", piece.index())) + "_" + attempt + "." + extension;
    }

    /** Whether the piece is recorded rendered under {@code key}: this attempt's finish took. */
    private boolean recorded(JobRecord job, ChunkRepository.Piece piece, String key) {
        return chunks.find(job.jobId(), piece.index())
                .filter(now -> now.status().equals("rendered") && key.equals(now.s3Key())).isPresent();
    }

    private static String stepDetails(String key, RenderedPiece rendered) {
        return JSON.createObjectNode().put("key", key).put("bytes", rendered.sizeBytes())
                .put("render_ms", rendered.elapsed().toMillis()).toString();
    }

    private StoredObject put(JobRecord job, String key, Path file, String contentType) {
        return storage.put(job, key, file, contentType);
    }

    private void get(JobRecord job, String key, Path target) {
        storage.get(job, key, target, renderer.config().encoder().maxOutputBytes());
    }

    private void delete(JobRecord job, String key) {
        storage.delete(job, key);
    }

    private Path createdRoot() throws IOException {
        return Files.createDirectories(settings.workDirectory());
    }

    private static void deleteTree(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            DirectoryTrees.delete(directory);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", directory, e.getMessage());
        }
    }

    /**
     * The worker's claim on a piece while it renders: renewed, with the frames encoded so far, at most once a second;
     * answers "stop" once the piece is no longer this worker's or its job is no longer processing (cancelled, timed
     * out, failed by another piece).
     */
    private final class Lease implements Cancellation {
        private final ChunkRepository.Piece piece;
        private final String worker;
        private final AtomicLong frames = new AtomicLong();
        private long lastRenewal = System.nanoTime();
        private volatile boolean lost;

        Lease(ChunkRepository.Piece piece, String worker) {
            this.piece = piece;
            this.worker = worker;
        }

        void framesEncoded(long count) {
            frames.accumulateAndGet(count, Math::max);
        }

        @Override
        public boolean cancelled() {
            if (lost) {
                return true;
            }
            synchronized (this) {
                if (System.nanoTime() - lastRenewal >= RENEW_INTERVAL.toNanos()) {
                    lastRenewal = System.nanoTime();
                    lost = !chunks.renew(piece.id(), worker, frames.get(), settings.lease());
                }
            }
            return lost;
        }
    }
}
