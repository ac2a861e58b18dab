package dev.videogen.jobs.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The service's own endpoints: health, metrics and the OpenAPI document. */
final class ServiceEndpoints {

    private final HealthChecks health;
    private final MetricsReport metrics;

    ServiceEndpoints(HealthChecks health, MetricsReport metrics) {
        this.health = health;
        this.metrics = metrics;
    }

    ApiResponse health() {
        HealthChecks.Report report = health.run();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", report.healthy() ? "ok" : "unavailable");
        ObjectNode checks = body.putObject("checks");
        report.results().forEach(checks::put);
        report.facts().forEach(body::put);
        ApiResponse response = ApiResponse.json(report.healthy() ? 200 : 503, body);
        return report.healthy() ? response : response.withHeader("Retry-After", "10");
    }

    /**
     * Prometheus text when the caller accepts it, else JSON: the whole service's figures for the service role and
     * where authentication is off, the figures of the caller's own jobs for everyone else.
     */
    ApiResponse metrics(ApiRequest request, Caller caller) {
        MetricsReport.Scope scope = caller.seesEveryJob() || caller.subject() == null ? MetricsReport.Scope.SERVICE
                : MetricsReport.Scope.owner(caller.subject());
        String accept = request.header("Accept");
        if (accept != null && accept.contains("text/plain")) {
            return ApiResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.prometheus(scope));
        }
        return ApiResponse.json(200, metrics.json(scope));
    }

    ApiResponse openApi() {
        return ApiResponse.text(200, ApiResponse.JSON, OpenApiDocument.text());
    }
}
