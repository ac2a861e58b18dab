package dev.videogen.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.validation.RequestParser;
import dev.videogen.jobs.api.ApiResponse;
import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.db.NewJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Requests and job rows for tests, made the way the API makes them: parsed by the real parser, inserted by the repository. */
public final class JobFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One image for two seconds: the smallest valid request. */
    public static final String SMALL_REQUEST = """
            {"width": 640, "height": 360, "duration": 2,
             "elements": [{"type": "image", "source": "https://media.example.com/a.png"}]}""";

    private JobFixtures() {
    }

    public static CompositionRequest request(String json) {
        try {
            return RequestParser.forApi().parse(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A job as the API would describe it: async, estimated by the plain formula, an hour to finish. */
    public static NewJob newJob(String owner, String json) {
        return newJob(owner, json, null, 3600);
    }

    public static NewJob newJob(String owner, String json, String idempotencyKey, long timeoutSeconds) {
        CompositionRequest request = request(json);
        return new NewJob(JobIds.newJobId(), owner, "async", request.outputFormat().wireName(), request.width(),
                request.height(), request.fps(),
                request.duration().isPresent() ? request.duration().getAsDouble() : null,
                request.backgroundColor().hexRgb(), readTree(json).toString(), request.callbackUrl(),
                new Estimator().estimateSeconds(request), idempotencyKey,
                idempotencyKey == null ? null : "hash-of-" + json.hashCode(), "203.0.113.7", "fixture/1.0",
                "{\"request_id\":\"req-1\"}", timeoutSeconds);
    }

    /** Inserts a job for {@code json} and returns its row. */
    public static JobRecord insert(JobRepository jobs, String owner, String json) {
        return jobs.insert(newJob(owner, json), request(json).elements(), "{\"source\":\"fixture\"}");
    }

    /** The JSON body of an API answer. */
    public static JsonNode json(ApiResponse response) {
        return readTree(response.body());
    }

    /** How many jobs the database holds. */
    public static long jobCount(DataSource dataSource) {
        return (Long) scalar(dataSource, "SELECT count(*) FROM jobs");
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first column of the first row of a query, or {@code null} when there is no row. */
    public static Object scalar(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs an update and returns how many rows it changed. */
    public static int update(DataSource dataSource, String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
