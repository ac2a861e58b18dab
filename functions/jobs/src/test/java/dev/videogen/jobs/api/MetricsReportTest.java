package dev.videogen.jobs.api;

import static dev.videogen.jobs.JobFixtures.SMALL_REQUEST;
import static dev.videogen.jobs.JobFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.jobs.JobFixtures;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.migrations.testing.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsReportTest {

    private TestDatabase db;
    private JobRepository jobs;
    private MetricsReport metrics;

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        Database database = Database.of(db.dataSource());
        jobs = new JobRepository(database);
        metrics = new MetricsReport(database);
    }

    /** A completed job estimated at 10 s that really took {@code actualSeconds}. */
    private void completed(double actualSeconds, long bytes, boolean inline) {
        String jobId = JobFixtures.insert(jobs, "alice", SMALL_REQUEST).jobId();
        jobs.claim(jobId, "worker", Duration.ofMinutes(1), Duration.ofMinutes(10));
        update(db.dataSource(), "UPDATE jobs SET estimated_processing_seconds = 10, actual_processing_seconds = ?"
                + " WHERE job_id = ?", actualSeconds, jobId);
        jobs.complete(jobId, "worker", "videos", "k/" + jobId, "us-east-1", "https://cdn/" + jobId, bytes, inline);
    }

    @Test
    void anEmptyServiceReportsZerosAndNoTimes() {
        MetricsReport.Figures figures = metrics.figures();

        assertThat(figures.totalJobs()).isZero();
        assertThat(figures.quickResponseRatePercent()).isZero();
        assertThat(figures.meanSeconds()).isNull();
        assertThat(figures.p95Seconds()).isNull();
        assertThat(figures.estimationErrorRatio()).isNull();
        assertThat(metrics.json().get("processing_time_seconds").get("median").isNull()).isTrue();
        assertThat(metrics.prometheus()).doesNotContain("quantile").doesNotContain("videogen_estimation_error_ratio");
    }

    @Test
    void figuresComeFromTheFinishedJobs() {
        completed(10, 100, true);
        completed(20, 200, false);
        completed(30, 300, false);
        String failed = JobFixtures.insert(jobs, "alice", SMALL_REQUEST).jobId();
        jobs.fail(failed, null, "FFMPEG_ERROR", "broken", null);

        MetricsReport.Figures figures = metrics.figures();

        assertThat(figures.jobsByStatus()).containsEntry("completed", 3L).containsEntry("failed", 1L);
        assertThat(figures.totalJobs()).isEqualTo(4);
        assertThat(figures.quickResponseJobs()).isEqualTo(1);
        assertThat(figures.quickResponseRatePercent()).isEqualTo(25.0);
        assertThat(figures.meanSeconds()).isCloseTo(20.0, Offset.offset(1e-9));
        assertThat(figures.medianSeconds()).isCloseTo(20.0, Offset.offset(1e-9));
        assertThat(figures.p95Seconds()).isCloseTo(29.0, Offset.offset(1e-9));
        // |10-10|/10, |20-10|/10, |30-10|/10
        assertThat(figures.estimationErrorRatio()).isCloseTo(1.0, Offset.offset(1e-9));
        assertThat(figures.storageBytes()).isEqualTo(600);
        assertThat(figures.errorsByCode()).containsExactly(Map.entry("FFMPEG_ERROR", 1L));

        ObjectNode json = metrics.json();
        assertThat(json.get("processing_time_seconds").get("p95").asDouble()).isEqualTo(29.0);
        assertThat(json.get("storage_used_bytes").asLong()).isEqualTo(600);
        assertThat(metrics.prometheus())
                .contains("videogen_jobs{status=\"completed\"} 3\n")
                .contains("videogen_processing_seconds{quantile=\"0.95\"} 29.0\n")
                .contains("videogen_quick_response_rate_percent 25.0\n")
                .contains("videogen_storage_used_bytes 600.0\n")
                .contains("videogen_errors{code=\"FFMPEG_ERROR\"} 1\n");
    }
}
