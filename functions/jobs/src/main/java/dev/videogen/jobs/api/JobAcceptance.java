package dev.videogen.jobs.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.jobs.HumanUnits;
import dev.videogen.jobs.db.JobRecord;

/** The 202 answer of a job accepted for rendering in the background, with where to follow it. */
final class JobAcceptance {

    private JobAcceptance() {
    }

    static ApiResponse accepted(JobRecord job, int estimate) {
        return accepted(job, body(job, estimate));
    }

    static ApiResponse accepted(JobRecord job, ObjectNode body) {
        return ApiResponse.json(202, body).withHeader("Location", "/v1/videoresult/" + job.jobId());
    }

    static ObjectNode body(JobRecord job, int estimate) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", "pending");
        body.put("job_id", job.jobId());
        body.put("message", "Video processing started - use job ID to check status");
        body.put("estimated_seconds", estimate);
        body.put("estimated_completion", HumanUnits.completionRange(estimate));
        body.put("status_check_endpoint", "/v1/videoresult/" + job.jobId());
        return body;
    }
}
