package dev.videogen.jobs.db;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.model.Element;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/**
 * A create request's whole write as one statement, one database round trip: {@code create_job_with_elements} checks
 * the idempotency key, inserts the job, its elements and its finished validation step, and returns the job's row.
 * Run on its own (autocommit), the single statement is its own transaction.
 */
final class JobCreation {

    private static final String CALL = "SELECT " + JobRows.COLUMNS + ", created " + """
            FROM (SELECT f.created, (f.job).* FROM create_job_with_elements(
                    p_job_id => ?, p_owner => ?, p_response_type => ?::response_type, p_output_format => ?,
                    p_width => ?, p_height => ?, p_fps => ?::float8, p_duration_seconds => ?::float8,
                    p_background_color => ?, p_request_payload => ?::jsonb, p_callback_url => ?,
                    p_estimated_processing_seconds => ?, p_idempotency_key => ?, p_request_hash => ?,
                    p_client_ip => ?::inet, p_user_agent => ?, p_request_metadata => ?::jsonb,
                    p_timeout_seconds => ?::float8, p_elements => ?::jsonb, p_validation_details => ?::jsonb,
                    p_idempotency_since => ?::timestamptz, p_template_id => ?, p_template_version => ?::integer) f) j""";

    private JobCreation() {
    }

    /** Runs the call; see {@link JobRepository#create}. */
    static JobRepository.Creation create(Connection connection, NewJob job, List<Element> elements,
                                         String validationDetails, Instant idempotencySince) throws SQLException {
        try (PreparedStatement call = connection.prepareStatement(CALL)) {
            int i = 1;
            call.setString(i++, job.jobId());
            call.setString(i++, job.owner());
            call.setString(i++, job.responseType());
            call.setString(i++, job.outputFormat());
            call.setInt(i++, job.width());
            call.setInt(i++, job.height());
            call.setDouble(i++, job.fps());
            if (job.durationSeconds() == null) {
                call.setNull(i++, Types.DOUBLE);
            } else {
                call.setDouble(i++, job.durationSeconds());
            }
            call.setString(i++, job.backgroundColor());
            call.setString(i++, job.requestPayload());
            call.setString(i++, job.callbackUrl());
            call.setInt(i++, job.estimatedSeconds());
            call.setString(i++, job.idempotencyKey());
            call.setString(i++, job.requestHash());
            call.setString(i++, job.clientIp());
            call.setString(i++, job.userAgent());
            call.setString(i++, job.requestMetadata());
            call.setDouble(i++, job.timeoutSeconds());
            call.setString(i++, elementsJson(elements));
            call.setString(i++, validationDetails);
            if (idempotencySince == null) {
                call.setNull(i++, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                call.setTimestamp(i++, Timestamp.from(idempotencySince));
            }
            call.setString(i++, job.templateId());
            if (job.templateVersion() == null) {
                call.setNull(i, Types.INTEGER);
            } else {
                call.setInt(i, job.templateVersion());
            }
            try (ResultSet rows = call.executeQuery()) {
                rows.next();
                return new JobRepository.Creation(rows.getBoolean("created"), JobRows.read(rows));
            }
        }
    }

    /** The elements as the function takes them: one object per element, named after the elements columns. */
    static String elementsJson(List<Element> elements) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Element element : elements) {
            ObjectNode row = array.addObject();
            row.put("element_order", element.index());
            row.put("element_key", element.id());
            row.put("type", element.type().wireName());
            row.put("source_url", element.source());
            row.put("text_content", element.text());
            row.put("track", element.track());
            boolean visual = element.type().visual();
            row.put("x_position", visual ? element.x().wireForm() : null);
            row.put("y_position", visual ? element.y().wireForm() : null);
            row.put("width", visual ? element.width().wireForm() : null);
            row.put("height", visual ? element.height().wireForm() : null);
            row.put("fit_mode", visual ? element.fitMode().wireName() : null);
            // numbers travel as JSON numbers and are read back as double precision, as the API bound them
            row.put("start_time", element.time());
            if (element.duration().isPresent()) {
                row.put("end_time", element.time() + element.duration().getAsDouble());
            } else {
                row.putNull("end_time");
            }
            row.put("trim_start", element.trimStart());
            if (element.trimEnd().isPresent()) {
                row.put("trim_end", element.trimEnd().getAsDouble());
            } else {
                row.putNull("trim_end");
            }
            row.set("properties", ElementProperties.node(element));
        }
        return array.toString();
    }
}
