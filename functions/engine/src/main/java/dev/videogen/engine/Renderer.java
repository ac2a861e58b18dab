package dev.videogen.engine;

import dev.videogen.engine.ffmpeg.FfmpegCancelledException;
import dev.videogen.engine.ffmpeg.FfmpegProcess;
import dev.videogen.engine.ffmpeg.FfmpegResult;
import dev.videogen.engine.ffmpeg.FfmpegTimeoutException;
import dev.videogen.engine.media.ContainerFormat;
import dev.videogen.engine.media.FetchedSource;
import dev.videogen.engine.media.MediaInfo;
import dev.videogen.engine.media.MediaProbe;
import dev.videogen.engine.media.MediaProbeException;
import dev.videogen.engine.media.MediaSniffer;
import dev.videogen.engine.media.SourceFetchException;
import dev.videogen.engine.media.SourceFetcher;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;
import dev.videogen.engine.plan.PosterPlan;
import dev.videogen.engine.plan.RenderPlan;
import dev.videogen.engine.plan.RenderPlanner;
import dev.videogen.engine.plan.Timeline;
import dev.videogen.engine.plan.TimedElement;
import dev.videogen.engine.plan.TimelineResolver;
import dev.videogen.engine.text.FontLibrary;
import dev.videogen.engine.text.TextPicture;
import dev.videogen.engine.text.TextPictures;
import dev.videogen.engine.text.TextSources;
import dev.videogen.engine.validation.FieldProblem;
import dev.videogen.engine.validation.InvalidRequestException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a composition: fetches every source into a per-render temporary directory, recognises and probes each one,
 * resolves the timeline, runs one FFmpeg pass and removes the directory, whatever happens. Progress is reported per
 * step; during encoding it is FFmpeg's own output time over the output's duration.
 */
public final class Renderer {

    private static final Logger LOG = LoggerFactory.getLogger(Renderer.class);

    /** Shares of the render's progress bar: fetching, probing, then FFmpeg's pass. */
    private static final double DOWNLOAD_SHARE = 10;
    private static final double PROBE_SHARE = 5;

    /** How often a wait for downloads asks whether to stop. */
    private static final Duration CANCELLATION_POLL = Duration.ofMillis(200);

    private final RendererConfig config;
    private final SourceFetcher fetcher;
    private final FfmpegProcess ffmpeg;
    private final MediaProbe probe;

    public Renderer(RendererConfig config, SourceFetcher fetcher) {
        this.config = config;
        this.fetcher = fetcher;
        this.ffmpeg = new FfmpegProcess(config.ffmpeg());
        this.probe = new MediaProbe(ffmpeg);
    }

    public RendererConfig config() {
        return config;
    }

    /** The version of the FFmpeg this renderer runs, as the binary reports it. */
    public String ffmpegVersion() {
        return ffmpeg.version();
    }

    /**
     * Renders {@code request} to {@code output}.
     *
     * @throws InvalidRequestException   when a source turns out unusable (wrong kind, unreadable, trims outside it)
     * @throws RenderException           when a source cannot be fetched or FFmpeg fails
     * @throws RenderCancelledException  when {@code cancellation} asked to stop
     */
    public RenderResult render(CompositionRequest request, Path output, RenderListener listener,
                               Cancellation cancellation) {
        long started = System.nanoTime();
        Progress progress = new Progress(listener);
        try (Workspace workspace = Workspace.create(config.workRoot())) {
            Prepared prepared = prepare(request, workspace.directory(), progress, cancellation);
            listener.sourcesFetched(prepared.reports());
            return encode(request, prepared, workspace.directory(), output, progress, cancellation, started);
        } catch (IOException e) {
            deleteQuietly(output);
            throw storageFailure(e);
        }
    }

    /**
     * Renders a prepared composition to {@code output} in one pass, as {@link #render} does once its sources are in:
     * for a job that turned out too short to split after its sources were fetched.
     */
    public RenderResult render(PreparedComposition composition, Path output, Cancellation cancellation) {
        try {
            return encode(composition.request(), composition.prepared(), composition.directory(), output,
                    composition.progress(), cancellation, composition.startedNanos());
        } catch (IOException e) {
            deleteQuietly(output);
            throw storageFailure(e);
        }
    }

    private RenderResult encode(CompositionRequest request, Prepared prepared, Path workDirectory, Path output,
                                Progress progress, Cancellation cancellation, long started) throws IOException {
        progress.report(RenderStep.COMPOSITION, DOWNLOAD_SHARE + PROBE_SHARE);
        // FFmpeg runs in the workspace, so every path it is given is absolute
        RenderPlan plan = RenderPlanner.plan(new RenderPlanner.Inputs(request, prepared.timeline(),
                prepared.files(), config.fontDirectory().toAbsolutePath(), workDirectory,
                output.toAbsolutePath(), config.encoder()));
        writeTextFiles(plan);
        LOG.debug("ffmpeg {}", String.join(" ", plan.arguments()));
        checkCancelled(cancellation);

        progress.report(RenderStep.ENCODING, DOWNLOAD_SHARE + PROBE_SHARE);
        double encodeShare = 100 - DOWNLOAD_SHARE - PROBE_SHARE;
        FfmpegResult result;
        try {
            result = ffmpeg.run(plan.arguments(), workDirectory, config.renderTimeLimit(), cancellation, seconds ->
                    progress.report(RenderStep.ENCODING, DOWNLOAD_SHARE + PROBE_SHARE
                            + encodeShare * Math.min(1, seconds / plan.duration())));
        } catch (FfmpegCancelledException e) {
            deleteQuietly(output);
            throw new RenderCancelledException("the render was cancelled");
        } catch (FfmpegTimeoutException e) {
            deleteQuietly(output);
            throw new RenderException(ErrorCode.PROCESSING_TIMEOUT, "the render took longer than "
                    + config.renderTimeLimit().toSeconds() + " seconds and was stopped", null, false, e);
        }
        if (!result.succeeded()) {
            deleteQuietly(output);
            throw ffmpegFailure(result);
        }
        long size = Files.size(output);
        if (size == 0) {
            throw new RenderException(ErrorCode.FFMPEG_ERROR, "FFmpeg produced an empty file", result.lastError());
        }
        if (size >= config.encoder().maxOutputBytes()) {
            deleteQuietly(output);
            throw new RenderException(ErrorCode.PROCESSING_FAILED, "the output reached the size limit of "
                    + config.encoder().maxOutputBytes() + " bytes");
        }
        progress.report(RenderStep.ENCODING, 100);
        return new RenderResult(output, size, plan.duration(), request.width(), request.height(),
                request.outputFormat(), Duration.ofNanos(System.nanoTime() - started), result.elapsed(),
                prepared.reports(), prepared.timeline());
    }

    /**
     * Writes the JPEG poster {@code request.thumbnail()} asks for, taken from the finished {@code video} of
     * {@code request} (see {@link PosterPlan}).
     *
     * @throws RenderException when FFmpeg cannot take the frame
     */
    public Path renderPoster(Path video, CompositionRequest request, double videoDuration, Path poster) {
        var thumbnail = request.thumbnail().orElseThrow(() -> new IllegalArgumentException("no thumbnail asked for"));
        FfmpegResult result;
        try {
            result = ffmpeg.run(PosterPlan.arguments(video.toAbsolutePath(), request, thumbnail, videoDuration,
                    poster.toAbsolutePath()), poster.toAbsolutePath().getParent(), config.renderTimeLimit());
        } catch (FfmpegCancelledException | FfmpegTimeoutException e) {
            deleteQuietly(poster);
            throw new RenderException(ErrorCode.FFMPEG_ERROR, "the thumbnail could not be taken: " + e.getMessage());
        }
        try {
            if (!result.succeeded() || !Files.exists(poster) || Files.size(poster) == 0) {
                deleteQuietly(poster);
                throw new RenderException(ErrorCode.FFMPEG_ERROR, "the thumbnail could not be taken",
                        result.lastError());
            }
        } catch (IOException e) {
            throw storageFailure(e);
        }
        return poster;
    }

    /**
     * Fetches and probes every source and resolves the timeline without rendering: a dry run.
     *
     * @throws InvalidRequestException when a source is unusable
     * @throws RenderException         when a source cannot be fetched
     */
    public Inspection inspect(CompositionRequest request, Cancellation cancellation) {
        try (Workspace workspace = Workspace.create(config.workRoot())) {
            Prepared prepared = prepare(request, workspace.directory(), new Progress(RenderListener.NONE), cancellation);
            return new Inspection(prepared.timeline(), prepared.reports());
        } catch (IOException e) {
            throw storageFailure(e);
        }
    }

    record Prepared(Timeline timeline, Map<String, Path> files, List<SourceReport> reports) {
    }

    /**
     * Fetches and probes every source into a directory of its own and resolves the timeline, for rendering the
     * composition in pieces (chunks of frames, the sound) and stitching them; closing it removes the directory.
     *
     * @throws InvalidRequestException  when a source is unusable
     * @throws RenderException          when a source cannot be fetched
     * @throws RenderCancelledException when {@code cancellation} asked to stop
     */
    public PreparedComposition prepare(CompositionRequest request, RenderListener listener, Cancellation cancellation) {
        Workspace workspace;
        try {
            workspace = Workspace.create(config.workRoot());
        } catch (IOException e) {
            throw storageFailure(e);
        }
        long started = System.nanoTime();
        try {
            Progress progress = new Progress(listener);
            Prepared prepared = prepare(request, workspace.directory(), progress, cancellation);
            listener.sourcesFetched(prepared.reports());
            return new PreparedComposition(this, request, prepared, workspace, progress, started);
        } catch (RuntimeException e) {
            workspace.close();
            throw e;
        }
    }

    FfmpegProcess ffmpeg() {
        return ffmpeg;
    }

    private Prepared prepare(CompositionRequest request, Path directory, Progress progress, Cancellation cancellation) {
        progress.report(RenderStep.DOWNLOAD, 0);
        List<Element> sourced = request.sourcedElements();
        Map<String, Recognised> fetched = fetchAll(sourced, directory, progress, cancellation);
        checkCancelled(cancellation);

        progress.report(RenderStep.PROCESSING, DOWNLOAD_SHARE);
        Map<String, MediaInfo> media = new HashMap<>();
        Map<String, Path> files = new HashMap<>();
        List<SourceReport> reports = new ArrayList<>();
        List<FieldProblem> problems = new ArrayList<>();
        for (Element element : sourced) {
            Recognised recognised = fetched.get(element.source());
            if (recognised.problem() != null) {
                problems.add(new FieldProblem(element.path() + ".source", recognised.problem()));
                continue;
            }
            MediaInfo info = recognised.info();
            Optional<String> unusable = unusable(element, info);
            if (unusable.isPresent()) {
                problems.add(new FieldProblem(element.path() + ".source", unusable.get()));
                continue;
            }
            FetchedSource source = recognised.source();
            media.put(element.id(), info);
            files.put(element.id(), source.file());
            reports.add(new SourceReport(element.id(), element.index(), source.fileName(), source.sizeBytes(),
                    info.duration(), info.width(), info.height(), info.container().extension()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Timeline timeline = TimelineResolver.resolve(request, media);
        if (request.outputFormat().still() && request.stillTime() >= timeline.duration()) {
            throw new InvalidRequestException("snapshot_time", String.format(Locale.ROOT,
                    "must lie inside the composition, before its end at %.3f s; got %.3f", timeline.duration(),
                    request.stillTime()));
        }
        if (request.thumbnail().isPresent() && request.thumbnail().get().time() >= timeline.duration()) {
            throw new InvalidRequestException("thumbnail.time", String.format(Locale.ROOT,
                    "must lie inside the video, before its end at %.3f s; got %.3f", timeline.duration(),
                    request.thumbnail().get().time()));
        }
        return new Prepared(drawText(request, timeline, files, directory, progress.listener, cancellation), files,
                reports);
    }

    /**
     * Draws every text and caption element into pictures (after fetching their subtitle files and fonts) and puts
     * each picture on the timeline as that element's source.
     */
    private Timeline drawText(CompositionRequest request, Timeline timeline, Map<String, Path> files, Path directory,
                              RenderListener listener, Cancellation cancellation) {
        List<Element> texts = request.elements().stream().filter(Element::drawsText).toList();
        if (texts.isEmpty()) {
            return timeline;
        }
        TextSources.Fetched fetched = new TextSources(fetcher).fetch(texts, directory);
        TextPictures pictures = new TextPictures(FontLibrary.of(config.fontDirectory()), request.width(),
                request.height());
        List<TimedElement> elements = new ArrayList<>();
        long drawNanos = 0;
        int images = 0;
        for (TimedElement timed : timeline.elements()) {
            Element element = timed.element();
            if (!element.drawsText()) {
                elements.add(timed);
                continue;
            }
            checkCancelled(cancellation);
            TextPicture picture;
            try {
                picture = pictures.draw(timed, fetched.fonts().get(element.id()), fetched.cues().get(element.id()),
                        directory);
            } catch (IOException e) {
                throw storageFailure(e);
            }
            drawNanos += picture.drawNanos();
            images += picture.distinctImages();
            listener.textDrawn(element, picture.distinctImages(), Duration.ofNanos(picture.drawNanos()));
            files.put(element.id(), picture.file());
            MediaInfo drawn = new MediaInfo(ContainerFormat.PNG, OptionalDouble.empty(), picture.width(),
                    picture.height(), true, false, "png", "rgba", true, 0);
            elements.add(new TimedElement(element, drawn, timed.start(), timed.end(), 0, 0));
        }
        LOG.debug("drew {} text pictures in {} ms", images, drawNanos / 1_000_000);
        return new Timeline(timeline.duration(), elements);
    }

    /** A fetched source and what probing found, or why it could not be read. */
    private record Recognised(FetchedSource source, MediaInfo info, String problem) {
    }

    /** Fetches each distinct source once, a few at a time. */
    private Map<String, Recognised> fetchAll(List<Element> elements, Path directory, Progress progress,
                                             Cancellation cancellation) {
        Map<String, Element> firstUse = new LinkedHashMap<>();
        for (Element element : elements) {
            firstUse.putIfAbsent(element.source(), element);
        }
        Map<String, Recognised> fetched = new HashMap<>();
        if (firstUse.isEmpty()) {
            return fetched;
        }
        int threads = Math.max(1, Math.min(config.parallelDownloads(), firstUse.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "source-download");
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger done = new AtomicInteger();
        AtomicInteger sequence = new AtomicInteger();
        try {
            Map<String, Future<Recognised>> futures = new LinkedHashMap<>();
            for (Map.Entry<String, Element> entry : firstUse.entrySet()) {
                futures.put(entry.getKey(), pool.submit(() -> {
                    if (cancellation.cancelled()) {
                        throw new RenderCancelledException("the render was cancelled");
                    }
                    FetchedSource source = fetchOne(entry.getValue(), directory, sequence.getAndIncrement(),
                            progress.listener);
                    // probing as soon as a source arrives overlaps it with the other downloads
                    Recognised recognised = recognise(source);
                    progress.report(RenderStep.DOWNLOAD, DOWNLOAD_SHARE * done.incrementAndGet() / firstUse.size());
                    return recognised;
                }));
            }
            for (Map.Entry<String, Future<Recognised>> entry : futures.entrySet()) {
                fetched.put(entry.getKey(), await(entry.getValue(), cancellation));
            }
            return fetched;
        } finally {
            pool.shutdownNow();
        }
    }

    private FetchedSource fetchOne(Element element, Path directory, int sequence, RenderListener listener) {
        Path target = directory.resolve("source-" + sequence);
        try {
            FetchedSource source;
            listener.fetchStarted(element);
            try {
                source = fetcher.fetch(element.source(), target, config.maxSourceBytes());
            } catch (RuntimeException e) {
                listener.fetchEnded(element, -1, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                throw e;
            }
            listener.fetchEnded(element, source.sizeBytes(), null);
            Optional<ContainerFormat> container = MediaSniffer.sniff(source.file());
            if (container.isEmpty()) {
                throw new InvalidRequestException(element.path() + ".source", "is not a recognised media file ("
                        + ContainerFormat.acceptedDescription(element.type()) + " expected)");
            }
            // the image2 demuxer picks its decoder from the extension
            Path named = directory.resolve("source-" + sequence + "." + container.get().extension());
            Files.move(source.file(), named);
            return new FetchedSource(named, source.sizeBytes(), source.fileName());
        } catch (SourceFetchException e) {
            throw fetchFailure(element, e);
        } catch (IOException e) {
            throw storageFailure(e);
        }
    }

    /**
     * Waits for a fetch, asking {@code cancellation} every {@link #CANCELLATION_POLL} meanwhile: a stop (a cancelled
     * job, an inline deadline) is honoured during a slow download too, not only once FFmpeg runs.
     */
    private static Recognised await(Future<Recognised> future, Cancellation cancellation) {
        try {
            while (true) {
                try {
                    return future.get(CANCELLATION_POLL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    checkCancelled(cancellation);
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new RenderException(ErrorCode.PROCESSING_FAILED, "a source could not be fetched", null, false, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderCancelledException("the render was interrupted");
        }
    }

    private Recognised recognise(FetchedSource source) {
        ContainerFormat container;
        try {
            container = MediaSniffer.sniff(source.file()).orElse(null);
        } catch (IOException e) {
            throw storageFailure(e);
        }
        if (container == null) {
            return new Recognised(source, null, "is not a recognised media file");
        }
        try {
            return new Recognised(source, probe.probe(source.file(), container), null);
        } catch (MediaProbeException e) {
            return new Recognised(source, null, e.getMessage());
        }
    }

    /** Why a probed source cannot serve its element, if it cannot. */
    private Optional<String> unusable(Element element, MediaInfo info) {
        ElementType type = element.type();
        if (!info.container().acceptedFor(type)) {
            return Optional.of("is a " + info.container().extension() + " file; " + type.wireName()
                    + " elements accept " + ContainerFormat.acceptedDescription(type));
        }
        if (type.visual() && !info.hasVideo()) {
            return Optional.of("has no picture: " + type.wireName() + " elements need a video or image");
        }
        if (type == ElementType.AUDIO && !info.hasAudio()) {
            return Optional.of("has no sound: audio elements need an audio stream");
        }
        if (type.visual() && (info.width() <= 0 || info.height() <= 0)) {
            return Optional.of("has no readable picture size");
        }
        if ((long) info.width() * info.height() > config.maxSourcePixels()) {
            return Optional.of(String.format(Locale.ROOT, "is %dx%d, larger than the limit of %d pixels per frame",
                    info.width(), info.height(), config.maxSourcePixels()));
        }
        if (info.duration().isPresent() && info.duration().getAsDouble() > config.maxSourceSeconds()) {
            return Optional.of(String.format(Locale.ROOT, "lasts %.0f s, longer than the limit of %.0f s",
                    info.duration().getAsDouble(), config.maxSourceSeconds()));
        }
        return Optional.empty();
    }

    private static RuntimeException fetchFailure(Element element, SourceFetchException e) {
        String message = element.path() + " (" + element.id() + "): " + e.getMessage();
        return switch (e.reason()) {
            case REFUSED, TOO_LARGE -> new InvalidRequestException(element.path() + ".source", e.getMessage());
            case TIMEOUT -> new RenderException(ErrorCode.NETWORK_TIMEOUT, message, null, true, e);
            case DISK_FULL -> new RenderException(ErrorCode.INSUFFICIENT_STORAGE, message, null, false, e);
            case UNAVAILABLE -> new RenderException(ErrorCode.SOURCE_DOWNLOAD_FAILED, message, null, true, e);
            case HTTP_ERROR -> new RenderException(ErrorCode.SOURCE_DOWNLOAD_FAILED, message, null, false, e);
        };
    }

    static RenderException ffmpegFailure(FfmpegResult result) {
        String detail = result.lastError();
        if (result.exitCode() > 128) {
            // ended by a signal it did not choose (the out-of-memory killer, a machine shutting down): the same
            // render may well succeed on another try
            return new RenderException(ErrorCode.FFMPEG_ERROR, "FFmpeg was stopped by signal "
                    + (result.exitCode() - 128) + " before it finished", detail, true, null);
        }
        if (result.log().contains("No space left on device")) {
            return new RenderException(ErrorCode.INSUFFICIENT_STORAGE, "the render disk is full", detail);
        }
        if (result.log().contains("Cannot allocate memory")) {
            return new RenderException(ErrorCode.MEMORY_LIMIT_EXCEEDED, "FFmpeg ran out of memory", detail);
        }
        LOG.warn("FFmpeg failed with exit code {}: {}", result.exitCode(), detail);
        return new RenderException(ErrorCode.FFMPEG_ERROR, "FFmpeg could not render the composition", detail);
    }

    static RenderException storageFailure(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("No space left")) {
            return new RenderException(ErrorCode.INSUFFICIENT_STORAGE, "the render disk is full", null, false, e);
        }
        return new RenderException(ErrorCode.PROCESSING_FAILED, "the render's files could not be written", null,
                false, e);
    }

    static void writeTextFiles(RenderPlan plan) throws IOException {
        for (Map.Entry<Path, String> file : plan.textFiles().entrySet()) {
            Files.writeString(file.getKey(), file.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static void checkCancelled(Cancellation cancellation) {
        if (cancellation.cancelled()) {
            throw new RenderCancelledException("the render was cancelled");
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.getMessage());
        }
    }

    /** Forwards progress that only moves forward. */
    static final class Progress {
        private final RenderListener listener;
        private double percent;
        private RenderStep step;

        Progress(RenderListener listener) {
            this.listener = listener;
        }

        synchronized void report(RenderStep newStep, double newPercent) {
            double next = Math.max(percent, Math.min(100, newPercent));
            if (next == percent && newStep == step) {
                return;
            }
            if (step != null && newStep.ordinal() < step.ordinal()) {
                newStep = step;
            }
            percent = next;
            step = newStep;
            listener.progress(newStep, next);
        }
    }

    /** A per-render temporary directory, removed with everything in it on close. */
    static final class Workspace implements AutoCloseable {
        private final Path directory;

        private Workspace(Path directory) {
            this.directory = directory;
        }

        static Workspace create(Path root) throws IOException {
            Files.createDirectories(root);
            return new Workspace(Files.createTempDirectory(root.toAbsolutePath(), "render-"));
        }

        Path directory() {
            return directory;
        }

        @Override
        public void close() {
            try {
                DirectoryTrees.delete(directory);
            } catch (IOException e) {
                LOG.warn("cannot remove the render directory {}: {}", directory, e.getMessage());
            }
        }
    }
}
