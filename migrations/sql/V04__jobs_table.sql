-- One row per video composition request. "id" is the internal key every other table refers to;
-- "job_id" is the public, unguessable identifier clients see (vg_ + 20 base32 characters).
-- The row carries the whole normalised request (request_payload) so the render worker needs
-- nothing else, and everything the API reports back: progress, result location, errors, timings.
CREATE TABLE IF NOT EXISTS jobs (
    id                           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id                       text NOT NULL
                                 CONSTRAINT jobs_job_id_key UNIQUE
                                 CONSTRAINT jobs_job_id_format CHECK (job_id ~ '^vg_[a-z2-7]{20}$'),
    -- JWT subject or API-key owner of whoever created the job; NULL when authentication is off.
    owner                        text,

    status                       job_status NOT NULL DEFAULT 'pending',
    response_type                response_type NOT NULL,
    -- true when the finished result was delivered inline in the create response
    is_quick_response            boolean NOT NULL DEFAULT false,

    -- output specification
    output_format                text NOT NULL DEFAULT 'mp4'
                                 CONSTRAINT jobs_output_format_check CHECK (output_format IN ('mp4', 'webm', 'mov', 'gif')),
    width                        integer NOT NULL CONSTRAINT jobs_width_check CHECK (width BETWEEN 16 AND 7680),
    height                       integer NOT NULL CONSTRAINT jobs_height_check CHECK (height BETWEEN 16 AND 4320),
    fps                          numeric(6,3) NOT NULL DEFAULT 30 CONSTRAINT jobs_fps_check CHECK (fps BETWEEN 1 AND 60),
    -- length of the output; NULL until the timeline has been resolved
    duration_seconds             numeric(10,3) CONSTRAINT jobs_duration_seconds_check CHECK (duration_seconds > 0),
    background_color             text CONSTRAINT jobs_background_color_check
                                 CHECK (background_color ~ '^#[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?$'),
    request_payload              jsonb NOT NULL,
    callback_url                 text,

    -- timing: the estimate made at creation against what the render really took
    estimated_processing_seconds integer CONSTRAINT jobs_estimated_processing_seconds_check CHECK (estimated_processing_seconds >= 0),
    actual_processing_seconds    numeric(10,3) CONSTRAINT jobs_actual_processing_seconds_check CHECK (actual_processing_seconds >= 0),

    -- progress
    progress_percentage          integer NOT NULL DEFAULT 0
                                 CONSTRAINT jobs_progress_percentage_check CHECK (progress_percentage BETWEEN 0 AND 100),
    current_step                 processing_step,

    -- result in S3
    s3_bucket                    text,
    s3_key                       text,
    s3_region                    text,
    result_url                   text,
    file_size_bytes              bigint CONSTRAINT jobs_file_size_bytes_check CHECK (file_size_bytes >= 0),

    -- failure
    error_code                   text,
    error_message                text,
    error_details                jsonb,
    retry_count                  integer NOT NULL DEFAULT 0 CONSTRAINT jobs_retry_count_check CHECK (retry_count >= 0),
    max_retries                  integer NOT NULL DEFAULT 3 CONSTRAINT jobs_max_retries_check CHECK (max_retries >= 0),

    -- a render worker's claim on the job (at-least-once delivery: a lapsed lease may be taken over)
    lease_owner                  text,
    lease_until                  timestamptz,

    -- idempotent creation: the same key from the same owner returns the first job
    idempotency_key              text CONSTRAINT jobs_idempotency_key_check CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    request_hash                 text,

    -- who asked
    client_ip                    inet,
    user_agent                   text,
    request_metadata             jsonb,

    created_at                   timestamptz NOT NULL DEFAULT now(),
    updated_at                   timestamptz NOT NULL DEFAULT now(),
    started_at                   timestamptz,
    completed_at                 timestamptz,
    upload_completed_at          timestamptz,
    processing_timeout_at        timestamptz,

    -- backstop for the status trigger, which reports the same rule with a clearer message
    CONSTRAINT jobs_completed_requires_result
        CHECK (status <> 'completed' OR (result_url IS NOT NULL AND s3_key IS NOT NULL))
);

-- One idempotency key per owner. An expression index rather than UNIQUE (owner, idempotency_key)
-- because jobs created with authentication off have no owner, and NULLs never collide in UNIQUE.
CREATE UNIQUE INDEX IF NOT EXISTS idx_jobs_idempotency
    ON jobs (coalesce(owner, ''), idempotency_key)
    WHERE idempotency_key IS NOT NULL;

COMMENT ON TABLE jobs IS 'Video composition jobs: request, progress, result location and timings.';
COMMENT ON COLUMN jobs.job_id IS 'Public identifier: vg_ followed by 20 lowercase base32 characters (100 random bits).';
COMMENT ON COLUMN jobs.owner IS 'JWT subject or API-key owner of the creator; NULL when authentication is off.';
COMMENT ON COLUMN jobs.response_type IS 'The path actually taken: immediate (rendered inline) or async (queued).';
COMMENT ON COLUMN jobs.is_quick_response IS 'True when the result was delivered inline in the create response.';
COMMENT ON COLUMN jobs.request_payload IS 'The full normalised request the render worker uses.';
COMMENT ON COLUMN jobs.result_url IS 'Where the finished video can be fetched (presigned or CDN URL).';
