-- A create writes each row once. V34's function wrote the job, then took its row lock, counted its
-- steps, inserted the validation step as running, updated the job's current_step (a second version
-- of the jobs row, a second job event notification) and updated the step to completed: five
-- statements where two inserts hold the same result. Now the job is inserted with current_step
-- 'validation' and the step is inserted finished; the job's row comes from the insert itself.
--
-- What a create leaves is unchanged (CreateJobWithElementsTest compares it column by column with
-- the statements the API used to run); listeners of videogen_job_events now hear one event per
-- create, the pending job at its validation step, where they heard the pending job twice.
--
-- The signature, and so the comment and the grants of V34, stay as they are.

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
    inserted jobs;
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
                      request_metadata, processing_timeout_at, template_id, template_version, current_step)
    VALUES (p_job_id, p_owner, 'pending', p_response_type, p_output_format, p_width, p_height, p_fps,
            p_duration_seconds, p_background_color, p_request_payload, p_callback_url,
            p_estimated_processing_seconds, p_idempotency_key, p_request_hash, p_client_ip, p_user_agent,
            p_request_metadata, now() + make_interval(secs => p_timeout_seconds), p_template_id, p_template_version,
            'validation')
    ON CONFLICT (coalesce(owner, ''), idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
    RETURNING * INTO inserted;
    new_id := inserted.id;

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

    -- the request was validated before this call: its step is written finished, as step 1 of a new job
    INSERT INTO processing_timeline (job_id, step, step_order, status, details, started_at, completed_at,
                                     duration_ms, success, progress_percentage)
    VALUES (new_id, 'validation', 1, 'completed', p_validation_details, clock_timestamp(), clock_timestamp(),
            0, true, 100);

    RETURN QUERY SELECT true, inserted;
END
$$;
