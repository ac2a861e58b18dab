package dev.videogen.jobs;

import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;
import dev.videogen.engine.model.OutputFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Estimates how long a job takes, end to end (fetching, rendering, uploading):
 *
 * <pre>
 *   seconds = calibration × (FIXED + FETCH × sources + outputSeconds × PER_OUTPUT_SECOND
 *                              × (pixels / 1280×720)^0.9 × format × layers)
 *   format  = 1 for mp4/mov/png/jpg, 1.6 for webm (VP9), 0.8 for gif
 *   layers  = 1 + 0.35 × (moving pictures − 1) + 0.05 × (stills and texts)
 *   (an image or text that moves, fades, turns, zooms or takes part in a transition counts as a moving picture)
 * </pre>
 *
 * {@code outputSeconds} is one frame (1 / fps) for a still (png, jpg), else the request's duration, else the latest fixed end of an element, else an assumed
 * {@value #UNKNOWN_LENGTH_SECONDS} s for sources whose length is only known once fetched. The calibration is the
 * median ratio of real time to this formula over recently completed jobs (their resolved lengths included), so the
 * estimate follows the machine it runs on. The history is read off the request path: an estimate never waits for
 * it, it starts a refit on the refresher and uses the calibration it has.
 */
public final class Estimator {

    static final double FIXED_SECONDS = 1.5;
    static final double FETCH_SECONDS_PER_SOURCE = 0.4;
    static final double PER_OUTPUT_SECOND = 0.2;
    static final double UNKNOWN_LENGTH_SECONDS = 30;
    private static final double REFERENCE_PIXELS = 1280.0 * 720.0;
    private static final double MIN_CALIBRATION = 0.2;
    private static final double MAX_CALIBRATION = 10;

    private final Supplier<List<Sample>> history;
    private final long refreshNanos;
    private final Executor refresher;
    private final AtomicLong lastRefresh = new AtomicLong();
    private volatile double calibration = 1.0;

    /** An estimator with the plain formula until {@link #calibrate} is called. */
    public Estimator() {
        this(List::of, Duration.ofDays(365), Runnable::run);
    }

    /**
     * An estimator that refits itself to {@code history} on {@code refresher} when it is used and {@code refresh}
     * has passed since the last fit started. A failing history keeps the last calibration.
     */
    public Estimator(Supplier<List<Sample>> history, Duration refresh, Executor refresher) {
        this.history = history;
        this.refreshNanos = refresh.toNanos();
        this.refresher = refresher;
    }

    /**
     * One daemon thread that runs one refit at a time and drops requests for more while one waits (they would read
     * the same history). It holds no thread until first used, so a SnapStart snapshot has none running.
     */
    public static ExecutorService backgroundRefresher() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1),
                runnable -> {
                    Thread thread = new Thread(runnable, "estimator-calibration");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.DiscardPolicy());
        return executor;
    }

    /** The features of a finished job the formula needs, and how long it really took. */
    public record Sample(double outputSeconds, int width, int height, String outputFormat, int movingPictures,
                         int stillsAndTexts, int sources, double actualSeconds) {
    }

    /** Estimated seconds for a request, with the current calibration. */
    public int estimateSeconds(CompositionRequest request) {
        long now = System.nanoTime();
        long last = lastRefresh.get();
        if ((last == 0 || now - last > refreshNanos) && lastRefresh.compareAndSet(last, now)) {
            try {
                refresher.execute(this::refresh);
            } catch (RejectedExecutionException e) {
                // the refresher is shut down: the calibration stays as it is
            }
        }
        return (int) Math.ceil(calibration * raw(request));
    }

    /** Refits the calibration to the history now, on the calling thread. */
    public void refresh() {
        try {
            calibrate(history.get());
        } catch (RuntimeException e) {
            // an estimate from the last calibration is still an estimate
        }
    }

    public double calibration() {
        return calibration;
    }

    /** Re-fits the calibration to finished jobs; with fewer than three samples it stays as it is. */
    public void calibrate(List<Sample> history) {
        List<Double> ratios = new ArrayList<>();
        for (Sample sample : history) {
            double predicted = formula(sample.outputSeconds(), sample.width(), sample.height(),
                    OutputFormat.fromWireName(sample.outputFormat()).orElse(OutputFormat.MP4), sample.movingPictures(),
                    sample.stillsAndTexts(), sample.sources());
            if (predicted > 0 && sample.actualSeconds() > 0) {
                ratios.add(sample.actualSeconds() / predicted);
            }
        }
        if (ratios.size() < 3) {
            return;
        }
        Collections.sort(ratios);
        int middle = ratios.size() / 2;
        double median = ratios.size() % 2 == 1 ? ratios.get(middle) : (ratios.get(middle - 1) + ratios.get(middle)) / 2;
        calibration = Math.max(MIN_CALIBRATION, Math.min(MAX_CALIBRATION, median));
    }

    static double raw(CompositionRequest request) {
        int moving = 0;
        int still = 0;
        for (Element element : request.elements()) {
            if (element.type() == ElementType.VIDEO || animated(element)) {
                moving++;
            } else if (element.type().visual()) {
                still++;
            }
        }
        return formula(outputSeconds(request), request.width(), request.height(), request.outputFormat(), moving, still,
                request.sourcedElements().size());
    }

    /**
     * Whether the element's picture changes every frame through motion (keyframes, presets, Ken Burns or a
     * transition): per-frame scaling, masks and blends cost about what decoding a moving picture costs.
     */
    public static boolean animated(Element element) {
        return element.type().visual()
                && (element.motion().movesPicture() || element.motion().transition() != null);
    }

    static double outputSeconds(CompositionRequest request) {
        if (request.outputFormat().still()) {
            return 1 / request.fps();
        }
        if (request.duration().isPresent()) {
            return request.duration().getAsDouble();
        }
        double latest = 0;
        for (Element element : request.elements()) {
            if (element.duration().isPresent()) {
                latest = Math.max(latest, element.time() + element.duration().getAsDouble());
            } else if (element.type().timedMedia()) {
                latest = Math.max(latest, element.time() + UNKNOWN_LENGTH_SECONDS);
            }
        }
        return latest > 0 ? latest : UNKNOWN_LENGTH_SECONDS;
    }

    static double formula(double outputSeconds, int width, int height, OutputFormat format, int movingPictures,
                          int stillsAndTexts, int sources) {
        double pixels = Math.pow((double) width * height / REFERENCE_PIXELS, 0.9);
        double formatFactor = switch (format) {
            case MP4, MOV -> 1.0;
            case WEBM -> 1.6;
            case GIF -> 0.8;
            case PNG, JPG -> 1.0;
        };
        double layers = 1 + 0.35 * Math.max(0, movingPictures - 1) + 0.05 * stillsAndTexts;
        return FIXED_SECONDS + FETCH_SECONDS_PER_SOURCE * sources
                + outputSeconds * PER_OUTPUT_SECOND * pixels * formatFactor * layers;
    }
}
