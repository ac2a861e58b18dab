-- Who fetched a result URL, how, and how it went. A log row outlives its job (job_id becomes
-- NULL when the job is deleted) so usage statistics stay whole.
CREATE TABLE IF NOT EXISTS url_access_logs (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id           uuid REFERENCES jobs (id) ON DELETE SET NULL,

    url              text NOT NULL,
    access_type      text NOT NULL CONSTRAINT url_access_logs_access_type_check CHECK (access_type IN ('download', 'stream', 'preview')),

    client_ip        inet,
    user_agent       text,
    referer          text,

    response_code    integer CONSTRAINT url_access_logs_response_code_check CHECK (response_code BETWEEN 100 AND 599),
    bytes_served     bigint CONSTRAINT url_access_logs_bytes_served_check CHECK (bytes_served >= 0),
    response_time_ms integer CONSTRAINT url_access_logs_response_time_ms_check CHECK (response_time_ms >= 0),

    country          char(2),
    region           text,
    city             text,

    accessed_at      timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE url_access_logs IS 'Accesses to result URLs, for usage analytics.';
