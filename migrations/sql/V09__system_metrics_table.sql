-- Free-form time series of service metrics (queue depth, render seconds, ...), labelled like
-- Prometheus samples, for monitoring and alerting.
CREATE TABLE IF NOT EXISTS system_metrics (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    metric_name text NOT NULL,
    metric_type text NOT NULL CONSTRAINT system_metrics_metric_type_check CHECK (metric_type IN ('counter', 'gauge', 'histogram')),
    value       numeric(20,6) NOT NULL,
    unit        text,
    labels      jsonb,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE system_metrics IS 'Service metric samples with labels.';
