-- schedule_maintenance_jobs() (V23) decides whether pg_cron is there by the row in pg_extension,
-- then calls cron.schedule(job_name, schedule, command). Look for that function itself instead:
-- on Supabase, and wherever pg_cron 1.3 or later is enabled, the two tests agree; with a pg_cron
-- older than 1.3 (no named jobs) the V23 version fails on the call, this one schedules nothing and
-- says why. Checking for the function also lets the scheduling be tested without the extension.
-- The jobs scheduled are unchanged (see V23), so nothing is re-scheduled here. A new migration
-- rather than an edit of V23, which databases may already carry.
CREATE OR REPLACE FUNCTION schedule_maintenance_jobs()
RETURNS integer
LANGUAGE plpgsql
AS $$
BEGIN
    IF to_regprocedure('cron.schedule(text,text,text)') IS NULL THEN
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
        IF to_regprocedure('cron.schedule(text,text,text)') IS NULL THEN
            RAISE NOTICE 'pg_cron has no cron.schedule(job_name, schedule, command) (it needs 1.3 or later): maintenance jobs not scheduled';
            RETURN 0;
        END IF;
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
    'Schedules mark_jobs_for_cleanup (daily 02:00) and mark_timed_out_jobs (every minute) with pg_cron 1.3+ when it exists; returns the number scheduled.';
