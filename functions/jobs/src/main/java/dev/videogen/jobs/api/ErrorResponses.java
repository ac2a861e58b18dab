package dev.videogen.jobs.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.ErrorCode;
import dev.videogen.engine.validation.FieldProblem;
import java.util.List;

/** The API's error answers: one JSON shape ({@code error}, {@code message}, and the field or fields at fault). */
final class ErrorResponses {

    private ErrorResponses() {
    }

    /** 400 listing every invalid field. */
    static ApiResponse invalid(List<FieldProblem> problems) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", ErrorCode.INVALID_INPUT.name());
        body.put("message", problems.size() == 1 ? "1 problem in the request" : problems.size() + " problems in the request");
        ArrayNode details = body.putArray("details");
        for (FieldProblem problem : problems) {
            details.addObject().put("field", problem.field()).put("message", problem.message());
        }
        return ApiResponse.json(400, body);
    }

    static ApiResponse notFound(String jobId) {
        return error(404, "JOB_NOT_FOUND", "no job " + printable(jobId), "job_id");
    }

    static ApiResponse methodNotAllowed(String allowed) {
        return error(405, "METHOD_NOT_ALLOWED", "use " + allowed, "method").withHeader("Allow", allowed);
    }

    static ApiResponse unavailable(String message) {
        return error(503, "SERVICE_UNAVAILABLE", message).withHeader("Retry-After", "5");
    }

    /** 429 for an owner over its create budget: {@code field} is null, {@code Retry-After} says when to come back. */
    static ApiResponse rateLimited(java.time.Duration wait, int perMinute) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", "RATE_LIMITED");
        body.put("message", "over the limit of " + perMinute + " creates a minute; retry in " + wait.toSeconds()
                + " s");
        body.putNull("field");
        return ApiResponse.json(429, body).withHeader("Retry-After", Long.toString(wait.toSeconds()));
    }

    /** 500 for a fault of ours: the request id lets an operator find the logged cause. */
    static ApiResponse internal(ApiRequest request) {
        return error(500, ErrorCode.PROCESSING_FAILED.name(), "internal error; the request id is "
                + request.requestId());
    }

    static ApiResponse error(int status, String code, String message) {
        return error(status, code, message, null);
    }

    /** An error answer; {@code field}, when given, names the part of the request it is about. */
    static ApiResponse error(int status, String code, String message, String field) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", code);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        return ApiResponse.json(status, body);
    }

    /** Caller-supplied text cut short and with control characters replaced, fit to quote in a message. */
    static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }
}
