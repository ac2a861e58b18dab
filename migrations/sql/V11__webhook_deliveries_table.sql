-- Each attempt to POST a job event to the job's callback_url, successful or not, so retries
-- and failures can be inspected.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id        uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    url           text NOT NULL,
    event         text NOT NULL,
    attempt       integer NOT NULL CONSTRAINT webhook_deliveries_attempt_check CHECK (attempt >= 1),
    status_code   integer CONSTRAINT webhook_deliveries_status_code_check CHECK (status_code BETWEEN 100 AND 599),
    success       boolean NOT NULL DEFAULT false,
    error_message text,
    duration_ms   integer CONSTRAINT webhook_deliveries_duration_ms_check CHECK (duration_ms >= 0),
    created_at    timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE webhook_deliveries IS 'Attempts to deliver job events to callback URLs.';
