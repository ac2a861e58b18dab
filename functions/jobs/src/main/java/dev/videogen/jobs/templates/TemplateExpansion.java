package dev.videogen.jobs.templates;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videogen.engine.validation.FieldProblem;
import dev.videogen.engine.validation.InvalidRequestException;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Turns a videocreate body that names a template ({@code template_id} + {@code merge}) into the body it stands for;
 * a body without {@code template_id} passes through untouched.
 */
public final class TemplateExpansion {

    private static final Pattern TEMPLATE_ID = Pattern.compile("tpl_[a-z2-7]{20}");

    /**
     * The body to validate and render, and where it came from.
     *
     * @param body            the videocreate body, placeholders substituted
     * @param template        the template version used; {@code null} for a hand-written body
     * @param substitution    which fields the merge filled; {@code null} for a hand-written body
     */
    public record Expanded(JsonNode body, TemplateRecord template, TemplateSubstitution.Result substitution) {

        /** The problems of the expanded body, those in fields a merge value filled named after that value. */
        public List<FieldProblem> blame(List<FieldProblem> problems) {
            return substitution == null ? problems : substitution.blame(problems);
        }
    }

    private final TemplateRepository templates;

    public TemplateExpansion(TemplateRepository templates) {
        this.templates = templates;
    }

    /** Whether {@code body} asks for a template. */
    public static boolean namesTemplate(JsonNode body) {
        return body != null && body.isObject() && body.has("template_id");
    }

    /**
     * @param visible whether the caller may use a template of the given owner
     * @throws InvalidRequestException naming {@code template_id}, {@code merge} or {@code merge.<name>}
     */
    public Expanded expand(JsonNode body, Predicate<String> visible) {
        if (!namesTemplate(body)) {
            if (body != null && body.has("merge")) {
                throw new InvalidRequestException("merge", "is only used with template_id");
            }
            return new Expanded(body, null, null);
        }
        JsonNode id = body.get("template_id");
        if (!id.isTextual() || !TEMPLATE_ID.matcher(id.textValue()).matches()) {
            throw new InvalidRequestException("template_id", "must be a template id like \"tpl_\" and 20 letters "
                    + "and digits, as POST /v1/templates answered");
        }
        TemplateRecord template = templates.find(id.textValue())
                .filter(found -> visible.test(found.owner()))
                .orElseThrow(() -> new InvalidRequestException("template_id", "names no template of yours: "
                        + id.textValue()));
        TemplateSubstitution.Result result = TemplateSubstitution.apply(template.definition().template(),
                template.definition().variables(), body);
        return new Expanded(result.body(), template, result);
    }

}
