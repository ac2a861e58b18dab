-- A job created from a template records which template and which version of it was rendered, so
-- the job can be explained (and reproduced) after the template has been edited or deleted. Plain
-- columns rather than a foreign key: deleting a template must not touch the jobs made from it.
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS template_id text;
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS template_version integer;

ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_template_version_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_template_version_check
    CHECK ((template_id IS NULL AND template_version IS NULL)
        OR (template_id IS NOT NULL AND template_version IS NOT NULL AND template_version >= 1));

COMMENT ON COLUMN jobs.template_id IS 'The template the request was made from (tpl_…), or NULL for a hand-written request.';
COMMENT ON COLUMN jobs.template_version IS 'The version of template_id that was rendered.';
