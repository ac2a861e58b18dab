-- Who may read and write render_chunks, by the rules of V24: the backend everything, a signed-in
-- user reads the pieces of the jobs they own (an administrator those of every job), anon nothing.
REVOKE ALL ON TABLE render_chunks FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE render_chunks TO service_role;
GRANT SELECT ON TABLE render_chunks TO authenticated;

-- the piece functions are the backend's
REVOKE ALL ON FUNCTION claim_render_chunk(uuid, text, integer) FROM PUBLIC, anon, authenticated;
REVOKE ALL ON FUNCTION finish_render_chunk(uuid, text, text, bigint, integer) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION claim_render_chunk(uuid, text, integer) TO service_role;
GRANT EXECUTE ON FUNCTION finish_render_chunk(uuid, text, text, bigint, integer) TO service_role;

ALTER TABLE render_chunks ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS render_chunks_service_role_all ON render_chunks;
CREATE POLICY render_chunks_service_role_all ON render_chunks
    FOR ALL TO service_role USING (true) WITH CHECK (true);

DROP POLICY IF EXISTS render_chunks_owner_select ON render_chunks;
CREATE POLICY render_chunks_owner_select ON render_chunks
    FOR SELECT TO authenticated
    USING (EXISTS (SELECT 1 FROM jobs j
                    WHERE j.id = render_chunks.job_id
                      AND (j.owner = (SELECT get_current_user_id()) OR (SELECT is_admin_user()))));
