package dev.videogen.jobs.templates;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A variable a template declares.
 *
 * @param name         as written between the braces, e.g. {@code title} for {@code {{title}}}
 * @param type         what values it takes
 * @param defaultValue the value used when a request's {@code merge} leaves it out; {@code null} when it must be given
 */
public record TemplateVariable(String name, VariableType type, JsonNode defaultValue) {
}
