package dev.videogen.jobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.validation.InvalidRequestException;
import dev.videogen.jobs.templates.TemplateDefinition;
import dev.videogen.jobs.templates.TemplateRecord;
import dev.videogen.jobs.templates.TemplateRepository;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code /v1/templates} and {@code /v1/templates/{template_id}}: create, list, read, replace (a new version) and
 * delete the caller's templates. Another owner's template reads as unknown.
 */
public final class TemplatesResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TEMPLATE_ID = Pattern.compile("tpl_[a-z2-7]{20}");
    private static final int LIST_LIMIT = 200;

    private final TemplateRepository templates;

    public TemplatesResource(TemplateRepository templates) {
        this.templates = templates;
    }

    /** {@code POST /v1/templates}. */
    public ApiResponse create(Caller caller, JsonNode body) {
        TemplateDefinition definition;
        try {
            definition = TemplateDefinition.parse(body);
        } catch (InvalidRequestException e) {
            return ErrorResponses.invalid(e.problems());
        }
        TemplateRecord created = templates.create(caller.subject(), definition);
        return ApiResponse.json(201, view(created)).withHeader("Location", "/v1/templates/" + created.templateId());
    }

    /** {@code GET /v1/templates}: the caller's templates, newest first. */
    public ApiResponse list(Caller caller) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode items = body.putArray("templates");
        templates.list(caller.subject(), LIST_LIMIT).forEach(template -> items.add(view(template)));
        return ApiResponse.json(200, body);
    }

    /** {@code GET /v1/templates/{template_id}}. */
    public ApiResponse read(Caller caller, String templateId) {
        return visible(caller, templateId).map(template -> ApiResponse.json(200, view(template)))
                .orElseGet(() -> notFound(templateId));
    }

    /** {@code PUT /v1/templates/{template_id}}: the new content becomes the next version. */
    public ApiResponse replace(Caller caller, String templateId, JsonNode body) {
        if (visible(caller, templateId).isEmpty()) {
            return notFound(templateId);
        }
        TemplateDefinition definition;
        try {
            definition = TemplateDefinition.parse(body);
        } catch (InvalidRequestException e) {
            return ErrorResponses.invalid(e.problems());
        }
        return templates.replace(templateId, definition).map(template -> ApiResponse.json(200, view(template)))
                .orElseGet(() -> notFound(templateId));
    }

    /** {@code DELETE /v1/templates/{template_id}}: jobs made from it keep their record of it. */
    public ApiResponse delete(Caller caller, String templateId) {
        if (visible(caller, templateId).isEmpty() || !templates.delete(templateId)) {
            return notFound(templateId);
        }
        return new ApiResponse(204, java.util.Map.of(), "");
    }

    private Optional<TemplateRecord> visible(Caller caller, String templateId) {
        if (templateId == null || !TEMPLATE_ID.matcher(templateId).matches()) {
            return Optional.empty();
        }
        return templates.find(templateId).filter(template -> caller.owns(template.owner()));
    }

    private static ApiResponse notFound(String templateId) {
        return ErrorResponses.error(404, "TEMPLATE_NOT_FOUND", "no template " + printable(templateId), "template_id");
    }

    /** A template as the API shows it. */
    static ObjectNode view(TemplateRecord template) {
        ObjectNode body = JSON.createObjectNode();
        body.put("template_id", template.templateId());
        body.put("name", template.definition().name());
        body.put("version", template.version());
        body.set("template", template.definition().template());
        body.set("variables", template.definition().variablesJson());
        body.put("created_at", template.createdAt().toString());
        body.put("updated_at", template.updatedAt().toString());
        return body;
    }

    private static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }
}
