-- Step-by-step history of a job's processing with timings and resource usage. step_order
-- numbers a job's entries 1, 2, 3... in the order they were opened; a step may appear twice
-- (a retried download), hence the uniqueness on (job_id, step, step_order).
CREATE TABLE IF NOT EXISTS processing_timeline (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id              uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,

    step                processing_step NOT NULL,
    step_order          integer NOT NULL CONSTRAINT processing_timeline_step_order_check CHECK (step_order >= 0),
    status              step_status NOT NULL DEFAULT 'running',

    started_at          timestamptz NOT NULL DEFAULT now(),
    completed_at        timestamptz,
    duration_ms         integer CONSTRAINT processing_timeline_duration_ms_check CHECK (duration_ms >= 0),

    success             boolean,
    progress_percentage integer DEFAULT 0
                        CONSTRAINT processing_timeline_progress_percentage_check CHECK (progress_percentage BETWEEN 0 AND 100),

    details             jsonb,
    output_data         jsonb,
    error_message       text,

    -- percent of one CPU (may exceed 100 on several cores)
    cpu_usage           numeric(5,2) CONSTRAINT processing_timeline_cpu_usage_check CHECK (cpu_usage >= 0),
    memory_usage_bytes  bigint CONSTRAINT processing_timeline_memory_usage_bytes_check CHECK (memory_usage_bytes >= 0),

    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT processing_timeline_job_id_step_step_order_key UNIQUE (job_id, step, step_order)
);

COMMENT ON TABLE processing_timeline IS 'Per-step processing history of each job, with timing and resource usage.';
