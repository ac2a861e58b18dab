package dev.videogen.jobs.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.validation.FieldProblem;
import dev.videogen.engine.validation.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The body of {@code POST}/{@code PUT /v1/templates}: a name, a videocreate body whose strings may hold
 * {@code {{variables}}}, and the declaration of each variable (type, optional default). Every variable the body uses
 * must be declared and every default must be of its type; each problem names its field.
 *
 * @param name      shown in listings
 * @param template  the videocreate body, placeholders unsubstituted
 * @param variables by name, in declaration order
 */
public record TemplateDefinition(String name, ObjectNode template, Map<String, TemplateVariable> variables) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Set<String> FIELDS = Set.of("name", "template", "variables");
    private static final Set<String> VARIABLE_FIELDS = Set.of("type", "default");
    /** Fields of a videocreate body that only a request, never a template, carries. */
    private static final Set<String> REQUEST_ONLY = Set.of("template_id", "merge");

    public static TemplateDefinition parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "must be a JSON object with name, template and variables");
        }
        List<FieldProblem> problems = new ArrayList<>();
        body.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                problems.add(new FieldProblem(field, "is not a field of a template: use name, template and variables"));
            }
        });
        JsonNode nameNode = body.get("name");
        String name = null;
        if (nameNode == null || !nameNode.isTextual() || nameNode.textValue().isBlank()
                || nameNode.textValue().length() > 200) {
            problems.add(new FieldProblem("name", "must be a string of 1 to 200 characters"));
        } else {
            name = nameNode.textValue();
        }
        JsonNode templateNode = body.get("template");
        ObjectNode template = null;
        if (templateNode == null || !templateNode.isObject()) {
            problems.add(new FieldProblem("template", "must be a videocreate body (a JSON object)"));
        } else {
            template = (ObjectNode) templateNode;
            for (String field : REQUEST_ONLY) {
                if (template.has(field)) {
                    problems.add(new FieldProblem("template." + field, "belongs in a request, not in a template"));
                }
            }
        }
        Map<String, TemplateVariable> variables = new LinkedHashMap<>();
        JsonNode variablesNode = body.get("variables");
        if (variablesNode != null && !variablesNode.isNull() && !variablesNode.isObject()) {
            problems.add(new FieldProblem("variables", "must be an object from variable name to {type, default}"));
        } else if (variablesNode != null && variablesNode.isObject()) {
            for (Map.Entry<String, JsonNode> entry : variablesNode.properties()) {
                variable(entry.getKey(), entry.getValue(), problems).ifPresent(v -> variables.put(v.name(), v));
            }
        }
        if (template != null) {
            Set<String> undeclared = new TreeSet<>(Placeholders.used(template));
            undeclared.removeAll(variables.keySet());
            for (String missing : undeclared) {
                problems.add(new FieldProblem("variables." + missing, "is used as {{" + missing + "}} in the template "
                        + "but not declared"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new TemplateDefinition(name, template, variables);
    }

    private static java.util.Optional<TemplateVariable> variable(String name, JsonNode declaration,
                                                                 List<FieldProblem> problems) {
        String field = "variables." + name;
        if (!VARIABLE_NAME.matcher(name).matches()) {
            problems.add(new FieldProblem(field, "is not a variable name: letters, digits and '_', not starting "
                    + "with a digit, at most 64"));
            return java.util.Optional.empty();
        }
        if (!declaration.isObject()) {
            problems.add(new FieldProblem(field, "must be an object {\"type\": …, \"default\": …}"));
            return java.util.Optional.empty();
        }
        declaration.fieldNames().forEachRemaining(key -> {
            if (!VARIABLE_FIELDS.contains(key)) {
                problems.add(new FieldProblem(field + "." + key, "is not a field of a variable: use type and default"));
            }
        });
        JsonNode typeNode = declaration.get("type");
        java.util.Optional<VariableType> type = typeNode != null && typeNode.isTextual()
                ? VariableType.fromWireName(typeNode.textValue()) : java.util.Optional.empty();
        if (type.isEmpty()) {
            problems.add(new FieldProblem(field + ".type", "must be one of string, number, url, color"));
            return java.util.Optional.empty();
        }
        JsonNode defaultValue = declaration.get("default");
        if (defaultValue != null && !defaultValue.isNull()) {
            java.util.Optional<String> wrong = type.get().problem(defaultValue);
            if (wrong.isPresent()) {
                problems.add(new FieldProblem(field + ".default", wrong.get()));
                return java.util.Optional.empty();
            }
        } else {
            defaultValue = null;
        }
        return java.util.Optional.of(new TemplateVariable(name, type.get(), defaultValue));
    }

    /** The variables as stored and shown: {@code {"name": {"type": …, "default": …}}}. */
    public ObjectNode variablesJson() {
        ObjectNode out = JSON.createObjectNode();
        variables.values().forEach(variable -> {
            ObjectNode declaration = out.putObject(variable.name());
            declaration.put("type", variable.type().wireName());
            if (variable.defaultValue() != null) {
                declaration.set("default", variable.defaultValue());
            }
        });
        return out;
    }
}
