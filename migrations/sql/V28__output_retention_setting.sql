-- The retention of results (OUTPUT_EXPIRATION_DAYS) lives in the functions' environment, but
-- pg_cron's daily cleanup runs inside the database: without this it always used the function's
-- default of 30 days. The sweeper records the configured number of days in service_settings on
-- every sweep; output_retention() reads it (30 days until something was recorded), and the daily
-- pg_cron job expires results with it. schedule_maintenance_jobs() is re-created with that command
-- and called again, which replaces the job of the same name where pg_cron is present.
CREATE TABLE IF NOT EXISTS service_settings (
    name       text PRIMARY KEY,
    value      text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE service_settings IS
    'Settings of the functions that jobs running inside the database (pg_cron) need, recorded by the sweeper.';

REVOKE ALL ON TABLE service_settings FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE service_settings TO service_role;
ALTER TABLE service_settings ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS service_settings_service_role_all ON service_settings;
CREATE POLICY service_settings_service_role_all ON service_settings
    FOR ALL TO service_role USING (true) WITH CHECK (true);

-- Records the retention the functions were configured with (OUTPUT_EXPIRATION_DAYS).
CREATE OR REPLACE FUNCTION record_output_retention(p_days integer)
RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    IF p_days IS NULL OR p_days < 1 THEN
        RAISE EXCEPTION 'p_days must be at least 1, got %', coalesce(p_days::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO service_settings (name, value) VALUES ('output_expiration_days', p_days::text)
    ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = now()
     WHERE service_settings.value IS DISTINCT FROM EXCLUDED.value;
END
$$;

-- The retention to expire results with: the recorded OUTPUT_EXPIRATION_DAYS, else 30 days.
CREATE OR REPLACE FUNCTION output_retention()
RETURNS interval
LANGUAGE sql STABLE
AS $$
    SELECT make_interval(days => coalesce(
        (SELECT value::integer FROM service_settings WHERE name = 'output_expiration_days'), 30));
$$;

COMMENT ON FUNCTION record_output_retention(integer) IS
    'Records OUTPUT_EXPIRATION_DAYS for the pg_cron cleanup; called by the sweeper.';
COMMENT ON FUNCTION output_retention() IS
    'The results'' retention: the recorded OUTPUT_EXPIRATION_DAYS, or 30 days.';

REVOKE ALL ON FUNCTION record_output_retention(integer) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION record_output_retention(integer) TO service_role;

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
                   format('SELECT %1$I.mark_jobs_for_cleanup(%1$I.output_retention())', current_schema()));
    EXECUTE format('SELECT cron.schedule(%L, %L, %L)',
                   'videogen-mark-timed-out-jobs', '* * * * *',
                   format('SELECT %I.mark_timed_out_jobs()', current_schema()));
    RETURN 2;
END
$$;

COMMENT ON FUNCTION schedule_maintenance_jobs() IS
    'Schedules mark_jobs_for_cleanup(output_retention()) (daily 02:00) and mark_timed_out_jobs (every minute) with pg_cron 1.3+ when it exists; returns the number scheduled.';

SELECT schedule_maintenance_jobs();
