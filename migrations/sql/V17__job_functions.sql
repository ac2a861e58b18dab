-- Writing jobs and their elements through functions that hold the rules: job id generation,
-- idempotent creation, and status changes that report a refused transition instead of failing.

-- A fresh public job id: vg_ + 20 characters of RFC 4648 base32 (lowercase), 100 random bits.
-- The randomness comes from gen_random_uuid() (a strong random source, core since PostgreSQL 13);
-- byte 6 of a UUID carries its version and is skipped, every other byte gives 5 random bits.
CREATE OR REPLACE FUNCTION generate_job_id()
RETURNS text
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    alphabet constant text := 'abcdefghijklmnopqrstuvwxyz234567';
    random_bytes constant bytea := uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid());
    result text := 'vg_';
BEGIN
    FOR i IN 0 .. length(random_bytes) - 1 LOOP
        CONTINUE WHEN i % 16 = 6;
        result := result || substr(alphabet, (get_byte(random_bytes, i) & 31) + 1, 1);
        EXIT WHEN length(result) = 23;
    END LOOP;
    RETURN result;
END
$$;

COMMENT ON FUNCTION generate_job_id() IS 'A new public job id: vg_ followed by 20 random lowercase base32 characters.';

-- Create a job (status pending) and return its internal id.
--
-- p_job_id may be proposed by the caller (the API generates it); NULL generates one.
-- With an idempotency key: if the same owner used the key within the last 24 hours with the same
-- request_hash, nothing is created and the earlier job's id is returned (the caller notices by
-- its job_id differing from the one proposed); with a different request_hash it raises
-- unique_violation on idx_jobs_idempotency (the API's 409 IDEMPOTENCY_KEY_REUSED). A key older
-- than 24 hours is released and the new job takes it.
CREATE OR REPLACE FUNCTION create_job(
    p_response_type                response_type,
    p_width                        integer,
    p_height                       integer,
    p_request_payload              jsonb,
    p_output_format                text DEFAULT 'mp4',
    p_fps                          numeric DEFAULT 30,
    p_duration_seconds             numeric DEFAULT NULL,
    p_background_color             text DEFAULT NULL,
    p_owner                        text DEFAULT NULL,
    p_job_id                       text DEFAULT NULL,
    p_estimated_processing_seconds integer DEFAULT NULL,
    p_callback_url                 text DEFAULT NULL,
    p_idempotency_key              text DEFAULT NULL,
    p_request_hash                 text DEFAULT NULL,
    p_client_ip                    inet DEFAULT NULL,
    p_user_agent                   text DEFAULT NULL,
    p_request_metadata             jsonb DEFAULT NULL,
    p_processing_timeout_at        timestamptz DEFAULT NULL,
    p_max_retries                  integer DEFAULT 3
)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    earlier record;
    new_id uuid;
    violated text;
BEGIN
    -- two attempts: a concurrent request may take the key between our look and our insert
    FOR attempt IN 1 .. 2 LOOP
        IF p_idempotency_key IS NOT NULL THEN
            SELECT id, request_hash, created_at INTO earlier
              FROM jobs
             WHERE coalesce(owner, '') = coalesce(p_owner, '')
               AND idempotency_key = p_idempotency_key
               FOR UPDATE;
            IF FOUND THEN
                IF earlier.created_at > now() - interval '24 hours' THEN
                    IF earlier.request_hash IS DISTINCT FROM p_request_hash THEN
                        RAISE EXCEPTION 'idempotency key "%" was already used with a different request', p_idempotency_key
                            USING ERRCODE = 'unique_violation',
                                  CONSTRAINT = 'idx_jobs_idempotency',
                                  HINT = 'IDEMPOTENCY_KEY_REUSED';
                    END IF;
                    RETURN earlier.id;
                END IF;
                UPDATE jobs SET idempotency_key = NULL WHERE id = earlier.id;
            END IF;
        END IF;

        BEGIN
            INSERT INTO jobs (
                job_id, owner, response_type, output_format, width, height, fps, duration_seconds,
                background_color, request_payload, callback_url, estimated_processing_seconds,
                idempotency_key, request_hash, client_ip, user_agent, request_metadata,
                processing_timeout_at, max_retries)
            VALUES (
                coalesce(p_job_id, generate_job_id()), p_owner, p_response_type,
                coalesce(p_output_format, 'mp4'), p_width, p_height, coalesce(p_fps, 30), p_duration_seconds,
                p_background_color, p_request_payload, p_callback_url, p_estimated_processing_seconds,
                p_idempotency_key, p_request_hash, p_client_ip, p_user_agent, p_request_metadata,
                p_processing_timeout_at, coalesce(p_max_retries, 3))
            RETURNING id INTO new_id;
            RETURN new_id;
        EXCEPTION WHEN unique_violation THEN
            GET STACKED DIAGNOSTICS violated = CONSTRAINT_NAME;
            IF violated IS DISTINCT FROM 'idx_jobs_idempotency' OR attempt = 2 THEN
                RAISE;
            END IF;
        END;
    END LOOP;
    RETURN NULL; -- not reached: the loop returns or raises
END
$$;

COMMENT ON FUNCTION create_job(response_type, integer, integer, jsonb, text, numeric, numeric, text, text, text,
                               integer, text, text, text, inet, text, jsonb, timestamptz, integer) IS
    'Creates a pending job and returns its id; idempotent per (owner, idempotency key) for 24 hours.';

-- Move a job (by public job_id) to p_status. Returns true when the job is now in p_status,
-- false when the state machine refuses the move (for instance the job already ended) and nothing
-- changed. Raises no_data_found for an unknown job. Error fields given are recorded with the
-- move; NULL leaves them as they are. Concurrent callers are serialised on the job's row, so
-- exactly one of several racing terminal moves wins and the others get false.
CREATE OR REPLACE FUNCTION update_job_status(
    p_job_id        text,
    p_status        job_status,
    p_error_code    text DEFAULT NULL,
    p_error_message text DEFAULT NULL,
    p_error_details jsonb DEFAULT NULL
)
RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
    current_status job_status;
BEGIN
    SELECT status INTO current_status FROM jobs WHERE job_id = p_job_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'job % does not exist', p_job_id USING ERRCODE = 'no_data_found';
    END IF;

    IF NOT job_status_transition_allowed(current_status, p_status) THEN
        RETURN false;
    END IF;

    UPDATE jobs
       SET status        = p_status,
           error_code    = coalesce(p_error_code, error_code),
           error_message = coalesce(p_error_message, error_message),
           error_details = coalesce(p_error_details, error_details)
     WHERE job_id = p_job_id;
    RETURN true;
END
$$;

COMMENT ON FUNCTION update_job_status(text, job_status, text, text, jsonb) IS
    'Moves a job to a new status; true when applied, false when the state machine refuses; raises for an unknown job.';

-- Add one composition element to a job and return its id.
CREATE OR REPLACE FUNCTION add_job_element(
    p_job_id        uuid,
    p_element_order integer,
    p_element_key   text,
    p_type          element_type,
    p_source_url    text DEFAULT NULL,
    p_text_content  text DEFAULT NULL,
    p_track         integer DEFAULT 0,
    p_x_position    text DEFAULT '0%',
    p_y_position    text DEFAULT '0%',
    p_width         text DEFAULT '100%',
    p_height        text DEFAULT '100%',
    p_fit_mode      fit_mode DEFAULT 'auto',
    p_start_time    numeric DEFAULT 0,
    p_end_time      numeric DEFAULT NULL,
    p_trim_start    numeric DEFAULT 0,
    p_trim_end      numeric DEFAULT NULL,
    p_properties    jsonb DEFAULT NULL,
    p_metadata      jsonb DEFAULT NULL
)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    new_id uuid;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM jobs WHERE id = p_job_id) THEN
        RAISE EXCEPTION 'job % does not exist', p_job_id USING ERRCODE = 'no_data_found';
    END IF;

    INSERT INTO elements (
        job_id, element_order, element_key, type, source_url, text_content, track,
        x_position, y_position, width, height, fit_mode, start_time, end_time,
        trim_start, trim_end, properties, metadata)
    VALUES (
        p_job_id, p_element_order, p_element_key, p_type, p_source_url, p_text_content,
        coalesce(p_track, 0), p_x_position, p_y_position, p_width, p_height,
        coalesce(p_fit_mode, 'auto'), coalesce(p_start_time, 0), p_end_time,
        coalesce(p_trim_start, 0), p_trim_end, p_properties, p_metadata)
    RETURNING id INTO new_id;
    RETURN new_id;
END
$$;

COMMENT ON FUNCTION add_job_element(uuid, integer, text, element_type, text, text, integer, text, text, text, text,
                                    fit_mode, numeric, numeric, numeric, numeric, jsonb, jsonb) IS
    'Adds a composition element to a job and returns its id.';
