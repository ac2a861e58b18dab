-- Templates: a videocreate body in which strings may hold {{variables}}, owned like jobs and
-- versioned so that a job records exactly which version it rendered. "templates" holds one row per
-- template (its public id, owner and current version); "template_versions" keeps every version's
-- body and variable declarations, so a job's (template_id, template_version) can always be read
-- back, whatever was saved since. Writes go through the API (the table owner or service_role);
-- a signed-in user may read their own templates, as with jobs.
CREATE TABLE IF NOT EXISTS templates (
    template_id  text PRIMARY KEY
                 CONSTRAINT templates_template_id_format CHECK (template_id ~ '^tpl_[a-z2-7]{20}$'),
    -- JWT subject or API-key owner of whoever created it; NULL when authentication is off (as jobs.owner)
    owner        text,
    name         text NOT NULL CONSTRAINT templates_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
    version      integer NOT NULL DEFAULT 1 CONSTRAINT templates_version_positive CHECK (version >= 1),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS template_versions (
    template_id  text NOT NULL REFERENCES templates (template_id) ON DELETE CASCADE,
    version      integer NOT NULL CONSTRAINT template_versions_version_positive CHECK (version >= 1),
    name         text NOT NULL,
    body         jsonb NOT NULL CONSTRAINT template_versions_body_object CHECK (jsonb_typeof(body) = 'object'),
    variables    jsonb NOT NULL DEFAULT '{}'::jsonb
                 CONSTRAINT template_versions_variables_object CHECK (jsonb_typeof(variables) = 'object'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (template_id, version)
);

CREATE INDEX IF NOT EXISTS templates_owner_created_idx ON templates (owner, created_at DESC);

COMMENT ON TABLE templates IS 'Saved videocreate bodies with {{variables}}; the current version of each.';
COMMENT ON TABLE template_versions IS 'Every saved version of every template; jobs name the version they rendered.';

REVOKE ALL ON TABLE templates, template_versions FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE templates, template_versions TO service_role;
GRANT SELECT ON TABLE templates, template_versions TO authenticated;

ALTER TABLE templates         ENABLE ROW LEVEL SECURITY;
ALTER TABLE template_versions ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS templates_service_role_all ON templates;
CREATE POLICY templates_service_role_all ON templates
    FOR ALL TO service_role USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS template_versions_service_role_all ON template_versions;
CREATE POLICY template_versions_service_role_all ON template_versions
    FOR ALL TO service_role USING (true) WITH CHECK (true);

DROP POLICY IF EXISTS templates_owner_select ON templates;
CREATE POLICY templates_owner_select ON templates
    FOR SELECT TO authenticated
    USING (owner = (SELECT get_current_user_id()) OR (SELECT is_admin_user()));
DROP POLICY IF EXISTS template_versions_owner_select ON template_versions;
CREATE POLICY template_versions_owner_select ON template_versions
    FOR SELECT TO authenticated
    USING (EXISTS (SELECT 1 FROM templates t
                    WHERE t.template_id = template_versions.template_id
                      AND (t.owner = (SELECT get_current_user_id()) OR (SELECT is_admin_user()))));
