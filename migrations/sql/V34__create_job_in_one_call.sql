-- A create request in one database round trip: one function checks the idempotency key, inserts
-- the job, its elements and its finished validation step, and returns the job's row, so the API
-- answers from a single statement (the pooler in front of Supabase makes every round trip a hop).
--
-- It writes exactly what the API wrote statement by statement before: the same columns, NULLs and
-- casts (numbers arrive as double precision, as the API bound them), the same idempotency rules,
-- and the validation step through create_timeline_entry / complete_timeline_entry.

-- Create a pending job with its elements, or find the one an idempotency key already names.
--
-- With p_idempotency_key: a job of the same owner with that key created at or after
-- p_idempotency_since is returned as it is (created = false), whatever its request_hash: the
-- caller tells a repeat (same hash) from a reuse (409). A job holding the key from before
-- now() - 24 hours gives it up to the new job. A concurrent request taking the key between the
-- look and the insert is answered like a repeat; failing that, unique_violation is raised.
--
-- p_elements is a JSON array of objects named after the elements columns (element_order,
-- element_key, type, source_url, text_content, track, x_position, y_position, width, height,
-- fit_mode, start_time, end_time, trim_start, trim_end, properties); absent or null keys are NULL.
-- p_template_id / p_template_version name the template a request was made from (V38's columns,
-- which exist by the time the function is first called).
CREATE OR REPLACE FUNCTION create_job_with_elements(
    p_job_id                       text,
    p_owner                        text,
    p_response_type                response_type,
    p_output_format                text,
    p_width                        integer,
    p_height                       integer,
    p_fps                          double precision,
    p_duration_seconds             double precision,
    p_background_color             text,
    p_request_payload              jsonb,
    p_callback_url                 text,
    p_estimated_processing_seconds integer,
    p_idempotency_key              text,
    p_request_hash                 text,
    p_client_ip                    inet,
    p_user_agent                   text,
    p_request_metadata             jsonb,
    p_timeout_seconds              double precision,
    p_elements                     jsonb,
    p_validation_details           jsonb,
    p_idempotency_since            timestamptz,
    p_template_id                  text DEFAULT NULL,
    p_template_version             integer DEFAULT NULL
)
RETURNS TABLE (created boolean, job jobs)
LANGUAGE plpgsql
AS $$
DECLARE
    earlier jobs;
    new_id uuid;
BEGIN
    IF p_idempotency_key IS NOT NULL THEN
        SELECT * INTO earlier FROM jobs
         WHERE coalesce(owner, '') = coalesce(p_owner, '') AND idempotency_key = p_idempotency_key
           AND created_at >= p_idempotency_since;
        IF FOUND THEN
            RETURN QUERY SELECT false, earlier;
            RETURN;
        END IF;
        -- a key is kept for 24 hours (the contract); after that its index entry goes to the new job
        UPDATE jobs SET idempotency_key = NULL
         WHERE coalesce(owner, '') = coalesce(p_owner, '') AND idempotency_key = p_idempotency_key
           AND created_at < now() - interval '24 hours';
    END IF;

    INSERT INTO jobs (job_id, owner, status, response_type, output_format, width, height, fps,
                      duration_seconds, background_color, request_payload, callback_url,
                      estimated_processing_seconds, idempotency_key, request_hash, client_ip, user_agent,
                      request_metadata, processing_timeout_at, template_id, template_version)
    VALUES (p_job_id, p_owner, 'pending', p_response_type, p_output_format, p_width, p_height, p_fps,
            p_duration_seconds, p_background_color, p_request_payload, p_callback_url,
            p_estimated_processing_seconds, p_idempotency_key, p_request_hash, p_client_ip, p_user_agent,
            p_request_metadata, now() + make_interval(secs => p_timeout_seconds), p_template_id, p_template_version)
    ON CONFLICT (coalesce(owner, ''), idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
    RETURNING id INTO new_id;

    IF new_id IS NULL THEN
        -- another request took the key since the look above (its insert is committed: we waited for it)
        SELECT * INTO earlier FROM jobs
         WHERE coalesce(owner, '') = coalesce(p_owner, '') AND idempotency_key = p_idempotency_key
           AND created_at >= p_idempotency_since;
        IF FOUND THEN
            RETURN QUERY SELECT false, earlier;
            RETURN;
        END IF;
        RAISE EXCEPTION 'idempotency key "%" is held by another job', p_idempotency_key
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'idx_jobs_idempotency';
    END IF;

    INSERT INTO elements (job_id, element_order, element_key, type, source_url, text_content, track,
                          x_position, y_position, width, height, fit_mode, start_time, end_time,
                          trim_start, trim_end, properties)
    SELECT new_id, e.element_order, e.element_key, e.type, e.source_url, e.text_content, e.track,
           e.x_position, e.y_position, e.width, e.height, e.fit_mode, e.start_time, e.end_time,
           e.trim_start, e.trim_end, e.properties
      FROM jsonb_to_recordset(coalesce(p_elements, '[]'::jsonb)) AS e(
               element_order integer, element_key text, type element_type, source_url text,
               text_content text, track integer, x_position text, y_position text, width text,
               height text, fit_mode fit_mode, start_time double precision, end_time double precision,
               trim_start double precision, trim_end double precision, properties jsonb)
     ORDER BY e.element_order;

    PERFORM complete_timeline_entry(create_timeline_entry(new_id, 'validation', p_validation_details),
                                    true, NULL, NULL);

    RETURN QUERY SELECT true, j FROM jobs j WHERE j.id = new_id;
END
$$;

COMMENT ON FUNCTION create_job_with_elements(text, text, response_type, text, integer, integer, double precision,
                                             double precision, text, jsonb, text, integer, text, text, inet, text,
                                             jsonb, double precision, jsonb, jsonb, timestamptz, text, integer) IS
    'Creates a pending job with its elements and finished validation step in one call, or returns the job its idempotency key names (created = false).';

-- the backend's, like the other job functions (V24)
REVOKE ALL ON FUNCTION create_job_with_elements(text, text, response_type, text, integer, integer, double precision,
                                                double precision, text, jsonb, text, integer, text, text, inet, text,
                                                jsonb, double precision, jsonb, jsonb, timestamptz, text, integer)
    FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION create_job_with_elements(text, text, response_type, text, integer, integer, double precision,
                                                   double precision, text, jsonb, text, integer, text, text, inet,
                                                   text, jsonb, double precision, jsonb, jsonb, timestamptz, text, integer)
    TO service_role;
