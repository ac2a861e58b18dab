-- Opening and closing storage_operations rows around each S3 call, timed with the wall clock.

-- Record the start of an S3 operation and return its id. p_job_id may be NULL for operations
-- not tied to a job; a NULL region means the default, us-east-1.
CREATE OR REPLACE FUNCTION create_storage_operation(
    p_job_id    uuid,
    p_operation storage_operation,
    p_bucket    text,
    p_key       text,
    p_region    text DEFAULT 'us-east-1'
)
RETURNS uuid
LANGUAGE plpgsql
AS $$
DECLARE
    operation_id uuid;
BEGIN
    INSERT INTO storage_operations (job_id, operation, status, bucket, key, region, started_at)
    VALUES (p_job_id, p_operation, 'in_progress', p_bucket, p_key, coalesce(p_region, 'us-east-1'), clock_timestamp())
    RETURNING id INTO operation_id;
    RETURN operation_id;
END
$$;

COMMENT ON FUNCTION create_storage_operation(uuid, storage_operation, text, text, text) IS
    'Records the start of an S3 operation (status in_progress) and returns its id.';

-- Record the outcome of an in-progress operation: completed when p_success, else failed with
-- p_error. Returns true when it closed the operation, false when it was already closed (nothing
-- changes: safe to repeat). Raises no_data_found for an unknown operation.
CREATE OR REPLACE FUNCTION complete_storage_operation(
    p_operation_id    uuid,
    p_success         boolean,
    p_file_size_bytes bigint DEFAULT NULL,
    p_result_url      text DEFAULT NULL,
    p_aws_request_id  text DEFAULT NULL,
    p_etag            text DEFAULT NULL,
    p_error           text DEFAULT NULL
)
RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
    finished_at constant timestamptz := clock_timestamp();
    succeeded constant boolean := coalesce(p_success, false);
BEGIN
    UPDATE storage_operations
       SET status          = CASE WHEN succeeded THEN 'completed'::storage_operation_status
                                  ELSE 'failed'::storage_operation_status END,
           success         = succeeded,
           completed_at    = finished_at,
           duration_ms     = greatest(0, round(extract(epoch FROM finished_at - started_at) * 1000))::integer,
           file_size_bytes = coalesce(p_file_size_bytes, file_size_bytes),
           result_url      = coalesce(p_result_url, result_url),
           aws_request_id  = coalesce(p_aws_request_id, aws_request_id),
           etag            = coalesce(p_etag, etag),
           error_message   = coalesce(p_error, error_message)
     WHERE id = p_operation_id
       AND status = 'in_progress';
    IF FOUND THEN
        RETURN true;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM storage_operations WHERE id = p_operation_id) THEN
        RAISE EXCEPTION 'storage operation % does not exist', p_operation_id USING ERRCODE = 'no_data_found';
    END IF;
    RETURN false;
END
$$;

COMMENT ON FUNCTION complete_storage_operation(uuid, boolean, bigint, text, text, text, text) IS
    'Records the outcome of an in-progress S3 operation; true when closed now, false when already closed.';
