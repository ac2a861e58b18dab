package dev.videogen.jobs.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.jobs.JobIds;
import dev.videogen.jobs.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Templates in PostgreSQL ({@code templates} and {@code template_versions}): saving a template again adds a version
 * and keeps the old ones, so a job's recorded version can always be read back.
 */
public final class TemplateRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = """
            t.template_id, t.owner, v.version, v.name, v.body::text AS body, v.variables::text AS variables,
            t.created_at, v.created_at AS updated_at""";

    private final Database database;

    public TemplateRepository(Database database) {
        this.database = database;
    }

    /** Stores a new template, version 1. */
    public TemplateRecord create(String owner, TemplateDefinition definition) {
        String templateId = JobIds.newId("tpl_");
        return database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO templates (template_id, owner, name, version) VALUES (?, ?, ?, 1)")) {
                insert.setString(1, templateId);
                insert.setString(2, owner);
                insert.setString(3, definition.name());
                insert.executeUpdate();
            }
            insertVersion(connection, templateId, 1, definition);
            return read(connection, templateId, null).orElseThrow();
        });
    }

    /** Replaces a template's content with a new version; empty when there is no such template. */
    public Optional<TemplateRecord> replace(String templateId, TemplateDefinition definition) {
        return database.inTransaction(connection -> {
            int version;
            try (PreparedStatement bump = connection.prepareStatement("""
                    UPDATE templates SET version = version + 1, name = ?, updated_at = now()
                     WHERE template_id = ? RETURNING version""")) {
                bump.setString(1, definition.name());
                bump.setString(2, templateId);
                try (ResultSet rows = bump.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    version = rows.getInt(1);
                }
            }
            insertVersion(connection, templateId, version, definition);
            return read(connection, templateId, null);
        });
    }

    /** The current version of a template. */
    public Optional<TemplateRecord> find(String templateId) {
        return database.withConnection(connection -> read(connection, templateId, null));
    }

    /** One version of a template, current or not. */
    public Optional<TemplateRecord> find(String templateId, int version) {
        return database.withConnection(connection -> read(connection, templateId, version));
    }

    /** The current versions of {@code owner}'s templates ({@code null}: those made without authentication), newest first. */
    public List<TemplateRecord> list(String owner, int limit) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + """
                     FROM templates t JOIN template_versions v ON v.template_id = t.template_id AND v.version = t.version
                    WHERE coalesce(t.owner, '') = coalesce(?, '')
                    ORDER BY t.created_at DESC, t.template_id LIMIT ?""")) {
                select.setString(1, owner);
                select.setInt(2, limit);
                List<TemplateRecord> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(record(rows));
                    }
                }
                return found;
            }
        });
    }

    /** Deletes a template and all its versions; false when there was none. */
    public boolean delete(String templateId) {
        return database.withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM templates WHERE template_id = ?")) {
                delete.setString(1, templateId);
                return delete.executeUpdate() == 1;
            }
        });
    }

    private static void insertVersion(Connection connection, String templateId, int version,
                                      TemplateDefinition definition) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO template_versions (template_id, version, name, body, variables)
                VALUES (?, ?, ?, ?::jsonb, ?::jsonb)""")) {
            insert.setString(1, templateId);
            insert.setInt(2, version);
            insert.setString(3, definition.name());
            insert.setString(4, definition.template().toString());
            insert.setString(5, definition.variablesJson().toString());
            insert.executeUpdate();
        }
    }

    private static Optional<TemplateRecord> read(Connection connection, String templateId, Integer version)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + """
                 FROM templates t JOIN template_versions v ON v.template_id = t.template_id
                WHERE t.template_id = ? AND v.version = coalesce(?, t.version)""")) {
            select.setString(1, templateId);
            if (version == null) {
                select.setNull(2, Types.INTEGER);
            } else {
                select.setInt(2, version);
            }
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(record(rows)) : Optional.empty();
            }
        }
    }

    private static TemplateRecord record(ResultSet row) throws SQLException {
        ObjectNode stored = JSON.createObjectNode();
        try {
            stored.put("name", row.getString("name"));
            stored.set("template", JSON.readTree(row.getString("body")));
            stored.set("variables", JSON.readTree(row.getString("variables")));
        } catch (JsonProcessingException e) {
            throw new SQLException("template " + row.getString("template_id") + " holds unreadable JSON", e);
        }
        return new TemplateRecord(row.getString("template_id"), row.getString("owner"), row.getInt("version"),
                TemplateDefinition.parse(stored), row.getTimestamp("created_at").toInstant(),
                row.getTimestamp("updated_at").toInstant());
    }
}
