package dev.videogen.jobs.db;

import dev.videogen.engine.SourceReport;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.plan.TimedElement;
import dev.videogen.engine.plan.Timeline;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.UUID;

/** The rows of {@code elements}: each element as requested, then what fetching, probing and rendering found of it. */
public final class ElementRecords {

    private final Database database;

    public ElementRecords(Database database) {
        this.database = database;
    }

    static void insertElements(Connection connection, UUID jobId, List<Element> elements) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO elements (job_id, element_order, element_key, type, source_url, text_content, track,
                    x_position, y_position, width, height, fit_mode, start_time, end_time, trim_start, trim_end,
                    properties)
                VALUES (?, ?, ?, ?::element_type, ?, ?, ?, ?, ?, ?, ?, ?::fit_mode, ?, ?, ?, ?, ?::jsonb)""")) {
            for (Element element : elements) {
                int i = 1;
                insert.setObject(i++, jobId);
                insert.setInt(i++, element.index());
                insert.setString(i++, element.id());
                insert.setString(i++, element.type().wireName());
                insert.setString(i++, element.source());
                insert.setString(i++, element.text());
                insert.setInt(i++, element.track());
                boolean visual = element.type().visual();
                insert.setString(i++, visual ? element.x().wireForm() : null);
                insert.setString(i++, visual ? element.y().wireForm() : null);
                insert.setString(i++, visual ? element.width().wireForm() : null);
                insert.setString(i++, visual ? element.height().wireForm() : null);
                insert.setString(i++, visual ? element.fitMode().wireName() : null);
                insert.setDouble(i++, element.time());
                if (element.duration().isPresent()) {
                    insert.setDouble(i++, element.time() + element.duration().getAsDouble());
                } else {
                    insert.setNull(i++, Types.NUMERIC);
                }
                insert.setDouble(i++, element.trimStart());
                if (element.trimEnd().isPresent()) {
                    insert.setDouble(i++, element.trimEnd().getAsDouble());
                } else {
                    insert.setNull(i++, Types.NUMERIC);
                }
                insert.setString(i, ElementProperties.json(element));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** What fetching and probing found of each source: the element's file, size, length and picture size. */
    public void recordSources(UUID jobUuid, List<SourceReport> sources) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE elements SET downloaded = true, source_filename = ?, source_size_bytes = ?,
                        source_duration_seconds = ?, source_width = ?, source_height = ?, error_message = NULL
                     WHERE job_id = ? AND element_key = ?""")) {
                for (SourceReport source : sources) {
                    int i = 1;
                    update.setString(i++, JobRows.truncate(source.fileName(), 255));
                    update.setLong(i++, source.sizeBytes());
                    JobRows.setDouble(update, i++,
                            source.duration().isPresent() ? source.duration().getAsDouble() : null);
                    JobRows.setPositive(update, i++, source.width());
                    JobRows.setPositive(update, i++, source.height());
                    update.setObject(i++, jobUuid);
                    update.setString(i, source.elementId());
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }

    /** Why the element at {@code elementOrder} (its index in the request) kept the job from rendering. */
    public void recordElementError(UUID jobUuid, int elementOrder, String message) {
        database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE elements SET error_message = ? WHERE job_id = ? AND element_order = ?")) {
                update.setString(1, JobRows.truncate(message, 2000));
                update.setObject(2, jobUuid);
                update.setInt(3, elementOrder);
                return update.executeUpdate();
            }
        });
    }

    /** The facts a successful render adds to a job before its upload: its length and each element's span. */
    public void recordRender(UUID jobUuid, double durationSeconds, Timeline timeline) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE jobs SET duration_seconds = ? WHERE id = ?")) {
                update.setDouble(1, durationSeconds);
                update.setObject(2, jobUuid);
                update.executeUpdate();
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE elements SET processed = true, start_time = ?, end_time = ?
                     WHERE job_id = ? AND element_key = ?""")) {
                for (TimedElement element : timeline.elements()) {
                    update.setDouble(1, element.start());
                    update.setDouble(2, element.end());
                    update.setObject(3, jobUuid);
                    update.setString(4, element.element().id());
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }
}
