package dev.videogen.jobs.db;

import dev.videogen.jobs.Estimator;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * What the service measures of itself: the {@code system_metrics} rows it appends, and the real processing times of
 * finished jobs that calibrate the estimator.
 */
public final class Measurements {

    private final Database database;

    public Measurements(Database database) {
        this.database = database;
    }

    /** Appends one measurement to {@code system_metrics}. */
    public void recordMetric(String name, String type, double value, String unit, String labelsJson) {
        database.withConnection(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO system_metrics (metric_name, metric_type, value, unit, labels)
                    VALUES (?, ?, ?, ?, ?::jsonb)""")) {
                insert.setString(1, name);
                insert.setString(2, type);
                insert.setDouble(3, value);
                insert.setString(4, unit);
                insert.setString(5, labelsJson);
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The most recent finished jobs with their resolved length and element mix, for the estimator. */
    public List<Estimator.Sample> calibrationSamples(int limit) {
        return database.withConnection(connection -> {
            List<Estimator.Sample> samples = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT j.duration_seconds, j.width, j.height, j.output_format,
                           count(*) FILTER (WHERE e.type = 'video' OR e.properties @> '{"animated": true}'),
                           count(*) FILTER (WHERE e.type IN ('image', 'text', 'overlay')
                                              AND NOT coalesce(e.properties @> '{"animated": true}', false)),
                           count(*) FILTER (WHERE e.type <> 'text'),
                           j.actual_processing_seconds
                      FROM jobs j JOIN elements e ON e.job_id = j.id
                     WHERE j.status IN ('completed', 'expired') AND j.actual_processing_seconds > 0
                       AND j.duration_seconds IS NOT NULL
                     GROUP BY j.id
                     ORDER BY j.completed_at DESC
                     LIMIT ?""")) {
                select.setInt(1, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        samples.add(new Estimator.Sample(rows.getDouble(1), rows.getInt(2),
                                rows.getInt(3), rows.getString(4), rows.getInt(5), rows.getInt(6), rows.getInt(7),
                                rows.getDouble(8)));
                    }
                }
            }
            return samples;
        });
    }
}
