package dev.videogen.jobs.templates;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code {{name}}} placeholders of a template's strings. */
final class Placeholders {

    /** One placeholder; spaces inside the braces are allowed, as in most template languages. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]{0,63})\\s*\\}\\}");

    private Placeholders() {
    }

    /** Every variable name used anywhere in {@code node}'s strings (object keys are never substituted). */
    static Set<String> used(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        collect(node, names);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isTextual()) {
            Matcher matcher = PLACEHOLDER.matcher(node.textValue());
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                collect(field.getValue(), names);
            }
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, names));
        }
    }
}
