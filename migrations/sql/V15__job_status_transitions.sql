-- The job state machine, enforced on every write to jobs whoever makes it.
--
--   pending                                  -> downloading, processing, failed, cancelled, timeout
--   downloading, processing, uploading,
--   storing                                  -> any of those four (the same one included),
--                                               pending (handed back to the queue),
--                                               completed, failed, cancelled, timeout
--   completed                                -> expired (its result passed the retention period)
--   failed, cancelled, timeout, expired      -> nothing
--
-- Timestamps follow the status: the first working state stamps started_at; entering a terminal
-- state stamps completed_at and actual_processing_seconds once, and they are kept from then on;
-- entering uploading gives the upload at least ten minutes before processing_timeout_at.
-- A completed job must say where its result is (result_url and s3_key) and is 100% done.

CREATE OR REPLACE FUNCTION job_status_is_terminal(p_status job_status)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT p_status IN ('completed', 'failed', 'cancelled', 'timeout', 'expired');
$$;

COMMENT ON FUNCTION job_status_is_terminal(job_status) IS
    'True for completed, failed, cancelled, timeout and expired: states a job never leaves (but completed -> expired).';

CREATE OR REPLACE FUNCTION job_status_transition_allowed(p_from job_status, p_to job_status)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN p_from = 'pending' THEN
            p_to IN ('downloading', 'processing', 'failed', 'cancelled', 'timeout')
        WHEN p_from IN ('downloading', 'processing', 'uploading', 'storing') THEN
            p_to <> 'expired'
        WHEN p_from = 'completed' THEN
            p_to = 'expired'
        ELSE false
    END;
$$;

COMMENT ON FUNCTION job_status_transition_allowed(job_status, job_status) IS
    'The job state machine: whether a job in p_from may move to p_to.';

CREATE OR REPLACE FUNCTION validate_job_status_transition()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    entering boolean := TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status;
BEGIN
    IF TG_OP = 'UPDATE' AND entering
       AND NOT job_status_transition_allowed(OLD.status, NEW.status) THEN
        RAISE EXCEPTION 'job % cannot move from % to %', NEW.job_id, OLD.status, NEW.status
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'job_status_transition',
                  HINT = CASE
                      WHEN OLD.status = 'completed' THEN 'A completed job can only become expired.'
                      WHEN job_status_is_terminal(OLD.status) THEN format('%s is a final state.', OLD.status)
                      WHEN OLD.status = 'pending' THEN 'A pending job must start (downloading or processing) or end (failed, cancelled, timeout).'
                      ELSE 'Only a completed job can expire.'
                  END;
    END IF;

    IF NEW.status = 'completed' AND (NEW.result_url IS NULL OR NEW.s3_key IS NULL) THEN
        RAISE EXCEPTION 'completed job % must have result_url and s3_key', NEW.job_id
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'jobs_completed_requires_result';
    END IF;

    IF TG_OP = 'UPDATE' AND job_status_is_terminal(OLD.status) AND OLD.completed_at IS NOT NULL THEN
        -- set once, on entering the first terminal state
        NEW.completed_at := OLD.completed_at;
        NEW.actual_processing_seconds := OLD.actual_processing_seconds;
    END IF;

    IF entering THEN
        IF NEW.status IN ('downloading', 'processing', 'uploading', 'storing') AND NEW.started_at IS NULL THEN
            NEW.started_at := now();
        END IF;

        IF NEW.status = 'uploading' THEN
            NEW.processing_timeout_at := greatest(NEW.processing_timeout_at, now() + interval '10 minutes');
        END IF;

        IF job_status_is_terminal(NEW.status) THEN
            NEW.completed_at := coalesce(NEW.completed_at, now());
            IF NEW.actual_processing_seconds IS NULL AND NEW.started_at IS NOT NULL THEN
                NEW.actual_processing_seconds :=
                    greatest(0, round(extract(epoch FROM NEW.completed_at - NEW.started_at), 3));
            END IF;
        END IF;

        IF NEW.status = 'completed' THEN
            NEW.progress_percentage := 100;
        END IF;
    END IF;

    RETURN NEW;
END
$$;

COMMENT ON FUNCTION validate_job_status_transition() IS
    'BEFORE INSERT OR UPDATE trigger on jobs: enforces the state machine and stamps status timestamps.';

CREATE OR REPLACE TRIGGER validate_job_status
    BEFORE INSERT OR UPDATE ON jobs
    FOR EACH ROW EXECUTE FUNCTION validate_job_status_transition();
