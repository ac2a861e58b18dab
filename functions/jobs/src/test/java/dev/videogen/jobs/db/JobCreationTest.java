package dev.videogen.jobs.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.jobs.JobFixtures;
import dev.videogen.jobs.JobStatus;
import dev.videogen.migrations.testing.TestDatabase;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The create call against the embedded PostgreSQL, with its round trips counted on the wire. */
class JobCreationTest {

    private static final String REQUEST = """
            {"width": 640, "height": 360, "duration": 2.5,
             "elements": [{"type": "video", "source": "https://media.example.com/a.mp4", "duration": 1.3333333333333333},
                          {"type": "audio", "source": "https://media.example.com/m.mp3", "volume": 0.5},
                          {"type": "text", "text": "Hello", "time": 0.25, "duration": 2}]}""";

    private TestDatabase db;
    private PostgresRoundTrips wire;
    private Database database;
    private JobRepository jobs;

    @BeforeEach
    void connectThroughTheCounter() throws Exception {
        db = TestDatabase.fresh();
        URI server = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        wire = new PostgresRoundTrips(server.getHost(), server.getPort());
        database = Database.connect(wire.jdbcUrl(db.name()), db.user(), db.password(), 2);
        jobs = new JobRepository(database);
    }

    @AfterEach
    void close() {
        database.close();
        wire.close();
    }

    private JobRepository.Creation create(NewJob job) {
        return jobs.create(job, JobFixtures.request(REQUEST).elements(), "{\"elements\": 3}",
                Instant.now().minus(Duration.ofHours(24)));
    }

    @Test
    void aJobWithItsElementsAndValidationStepIsWrittenInOneRoundTrip() {
        create(JobFixtures.newJob("alice", REQUEST));
        wire.reset();

        NewJob job = JobFixtures.newJob("alice", REQUEST);
        JobRepository.Creation outcome = create(job);

        List<PostgresRoundTrips.RoundTrip> trips = wire.roundTrips().stream()
                .filter(trip -> !trip.isLivenessCheck()).toList();
        assertThat(trips).as("round trips carrying statements").hasSize(1);
        assertThat(trips.get(0).statements()).singleElement().asString().contains("create_job_with_elements");
        assertThat(wire.roundTrips()).as("with at most the pool's liveness check").hasSizeLessThanOrEqualTo(2);
        assertThat(wire.connectionsOpened()).isZero();
        assertThat(outcome.created()).isTrue();
        assertThat(outcome.job()).as("the answer's row is the stored row").isEqualTo(jobs.find(job.jobId()).orElseThrow());
        assertThat(outcome.job().status()).isEqualTo(JobStatus.PENDING);
        assertThat(outcome.job().currentStep()).isEqualTo("validation");
    }

    @Test
    void aRepeatedKeyAnswersWithTheEarlierJobInOneRoundTripAndWritesNothing() {
        NewJob first = JobFixtures.newJob("alice", REQUEST, "key-1", 3600);
        create(first);
        wire.reset();

        JobRepository.Creation repeat = create(JobFixtures.newJob("alice", REQUEST, "key-1", 3600));

        assertThat(repeat.created()).isFalse();
        assertThat(repeat.job().jobId()).isEqualTo(first.jobId());
        assertThat(repeat.job().requestHash()).isEqualTo(first.requestHash());
        assertThat(wire.roundTrips().stream().filter(trip -> !trip.isLivenessCheck())).hasSize(1);
        assertThat(JobFixtures.jobCount(db.dataSource())).isEqualTo(1);
    }

    @Test
    void elementsAreWrittenAsTheSeparateStatementsWroteThem() {
        NewJob viaCall = JobFixtures.newJob("alice", REQUEST);
        create(viaCall);
        JobRecord viaStatements = JobFixtures.insert(jobs, "alice", REQUEST);

        String elements = """
                SELECT coalesce(json_agg(json_build_array(e.element_order, e.element_key, e.type, e.source_url,
                       e.text_content, e.track, e.x_position, e.y_position, e.width, e.height, e.fit_mode, e.start_time,
                       e.end_time, e.trim_start, e.trim_end, e.properties) ORDER BY e.element_order), '[]')::text
                  FROM elements e JOIN jobs j ON j.id = e.job_id WHERE j.job_id = ?""";
        assertThat(JobFixtures.scalar(db.dataSource(), elements, viaCall.jobId()))
                .isEqualTo(JobFixtures.scalar(db.dataSource(), elements, viaStatements.jobId()));
    }
}
