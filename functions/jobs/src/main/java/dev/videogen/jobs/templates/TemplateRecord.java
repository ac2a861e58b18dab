package dev.videogen.jobs.templates;

import java.time.Instant;

/**
 * One version of a stored template.
 *
 * @param templateId public id, {@code tpl_…}
 * @param owner      who created it; {@code null} when authentication is off
 * @param version    1 for the first save, one more for each replacement
 * @param definition name, body and variables of this version
 */
public record TemplateRecord(String templateId, String owner, int version, TemplateDefinition definition,
                             Instant createdAt, Instant updatedAt) {
}
