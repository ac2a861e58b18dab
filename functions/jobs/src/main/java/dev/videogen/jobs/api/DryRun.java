package dev.videogen.jobs.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.RenderCancelledException;
import dev.videogen.engine.ErrorCode;
import dev.videogen.engine.Inspection;
import dev.videogen.engine.RenderException;
import dev.videogen.engine.SourceReport;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.validation.InvalidRequestException;
import java.time.Instant;

/** {@code POST /v1/videocreate?dry_run=true}: fetches and probes the sources, plans the render, creates no job. */
final class DryRun {

    private final VideoApi.Dependencies deps;

    DryRun(VideoApi.Dependencies deps) {
        this.deps = deps;
    }

    /**
     * Inspects within the quick-response budget (and before {@code functionDeadline}, when given): sources that take
     * longer to fetch and probe answer 503 with {@code Retry-After}, not an answer that never comes.
     */
    ApiResponse answer(CompositionRequest composition, Instant functionDeadline) {
        Instant deadline = deps.clock().instant().plus(deps.quickResponseBudget());
        if (functionDeadline != null && functionDeadline.minus(VideoApi.INLINE_HANDOVER_MARGIN).isBefore(deadline)) {
            deadline = functionDeadline.minus(VideoApi.INLINE_HANDOVER_MARGIN);
        }
        Instant stopAt = deadline;
        Inspection inspection;
        try {
            inspection = deps.inspector().inspect(composition, () -> deps.clock().instant().isAfter(stopAt));
        } catch (RenderCancelledException e) {
            return ErrorResponses.error(503, "SERVICE_UNAVAILABLE", "the sources could not be fetched and probed "
                    + "within " + deps.quickResponseBudget().toSeconds() + " s; try again later, or submit the job "
                    + "without dry_run").withHeader("Retry-After", "30");
        } catch (InvalidRequestException e) {
            return ErrorResponses.invalid(e.problems());
        } catch (RenderException e) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("error", e.code().name());
            body.put("message", e.getMessage());
            return ApiResponse.json(e.code() == ErrorCode.INSUFFICIENT_STORAGE ? 503 : 422, body);
        }
        int estimate = deps.estimator().estimateSeconds(composition);
        boolean inline = CreateJob.rendersInline(deps, composition, estimate);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", "valid");
        body.put("estimated_seconds", estimate);
        body.put("response_type", inline ? "immediate" : "async");
        body.put("duration_seconds", inspection.durationSeconds());
        ArrayNode sources = body.putArray("sources");
        for (SourceReport source : inspection.sources()) {
            ObjectNode item = sources.addObject();
            item.put("id", source.elementId());
            if (source.duration().isPresent()) {
                item.put("duration", source.duration().getAsDouble());
            } else {
                item.putNull("duration");
            }
            item.put("width", source.width());
            item.put("height", source.height());
            item.put("size_bytes", source.sizeBytes());
            item.put("format", source.container());
        }
        return ApiResponse.json(200, body);
    }
}
