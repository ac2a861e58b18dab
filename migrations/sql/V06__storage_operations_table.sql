-- Every S3 call the service makes for a job (result upload, source download, deletion, access),
-- for monitoring and debugging. An operation is opened in_progress and closed once, completed
-- (success) or failed.
CREATE TABLE IF NOT EXISTS storage_operations (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id          uuid REFERENCES jobs (id) ON DELETE CASCADE,

    operation       storage_operation NOT NULL,
    status          storage_operation_status NOT NULL DEFAULT 'in_progress',
    bucket          text NOT NULL,
    key             text NOT NULL,
    region          text NOT NULL DEFAULT 'us-east-1',

    success         boolean NOT NULL DEFAULT false,
    file_size_bytes bigint CONSTRAINT storage_operations_file_size_bytes_check CHECK (file_size_bytes >= 0),
    duration_ms     integer CONSTRAINT storage_operations_duration_ms_check CHECK (duration_ms >= 0),
    error_message   text,
    result_url      text,
    aws_request_id  text,
    etag            text,
    metadata        jsonb,

    started_at      timestamptz NOT NULL DEFAULT now(),
    completed_at    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),

    -- "success" says the same as status = 'completed'; keep them from disagreeing
    CONSTRAINT storage_operations_success_matches_status CHECK (success = (status = 'completed'))
);

COMMENT ON TABLE storage_operations IS 'S3 operations performed for jobs, with outcome and timing.';
