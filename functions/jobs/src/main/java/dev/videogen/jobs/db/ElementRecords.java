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
