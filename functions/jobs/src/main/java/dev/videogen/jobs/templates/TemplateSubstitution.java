package dev.videogen.jobs.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.validation.FieldProblem;
import dev.videogen.engine.validation.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a template's placeholders with a request's {@code merge} values. A string that is exactly one placeholder
 * takes the value with its JSON type ({@code "{{size}}"} with 640 gives the number 640); a placeholder inside a longer
 * string is replaced by the value's text. Values are checked against their variable's type first; a missing value
 * without default, a name the template does not declare and a value of the wrong type are each a problem naming
 * {@code merge.<name>}. The result is an ordinary videocreate body, which then goes through the same validation as a
 * hand-written one; {@link Result#blame} names the merge variable for any problem found in a field it filled.
 */
public final class TemplateSubstitution {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern WHOLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]{0,63})\\s*\\}\\}");
    /** Request fields that select the template rather than override one of its fields. */
    private static final Set<String> SELECTORS = Set.of("template_id", "merge");

    /**
     * A substituted body and, for each field a variable filled, that variable's name.
     *
     * @param body           the videocreate body, no placeholders left
     * @param fieldVariables field path (as validation names it, e.g. {@code elements[0].source}) to variable name
     */
    public record Result(ObjectNode body, Map<String, String> fieldVariables) {

        /**
         * The problems as the caller should see them: one found in a field a variable filled (or inside it) names
         * {@code merge.<variable>} and says which field it landed in; the others are unchanged.
         */
        public List<FieldProblem> blame(List<FieldProblem> problems) {
            List<FieldProblem> blamed = new ArrayList<>(problems.size());
            for (FieldProblem problem : problems) {
                String variable = variableOf(problem.field());
                blamed.add(variable == null ? problem : new FieldProblem("merge." + variable,
                        problem.message() + " (as " + problem.field() + ")"));
            }
            return blamed;
        }

        private String variableOf(String field) {
            for (String path = field; path != null; path = parent(path)) {
                String variable = fieldVariables.get(path);
                if (variable != null) {
                    return variable;
                }
            }
            return null;
        }

        private static String parent(String path) {
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            return cut <= 0 ? null : path.substring(0, cut);
        }
    }

    private TemplateSubstitution() {
    }

    /**
     * The body {@code request} asks for: the template with the merge values substituted, then the request's other
     * top-level fields (those besides {@code template_id} and {@code merge}) put over the template's.
     *
     * @throws InvalidRequestException naming {@code merge} or {@code merge.<name>} for every problem of the values
     */
    public static Result apply(ObjectNode template, Map<String, TemplateVariable> variables, JsonNode request) {
        JsonNode merge = request.get("merge");
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, JsonNode> values = new LinkedHashMap<>();
        if (merge != null && !merge.isNull() && !merge.isObject()) {
            throw new InvalidRequestException("merge", "must be an object from variable name to value");
        }
        if (merge != null && merge.isObject()) {
            for (Map.Entry<String, JsonNode> entry : merge.properties()) {
                TemplateVariable variable = variables.get(entry.getKey());
                if (variable == null) {
                    problems.add(new FieldProblem("merge." + entry.getKey(), "is not a variable of this template"
                            + (variables.isEmpty() ? " (it declares none)" : " (it declares " + String.join(", ",
                            variables.keySet()) + ")")));
                    continue;
                }
                variable.type().problem(entry.getValue()).ifPresentOrElse(
                        wrong -> problems.add(new FieldProblem("merge." + entry.getKey(),
                                wrong + " (the variable is of type " + variable.type().wireName() + ")")),
                        () -> values.put(entry.getKey(), entry.getValue()));
            }
        }
        Set<String> used = Placeholders.used(template);
        for (TemplateVariable variable : variables.values()) {
            if (values.containsKey(variable.name()) || (merge != null && merge.has(variable.name()))) {
                continue;
            }
            if (variable.defaultValue() != null) {
                values.put(variable.name(), variable.defaultValue());
            } else if (used.contains(variable.name())) {
                problems.add(new FieldProblem("merge." + variable.name(), "is required: the template uses it and "
                        + "declares no default"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Map<String, String> fieldVariables = new LinkedHashMap<>();
        ObjectNode body = (ObjectNode) substitute(template, "", values, fieldVariables);
        for (Map.Entry<String, JsonNode> field : request.properties()) {
            if (!SELECTORS.contains(field.getKey())) {
                body.set(field.getKey(), field.getValue());
                fieldVariables.keySet().removeIf(path -> path.equals(field.getKey())
                        || path.startsWith(field.getKey() + ".") || path.startsWith(field.getKey() + "["));
            }
        }
        return new Result(body, fieldVariables);
    }

    private static JsonNode substitute(JsonNode node, String path, Map<String, JsonNode> values,
                                       Map<String, String> fieldVariables) {
        if (node.isTextual()) {
            return text(node.textValue(), path, values, fieldVariables);
        }
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                copy.set(field.getKey(), substitute(field.getValue(), child, values, fieldVariables));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                copy.add(substitute(node.get(i), path + "[" + i + "]", values, fieldVariables));
            }
            return copy;
        }
        return node.deepCopy();
    }

    private static JsonNode text(String text, String path, Map<String, JsonNode> values,
                                 Map<String, String> fieldVariables) {
        Matcher whole = WHOLE.matcher(text);
        if (whole.matches()) {
            JsonNode value = values.get(whole.group(1));
            if (value == null) {
                return NODES.textNode(text); // declared without default and unused elsewhere: cannot happen
            }
            fieldVariables.put(path, whole.group(1));
            return value.deepCopy();
        }
        Matcher each = Placeholders.PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean replaced = false;
        while (each.find()) {
            JsonNode value = values.get(each.group(1));
            String replacement = value == null ? each.group() : value.isTextual() ? value.textValue() : value.toString();
            each.appendReplacement(out, Matcher.quoteReplacement(replacement));
            if (value != null) {
                fieldVariables.putIfAbsent(path, each.group(1));
                replaced = true;
            }
        }
        each.appendTail(out);
        return NODES.textNode(replaced ? out.toString() : text);
    }
}
