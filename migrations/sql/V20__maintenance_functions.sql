-- Periodic sweeps, run by pg_cron where it exists (see the pg_cron migration) or by any
-- scheduler calling them.

-- Completed jobs whose results are older than p_older_than become expired (the S3 lifecycle rule
-- deletes the objects themselves); each gets a completed cleanup entry in its timeline.
-- Returns how many jobs expired.
CREATE OR REPLACE FUNCTION mark_jobs_for_cleanup(p_older_than interval DEFAULT interval '30 days')
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    expired_count integer;
BEGIN
    IF p_older_than IS NULL OR p_older_than < interval '0' THEN
        RAISE EXCEPTION 'p_older_than must be a non-negative interval, got %', coalesce(p_older_than::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    WITH expired AS (
        UPDATE jobs
           SET status = 'expired',
               current_step = 'cleanup'
         WHERE status = 'completed'
           AND completed_at < now() - p_older_than
        RETURNING id
    ), logged AS (
        INSERT INTO processing_timeline (
            job_id, step, step_order, status, started_at, completed_at, duration_ms,
            success, progress_percentage, details)
        SELECT e.id, 'cleanup',
               coalesce((SELECT max(t.step_order) FROM processing_timeline t WHERE t.job_id = e.id), 0) + 1,
               'completed', now(), now(), 0, true, 100,
               jsonb_build_object('reason', 'lifecycle_policy',
                                  'cleanup_date', now(),
                                  'older_than', p_older_than::text)
          FROM expired e
        RETURNING job_id
    )
    SELECT count(*) INTO expired_count FROM logged;
    RETURN expired_count;
END
$$;

COMMENT ON FUNCTION mark_jobs_for_cleanup(interval) IS
    'Expires completed jobs older than the given age, logging a cleanup timeline entry for each; returns the count.';

-- Active jobs past their processing_timeout_at end as timeout with error PROCESSING_TIMEOUT.
-- Returns how many. A job that finished while the sweep waited for its row is left alone.
CREATE OR REPLACE FUNCTION mark_timed_out_jobs()
RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    timed_out integer;
BEGIN
    UPDATE jobs
       SET status        = 'timeout',
           error_code    = 'PROCESSING_TIMEOUT',
           error_message = format('processing did not finish by %s',
                                  to_char(processing_timeout_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
     WHERE status IN ('pending', 'downloading', 'processing', 'uploading', 'storing')
       AND processing_timeout_at < now();
    GET DIAGNOSTICS timed_out = ROW_COUNT;
    RETURN timed_out;
END
$$;

COMMENT ON FUNCTION mark_timed_out_jobs() IS
    'Ends active jobs past processing_timeout_at as timeout (error PROCESSING_TIMEOUT); returns the count.';
