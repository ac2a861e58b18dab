-- Writing url_access_logs: one row each time a result is handed out through the download route
-- (GET /v1/videoresult/{job_id}/download), and each time that was refused, so owners and
-- operators can see who fetched what, from where, and how it went.

-- Record one access of job p_job_id's result (its public id, vg_…) and return the row's id. The
-- URL is stored without its query string: a presigned URL's signature is a credential and stays
-- out of the database. An unknown job is recorded with a NULL job (an attempt is worth keeping).
CREATE OR REPLACE FUNCTION record_url_access(
    p_job_id           text,
    p_url              text,
    p_access_type      text,
    p_client_ip        inet,
    p_user_agent       text,
    p_referer          text,
    p_response_code    integer,
    p_bytes_served     bigint,
    p_response_time_ms integer
)
RETURNS uuid
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    log_id uuid;
BEGIN
    INSERT INTO url_access_logs (job_id, url, access_type, client_ip, user_agent, referer, response_code,
                                 bytes_served, response_time_ms)
    VALUES ((SELECT id FROM jobs WHERE job_id = p_job_id), split_part(p_url, '?', 1), p_access_type, p_client_ip,
            left(p_user_agent, 512), left(p_referer, 2048), p_response_code, p_bytes_served, p_response_time_ms)
    RETURNING id INTO log_id;
    RETURN log_id;
END
$$;

COMMENT ON FUNCTION record_url_access(text, text, text, inet, text, text, integer, bigint, integer) IS
    'Records an access of a job''s result URL (the URL without its query string) and returns the log row''s id.';

REVOKE ALL ON FUNCTION record_url_access(text, text, text, inet, text, text, integer, bigint, integer)
    FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION record_url_access(text, text, text, inet, text, text, integer, bigint, integer)
    TO service_role;
