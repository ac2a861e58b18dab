package dev.videogen.jobs.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.jobs.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The service's figures over the last seven days, read from the {@code performance_analytics} view and the job rows:
 * jobs by status, quick-response rate, processing time mean/median/p95, estimation error, storage used, errors by
 * code. Served as JSON, or in the Prometheus text format. Figures are either the whole service's (for the service
 * role and where authentication is off) or those of one owner's jobs only, computed the same way.
 */
public final class MetricsReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;

    public MetricsReport(Database database) {
        this.database = database;
    }

    /** The figures, gathered in one connection. */
    public record Figures(Map<String, Long> jobsByStatus, long totalJobs, long quickResponseJobs,
                          double quickResponseRatePercent, Double meanSeconds, Double medianSeconds, Double p95Seconds,
                          Double estimationErrorRatio, long storageBytes, Map<String, Long> errorsByCode) {
    }

    /** Whose jobs the figures cover: every owner's, or one owner's. */
    public record Scope(String owner) {
        public static final Scope SERVICE = new Scope(null);

        public static Scope owner(String owner) {
            return new Scope(java.util.Objects.requireNonNull(owner, "owner"));
        }

        public boolean service() {
            return owner == null;
        }

        String name() {
            return service() ? "service" : "owner";
        }
    }

    /** The whole service's figures. */
    public Figures figures() {
        return figures(Scope.SERVICE);
    }

    public Figures figures(Scope scope) {
        // the owner's filter, and the view's hourly aggregation over that owner's rows alone
        String mine = scope.service() ? "" : " AND owner = ?";
        String hourly = scope.service() ? "performance_analytics" : """
                (SELECT count(*) AS total_jobs,
                        count(*) FILTER (WHERE j.is_quick_response) AS quick_response_jobs,
                        count(*) FILTER (WHERE j.status = 'completed') AS completed_jobs,
                        avg(CASE
                                WHEN j.estimated_processing_seconds > 0 AND j.actual_processing_seconds > 0 THEN
                                    abs(j.actual_processing_seconds - j.estimated_processing_seconds)
                                        / j.estimated_processing_seconds
                            END) AS avg_estimation_error_ratio
                   FROM jobs j
                  WHERE j.created_at >= now() - interval '7 days' AND j.owner = ?
                  GROUP BY date_trunc('hour', j.created_at)) AS owner_hours""";
        return database.withConnection(connection -> {
            Map<String, Long> byStatus = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT status::text, count(*) FROM jobs WHERE created_at >= now() - interval '7 days'"""
                    + mine + " GROUP BY status ORDER BY status")) {
                bindOwner(select, scope);
                ResultSet rows = select.executeQuery();
                while (rows.next()) {
                    byStatus.put(rows.getString(1), rows.getLong(2));
                }
            }
            long total = 0;
            long quick = 0;
            double errorWeighted = 0;
            long errorWeight = 0;
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT coalesce(sum(total_jobs), 0), coalesce(sum(quick_response_jobs), 0),
                           sum(avg_estimation_error_ratio * completed_jobs), sum(completed_jobs)
                             FILTER (WHERE avg_estimation_error_ratio IS NOT NULL)
                      FROM\s""" + hourly)) {
                bindOwner(select, scope);
                ResultSet rows = select.executeQuery();
                rows.next();
                total = rows.getLong(1);
                quick = rows.getLong(2);
                errorWeighted = rows.getDouble(3);
                errorWeight = rows.getLong(4);
            }
            Double mean = null;
            Double median = null;
            Double p95 = null;
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT avg(actual_processing_seconds),
                           percentile_cont(0.5) WITHIN GROUP (ORDER BY actual_processing_seconds),
                           percentile_cont(0.95) WITHIN GROUP (ORDER BY actual_processing_seconds)
                      FROM jobs
                     WHERE status = 'completed' AND created_at >= now() - interval '7 days'""" + mine)) {
                bindOwner(select, scope);
                ResultSet rows = select.executeQuery();
                rows.next();
                mean = nullable(rows, 1);
                median = nullable(rows, 2);
                p95 = nullable(rows, 3);
            }
            long storage;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT coalesce(sum(file_size_bytes), 0) FROM jobs WHERE status = 'completed'" + mine)) {
                bindOwner(select, scope);
                ResultSet rows = select.executeQuery();
                rows.next();
                storage = rows.getLong(1);
            }
            Map<String, Long> errors = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT error_code, count(*) FROM jobs
                     WHERE error_code IS NOT NULL AND status IN ('failed', 'timeout')
                       AND created_at >= now() - interval '7 days'""" + mine
                    + " GROUP BY error_code ORDER BY error_code")) {
                bindOwner(select, scope);
                ResultSet rows = select.executeQuery();
                while (rows.next()) {
                    errors.put(rows.getString(1), rows.getLong(2));
                }
            }
            double rate = total == 0 ? 0 : Math.round(quick * 10000.0 / total) / 100.0;
            Double estimationError = errorWeight == 0 ? null : errorWeighted / errorWeight;
            return new Figures(byStatus, total, quick, rate, mean, median, p95, estimationError, storage, errors);
        });
    }

    private static void bindOwner(PreparedStatement statement, Scope scope) throws java.sql.SQLException {
        if (!scope.service()) {
            statement.setString(1, scope.owner());
        }
    }

    private static Double nullable(ResultSet rows, int column) throws java.sql.SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }

    public ObjectNode json() {
        return json(Scope.SERVICE);
    }

    public ObjectNode json(Scope scope) {
        Figures figures = figures(scope);
        ObjectNode body = JSON.createObjectNode();
        body.put("window", "7 days");
        body.put("scope", scope.name());
        ObjectNode statuses = body.putObject("jobs_by_status");
        figures.jobsByStatus().forEach(statuses::put);
        body.put("total_jobs", figures.totalJobs());
        body.put("quick_response_jobs", figures.quickResponseJobs());
        body.put("quick_response_rate_percent", figures.quickResponseRatePercent());
        ObjectNode processing = body.putObject("processing_time_seconds");
        putNullable(processing, "mean", figures.meanSeconds());
        putNullable(processing, "median", figures.medianSeconds());
        putNullable(processing, "p95", figures.p95Seconds());
        putNullable(body, "estimation_error_ratio", figures.estimationErrorRatio());
        body.put("storage_used_bytes", figures.storageBytes());
        ObjectNode errors = body.putObject("errors_by_code");
        figures.errorsByCode().forEach(errors::put);
        return body;
    }

    public String prometheus() {
        return prometheus(Scope.SERVICE);
    }

    public String prometheus(Scope scope) {
        Figures figures = figures(scope);
        StringBuilder out = new StringBuilder();
        out.append("# HELP videogen_jobs Jobs created in the last 7 days, by status.\n# TYPE videogen_jobs gauge\n");
        figures.jobsByStatus().forEach((status, count) ->
                out.append("videogen_jobs{status=\"").append(status).append("\"} ").append(count).append('\n'));
        gauge(out, "videogen_quick_response_rate_percent", "Share of jobs answered inline.",
                figures.quickResponseRatePercent());
        out.append("# HELP videogen_processing_seconds Processing time of completed jobs.\n")
                .append("# TYPE videogen_processing_seconds summary\n");
        quantile(out, "0.5", figures.medianSeconds());
        quantile(out, "0.95", figures.p95Seconds());
        if (figures.estimationErrorRatio() != null) {
            gauge(out, "videogen_estimation_error_ratio", "Mean |actual - estimate| / estimate.",
                    figures.estimationErrorRatio());
        }
        gauge(out, "videogen_storage_used_bytes", "Bytes of completed results in storage.", figures.storageBytes());
        out.append("# HELP videogen_errors Failed jobs in the last 7 days, by error code.\n# TYPE videogen_errors gauge\n");
        figures.errorsByCode().forEach((code, count) ->
                out.append("videogen_errors{code=\"").append(code).append("\"} ").append(count).append('\n'));
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, double value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(String.format(Locale.ROOT, "%s", value)).append('\n');
    }

    private static void quantile(StringBuilder out, String quantile, Double value) {
        if (value != null) {
            out.append("videogen_processing_seconds{quantile=\"").append(quantile).append("\"} ")
                    .append(String.format(Locale.ROOT, "%s", value)).append('\n');
        }
    }

    private static void putNullable(ObjectNode node, String name, Double value) {
        if (value == null) {
            node.putNull(name);
        } else {
            node.put(name, Math.round(value * 1000) / 1000.0);
        }
    }
}
