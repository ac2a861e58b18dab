-- Who may read and write what, for Supabase's API roles.
--
--   service_role   the backend: reads and writes every row of every table.
--   authenticated  a signed-in user: reads the jobs they own (jobs.owner = the JWT "sub"), the
--                  rows belonging to those jobs (elements, timeline, storage operations, webhook
--                  deliveries, URL access logs) and their own API keys (without the hash);
--                  an administrator (is_admin_user()) reads every job and its rows. Writes go
--                  through the API, never directly.
--   anon           nothing at all.
--
-- Two layers: table privileges say what a role may attempt, policies which rows it reaches.
-- Privileges are set explicitly because Supabase grants everything in the public schema to
-- anon and authenticated by default. The table owner (the role that runs these migrations, and
-- the one the backend connects as) is not subject to row-level security.
-- Calls in policies are wrapped in a scalar subquery so they run once per query, not per row.

GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role;

-- tables ------------------------------------------------------------------------------------
REVOKE ALL ON TABLE jobs, elements, storage_operations, processing_timeline, url_access_logs,
                    system_metrics, api_keys, webhook_deliveries
    FROM PUBLIC, anon, authenticated, service_role;

GRANT SELECT, INSERT, UPDATE, DELETE
    ON TABLE jobs, elements, storage_operations, processing_timeline, url_access_logs,
             system_metrics, api_keys, webhook_deliveries
    TO service_role;

GRANT SELECT ON TABLE jobs, elements, storage_operations, processing_timeline, url_access_logs,
                      webhook_deliveries
    TO authenticated;
GRANT SELECT (id, owner, name, key_prefix, created_at, last_used_at, revoked_at) ON TABLE api_keys
    TO authenticated;

-- views (security_invoker: the table policies below apply through them) ------------------------
REVOKE ALL ON TABLE job_summary_with_storage, processing_status_realtime, performance_analytics
    FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE job_summary_with_storage, processing_status_realtime, performance_analytics
    TO authenticated, service_role;

-- functions: the helpers that policies call are for everyone; the rest are the backend's ----------
DO $$
DECLARE
    fn regprocedure;
BEGIN
    FOR fn IN
        SELECT p.oid::regprocedure
          FROM pg_proc p
         WHERE p.pronamespace = 'public'::regnamespace
           AND p.proname IN ('generate_job_id', 'create_job', 'update_job_status', 'add_job_element',
                             'create_timeline_entry', 'complete_timeline_entry',
                             'create_storage_operation', 'complete_storage_operation',
                             'mark_jobs_for_cleanup', 'mark_timed_out_jobs', 'schedule_maintenance_jobs',
                             'set_updated_at', 'validate_job_status_transition', 'notify_job_event')
    LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC, anon, authenticated', fn);
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO service_role', fn);
    END LOOP;

    FOR fn IN
        SELECT p.oid::regprocedure
          FROM pg_proc p
         WHERE p.pronamespace = 'public'::regnamespace
           AND p.proname IN ('current_jwt_claims', 'get_current_user_role', 'get_current_user_id',
                             'is_admin_user', 'get_client_ip',
                             'job_status_is_terminal', 'job_status_transition_allowed')
    LOOP
        EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO anon, authenticated, service_role', fn);
    END LOOP;
END
$$;

-- row-level security ---------------------------------------------------------------------------
ALTER TABLE jobs                ENABLE ROW LEVEL SECURITY;
ALTER TABLE elements            ENABLE ROW LEVEL SECURITY;
ALTER TABLE storage_operations  ENABLE ROW LEVEL SECURITY;
ALTER TABLE processing_timeline ENABLE ROW LEVEL SECURITY;
ALTER TABLE url_access_logs     ENABLE ROW LEVEL SECURITY;
ALTER TABLE system_metrics      ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys            ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_deliveries  ENABLE ROW LEVEL SECURITY;

-- the backend
DROP POLICY IF EXISTS jobs_service_role_all ON jobs;
CREATE POLICY jobs_service_role_all ON jobs
    FOR ALL TO service_role USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS elements_service_role_all ON elements;
CREATE POLICY elements_service_role_all ON elements
    FOR ALL TO service_role USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS storage_operations_service_role_all ON storage_operations;
CREATE POLICY storage_operations_service_role_all ON storage_operations
    FOR ALL TO service_role USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS processing_timeline_service_role_all ON processing_timeline;
CREATE POLICY processing_timeline_service_role_all ON processing_timeline
    FOR ALL TO service_role USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS url_access_logs_service_role_all ON url_access_logs;
CREATE POLICY url_access_logs_service_role_all ON url_access_logs
    FOR ALL TO service_role USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS system_metrics_service_role_all ON system_metrics;
CREATE POLICY system_metrics_service_role_all ON system_metrics
    FOR ALL TO service_role USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS api_keys_service_role_all ON api_keys;
CREATE POLICY api_keys_service_role_all ON api_keys
    FOR ALL TO service_role USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS webhook_deliveries_service_role_all ON webhook_deliveries;
CREATE POLICY webhook_deliveries_service_role_all ON webhook_deliveries
    FOR ALL TO service_role USING (true) WITH CHECK (true);

-- signed-in users: their own jobs (administrators: all) and what belongs to them
DROP POLICY IF EXISTS jobs_owner_select ON jobs;
CREATE POLICY jobs_owner_select ON jobs
    FOR SELECT TO authenticated
    USING (owner = (SELECT get_current_user_id()) OR (SELECT is_admin_user()));

DROP POLICY IF EXISTS elements_owner_select ON elements;
CREATE POLICY elements_owner_select ON elements
    FOR SELECT TO authenticated
    USING (EXISTS (SELECT 1 FROM jobs j
                    WHERE j.id = elements.job_id
                      AND (j.owner = (SELECT get_current_user_id()) OR (SELECT is_admin_user()))));

DROP POLICY IF EXISTS storage_operations_owner_select ON storage_operations;
CREATE POLICY storage_operations_owner_select ON storage_operations
    FOR SELECT TO authenticated
    USING (EXISTS (SELECT 1 FROM jobs j
                    WHERE j.id = storage_operations.job_id
                      AND (j.owner = (SELECT get_current_user_id()) OR (SELECT is_admin_user()))));

DROP POLICY IF EXISTS processing_timeline_owner_select ON processing_timeline;
CREATE POLICY processing_timeline_owner_select ON processing_timeline
    FOR SELECT TO authenticated
    USING (EXISTS (SELECT 1 FROM jobs j
                    WHERE j.id = processing_timeline.job_id
                      AND (j.owner = (SELECT get_current_user_id()) OR (SELECT is_admin_user()))));

DROP POLICY IF EXISTS url_access_logs_owner_select ON url_access_logs;
CREATE POLICY url_access_logs_owner_select ON url_access_logs
    FOR SELECT TO authenticated
    USING (EXISTS (SELECT 1 FROM jobs j
                    WHERE j.id = url_access_logs.job_id
                      AND (j.owner = (SELECT get_current_user_id()) OR (SELECT is_admin_user()))));

DROP POLICY IF EXISTS webhook_deliveries_owner_select ON webhook_deliveries;
CREATE POLICY webhook_deliveries_owner_select ON webhook_deliveries
    FOR SELECT TO authenticated
    USING (EXISTS (SELECT 1 FROM jobs j
                    WHERE j.id = webhook_deliveries.job_id
                      AND (j.owner = (SELECT get_current_user_id()) OR (SELECT is_admin_user()))));

DROP POLICY IF EXISTS api_keys_owner_select ON api_keys;
CREATE POLICY api_keys_owner_select ON api_keys
    FOR SELECT TO authenticated
    USING (owner = (SELECT get_current_user_id()));
