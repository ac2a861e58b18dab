-- Stills and posters: a job may render one frame of its composition as a picture (png, jpg), and a
-- video job may store a JPEG poster beside its result. The poster's key is kept on the job so that
-- the result views can link it and the expiry deletes it with the result.
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_output_format_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_output_format_check
    CHECK (output_format IN ('mp4', 'webm', 'mov', 'gif', 'png', 'jpg'));

ALTER TABLE jobs ADD COLUMN IF NOT EXISTS thumbnail_key text;

COMMENT ON COLUMN jobs.thumbnail_key IS 'Key of the JPEG poster stored beside the result in s3_bucket (video jobs that asked for a thumbnail), or NULL.';
