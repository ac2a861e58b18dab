-- Run the maintenance sweeps inside the database where pg_cron exists (Supabase offers it as an
-- extension; plain PostgreSQL needs it in shared_preload_libraries): expire completed jobs after
-- 30 days, daily at 02:00 UTC, and end jobs past their processing timeout, every minute.
-- schedule_maintenance_jobs() does the scheduling and can be called again after enabling
-- pg_cron later; it returns how many jobs it scheduled (0 without pg_cron). Scheduling by job
-- name replaces an existing job of that name, so calling it twice is harmless.
CREATE OR REPLACE FUNCTION schedule_maintenance_jobs()
RETURNS integer
LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_cron') THEN
        IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_cron') THEN
            RAISE NOTICE 'pg_cron is not available: maintenance jobs not scheduled';
            RETURN 0;
        END IF;
        BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_cron;
        EXCEPTION WHEN others THEN
            -- typically: not in shared_preload_libraries, or no privilege to create it
            RAISE NOTICE 'pg_cron could not be enabled (%): maintenance jobs not scheduled', SQLERRM;
            RETURN 0;
        END;
    END IF;

    -- dynamic SQL: the cron schema exists only with the extension
    EXECUTE format('SELECT cron.schedule(%L, %L, %L)',
                   's3-cleanup-marker', '0 2 * * *',
                   format('SELECT %I.mark_jobs_for_cleanup()', current_schema()));
    EXECUTE format('SELECT cron.schedule(%L, %L, %L)',
                   'videogen-mark-timed-out-jobs', '* * * * *',
                   format('SELECT %I.mark_timed_out_jobs()', current_schema()));
    RETURN 2;
END
$$;

COMMENT ON FUNCTION schedule_maintenance_jobs() IS
    'Schedules mark_jobs_for_cleanup (daily 02:00) and mark_timed_out_jobs (every minute) with pg_cron when it exists; returns the number scheduled.';

SELECT schedule_maintenance_jobs();
