-- Opening and closing processing_timeline entries. Entries are timed with clock_timestamp(), the
-- wall clock, so a step measured inside one long transaction still gets its real duration.

-- Open a running entry for p_step as the job's next step_order, make it the job's current_step
-- (unless the job has ended) and return the entry's id. Raises no_data_found for an unknown job.
CREATE OR REPLACE FUNCTION create_timeline_entry(
    p_job_id  uuid,
    p_step    processing_step,
    p_details jsonb DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    job_state job_status;
    next_order integer;
    entry_id uuid;
BEGIN
    -- the job's row lock serialises step numbering between concurrent writers
    SELECT status INTO job_state FROM jobs WHERE id = p_job_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'job % does not exist', p_job_id USING ERRCODE = 'no_data_found';
    END IF;

    SELECT coalesce(max(step_order), 0) + 1 INTO next_order
      FROM processing_timeline
     WHERE job_id = p_job_id;

    INSERT INTO processing_timeline (job_id, step, step_order, status, details, started_at)
    VALUES (p_job_id, p_step, next_order, 'running', p_details, clock_timestamp())
    RETURNING id INTO entry_id;

    IF NOT job_status_is_terminal(job_state) THEN
        UPDATE jobs SET current_step = p_step WHERE id = p_job_id AND current_step IS DISTINCT FROM p_step;
    END IF;
    RETURN entry_id;
END
$$;

COMMENT ON FUNCTION create_timeline_entry(uuid, processing_step, jsonb) IS
    'Opens a running timeline entry as the job''s next step and makes it the job''s current_step; returns its id.';

-- Close an open (pending or running) entry: completed with progress 100 when p_success, else
-- failed with p_error. Returns true when it closed the entry, false when the entry was already
-- closed (nothing changes: safe to repeat). Raises no_data_found for an unknown entry.
CREATE OR REPLACE FUNCTION complete_timeline_entry(
    p_entry_id uuid,
    p_success  boolean DEFAULT true,
    p_output   jsonb DEFAULT NULL,
    p_error    text DEFAULT NULL
)
RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
    finished_at constant timestamptz := clock_timestamp();
    succeeded constant boolean := coalesce(p_success, false);
BEGIN
    UPDATE processing_timeline
       SET status              = CASE WHEN succeeded THEN 'completed'::step_status ELSE 'failed'::step_status END,
           completed_at        = finished_at,
           duration_ms         = greatest(0, round(extract(epoch FROM finished_at - started_at) * 1000))::integer,
           success             = succeeded,
           progress_percentage = CASE WHEN succeeded THEN 100 ELSE progress_percentage END,
           output_data         = coalesce(p_output, output_data),
           error_message       = coalesce(p_error, error_message)
     WHERE id = p_entry_id
       AND status IN ('pending', 'running');
    IF FOUND THEN
        RETURN true;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM processing_timeline WHERE id = p_entry_id) THEN
        RAISE EXCEPTION 'timeline entry % does not exist', p_entry_id USING ERRCODE = 'no_data_found';
    END IF;
    RETURN false;
END
$$;

COMMENT ON FUNCTION complete_timeline_entry(uuid, boolean, jsonb, text) IS
    'Closes an open timeline entry as completed or failed; true when closed now, false when already closed.';
