package dev.videogen.jobs;

import static dev.videogen.jobs.JobFixtures.request;
import static dev.videogen.jobs.JobFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.migrations.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EstimatorTest {

    private static final String IMAGE = "{\"type\": \"image\", \"source\": \"https://m.example.com/a.png\"}";
    private static final String VIDEO = "{\"type\": \"video\", \"source\": \"https://m.example.com/v.mp4\"}";
    private static final String TEXT = "{\"type\": \"text\", \"text\": \"hi\"}";

    private static String composition(String format, int width, int height, double seconds, String... elements) {
        return String.format(Locale.ROOT, "{\"output_format\": \"%s\", \"width\": %d, \"height\": %d, \"duration\": %s,"
                + " \"elements\": [%s]}", format, width, height, seconds, String.join(",", elements));
    }

    static Stream<Arguments> lighterThenHeavier() {
        return Stream.of(
                Arguments.of("longer output",
                        composition("mp4", 1280, 720, 10, VIDEO), composition("mp4", 1280, 720, 60, VIDEO)),
                Arguments.of("more pixels",
                        composition("mp4", 640, 360, 10, VIDEO), composition("mp4", 1920, 1080, 10, VIDEO)),
                Arguments.of("4K over 1080p",
                        composition("mp4", 1920, 1080, 10, VIDEO), composition("mp4", 3840, 2160, 10, VIDEO)),
                Arguments.of("webm (VP9) over mp4",
                        composition("mp4", 1280, 720, 10, VIDEO), composition("webm", 1280, 720, 10, VIDEO)),
                Arguments.of("mp4 over gif",
                        composition("gif", 640, 360, 10, VIDEO), composition("mp4", 640, 360, 10, VIDEO)),
                Arguments.of("a second moving picture",
                        composition("mp4", 1280, 720, 10, VIDEO), composition("mp4", 1280, 720, 10, VIDEO, VIDEO)),
                Arguments.of("an image that moves over one that stays",
                        composition("mp4", 1280, 720, 10, VIDEO, IMAGE), composition("mp4", 1280, 720, 10, VIDEO,
                                "{\"type\": \"image\", \"source\": \"https://m.example.com/a.png\", "
                                        + "\"ken_burns\": {\"zoom_end\": 1.3}}")),
                Arguments.of("a title that slides in over one that stays",
                        composition("mp4", 1280, 720, 10, VIDEO, TEXT), composition("mp4", 1280, 720, 10, VIDEO,
                                "{\"type\": \"text\", \"text\": \"hi\", "
                                        + "\"animations\": [{\"type\": \"slide\"}]}")),
                Arguments.of("a text layer",
                        composition("mp4", 1280, 720, 10, VIDEO), composition("mp4", 1280, 720, 10, VIDEO, TEXT)),
                Arguments.of("an image layer (one more fetch too)",
                        composition("mp4", 1280, 720, 10, VIDEO), composition("mp4", 1280, 720, 10, VIDEO, IMAGE)),
                Arguments.of("unknown video length counts as some length",
                        "{\"width\": 1280, \"height\": 720, \"elements\": [{\"type\": \"image\","
                                + " \"source\": \"https://m.example.com/a.png\", \"duration\": 1}]}",
                        "{\"width\": 1280, \"height\": 720, \"elements\": [" + VIDEO + "]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lighterThenHeavier")
    void heavierWorkIsEstimatedLonger(String what, String lighter, String heavier) {
        Estimator plain = new Estimator();

        assertThat(Estimator.raw(request(heavier))).isGreaterThan(Estimator.raw(request(lighter)));
        assertThat(plain.estimateSeconds(request(heavier))).isGreaterThanOrEqualTo(
                plain.estimateSeconds(request(lighter)));
    }

    @Test
    void theFormulaMatchesItsDocumentedConstantsAtTheReferenceSize() {
        // 720p, 10 s, one video, mp4: 1.5 + 0.4 + 10 × 0.2 = 3.9 s
        assertThat(Estimator.raw(request(composition("mp4", 1280, 720, 10, VIDEO)))).isCloseTo(3.9,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(new Estimator().estimateSeconds(request(composition("mp4", 1280, 720, 10, VIDEO)))).isEqualTo(4);
    }

    @Test
    void aStillCostsOneFrameOfTheCompositionWhateverItsLength() {
        CompositionRequest still = request("""
                {"width": 1280, "height": 720, "duration": 60, "output_format": "png", "snapshot_time": 30,
                 "elements": [{"type": "video", "source": "https://m.example.com/v.mp4"}]}""");
        CompositionRequest video = request(composition("mp4", 1280, 720, 60, VIDEO));
        assertThat(Estimator.outputSeconds(still)).isCloseTo(1 / 30.0, org.assertj.core.data.Offset.offset(1e-9));
        // 1.5 + 0.4 + (1/30) × 0.2: the fixed costs and one frame, against 13.9 s for the minute of video
        assertThat(Estimator.raw(still)).isCloseTo(1.9 + 0.2 / 30, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Estimator.raw(video)).isGreaterThan(6 * Estimator.raw(still));
    }

    @Test
    void theOutputLengthIsTheLatestFixedEndWhenTheRequestGivesNone() {
        CompositionRequest fixedEnds = request("""
                {"width": 640, "height": 360, "elements": [
                  {"type": "image", "source": "https://m.example.com/a.png", "time": 2, "duration": 5},
                  {"type": "text", "text": "x", "duration": 3}]}""");
        CompositionRequest videoFromFour = request("""
                {"width": 640, "height": 360, "elements": [
                  {"type": "video", "source": "https://m.example.com/v.mp4", "time": 4}]}""");

        assertThat(Estimator.outputSeconds(fixedEnds)).isEqualTo(7.0);
        assertThat(Estimator.outputSeconds(videoFromFour)).isEqualTo(4 + Estimator.UNKNOWN_LENGTH_SECONDS);
    }

    @Test
    void calibrationIsTheMedianRatioAndNeedsThreeSamples() {
        Estimator estimator = new Estimator();
        Estimator.Sample twice = sample(10, 2.0);

        estimator.calibrate(List.of(twice, twice));
        assertThat(estimator.calibration()).as("two samples are not enough").isEqualTo(1.0);

        estimator.calibrate(List.of(sample(10, 2.0), sample(10, 3.0), sample(10, 100.0)));
        assertThat(estimator.calibration()).as("an outlier does not move the median").isCloseTo(3.0,
                org.assertj.core.data.Offset.offset(1e-9));

        estimator.calibrate(List.of(sample(10, 1000), sample(10, 1000), sample(10, 1000)));
        assertThat(estimator.calibration()).as("bounded above").isEqualTo(10.0);
    }

    @Test
    void anEstimateNeverWaitsForTheHistoryItIsReadOnAnotherThread() throws Exception {
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<Thread> readers = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.ExecutorService refresher = Estimator.backgroundRefresher();
        Estimator estimator = new Estimator(() -> {
            readers.add(Thread.currentThread());
            reading.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(sample(10, 2.0), sample(10, 2.0), sample(10, 2.0));
        }, Duration.ofMinutes(1), refresher);
        CompositionRequest request = request(composition("mp4", 1280, 720, 10, VIDEO));
        int plain = new Estimator().estimateSeconds(request);
        try {
            assertThat(estimator.estimateSeconds(request)).isEqualTo(plain);
            assertThat(reading.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(estimator.estimateSeconds(request)).as("while the history is still being read").isEqualTo(plain);

            release.countDown();
            refresher.shutdown();
            assertThat(refresher.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            assertThat(estimator.estimateSeconds(request)).isGreaterThan(plain);
            assertThat(estimator.calibration()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(readers).as("one read within the refresh interval, on the refresher's thread").hasSize(1)
                    .allSatisfy(thread -> assertThat(thread).isNotSameAs(Thread.currentThread()));
        } finally {
            release.countDown();
            refresher.shutdownNow();
        }
    }

    @Test
    void aFailingHistoryKeepsTheLastCalibration() {
        List<Boolean> broken = new ArrayList<>();
        Estimator estimator = new Estimator(() -> {
            if (!broken.isEmpty()) {
                throw new IllegalStateException("database down");
            }
            return List.of(sample(10, 2.0), sample(10, 2.0), sample(10, 2.0));
        }, Duration.ZERO, Runnable::run);
        CompositionRequest request = request(composition("mp4", 1280, 720, 10, VIDEO));
        int calibrated = estimator.estimateSeconds(request);

        broken.add(true);

        assertThat(estimator.estimateSeconds(request)).isEqualTo(calibrated);
        assertThat(estimator.calibration()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    /**
     * Seeds a real history where every job took about three times the plain formula (a slow machine), then
     * estimates held-out requests with and without calibration.
     */
    @Test
    void theEstimateImprovesOnASeededHistory() {
        TestDatabase db = TestDatabase.fresh();
        JobRepository jobs = new JobRepository(Database.of(db.dataSource()));
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) {
            String json = randomComposition(random);
            String jobId = JobFixtures.insert(jobs, null, json).jobId();
            jobs.claim(jobId, "seed", Duration.ofMinutes(1), Duration.ofMinutes(10));
            double actual = slowMachineSeconds(request(json), random);
            update(db.dataSource(), "UPDATE jobs SET actual_processing_seconds = ? WHERE job_id = ?", actual, jobId);
            jobs.complete(jobId, "seed", "videos", "k" + i, "us-east-1", "https://cdn/k" + i, 1000, false);
        }
        Estimator plain = new Estimator();
        Estimator calibrated = new Estimator(() -> jobs.measurements().calibrationSamples(200), Duration.ZERO,
                Runnable::run);

        double plainError = 0;
        double calibratedError = 0;
        int heldOut = 30;
        for (int i = 0; i < heldOut; i++) {
            CompositionRequest request = request(randomComposition(random));
            double actual = slowMachineSeconds(request, random);
            plainError += Math.abs(plain.estimateSeconds(request) - actual);
            calibratedError += Math.abs(calibrated.estimateSeconds(request) - actual);
        }
        plainError /= heldOut;
        calibratedError /= heldOut;
        System.out.printf(Locale.ROOT, "estimator on %d held-out requests: mean absolute error %.2f s uncalibrated,"
                + " %.2f s calibrated (calibration %.2f)%n", heldOut, plainError, calibratedError,
                calibrated.calibration());

        assertThat(calibrated.calibration()).isBetween(2.5, 3.5);
        assertThat(calibratedError).isLessThan(plainError / 3);
    }

    private static double slowMachineSeconds(CompositionRequest request, Random random) {
        return Math.round(3 * Estimator.raw(request) * (0.85 + 0.3 * random.nextDouble()) * 1000) / 1000.0;
    }

    private static String randomComposition(Random random) {
        String[] formats = {"mp4", "webm", "mov", "gif"};
        int[][] sizes = {{640, 360}, {1280, 720}, {1080, 1920}, {1920, 1080}};
        int[] size = sizes[random.nextInt(sizes.length)];
        List<String> elements = new ArrayList<>();
        elements.add(VIDEO);
        for (int extra = random.nextInt(4); extra > 0; extra--) {
            elements.add(List.of(VIDEO, IMAGE, TEXT).get(random.nextInt(3)));
        }
        String format = formats[random.nextInt(formats.length)];
        double seconds = format.equals("gif") ? 1 + random.nextInt(10) : 1 + random.nextInt(90);
        return composition(format, size[0], size[1], seconds, elements.toArray(String[]::new));
    }

    private static Estimator.Sample sample(double outputSeconds, double ratio) {
        double formula = Estimator.formula(outputSeconds, 1280, 720, dev.videogen.engine.model.OutputFormat.MP4, 1, 0,
                1);
        return new Estimator.Sample(outputSeconds, 1280, 720, "mp4", 1, 0, 1, formula * ratio);
    }
}
