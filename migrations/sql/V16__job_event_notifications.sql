-- Announce every visible change of a job on the channel videogen_job_events, so listeners (the
-- local stack turns them into Server-Sent Events) need not poll. Only changes a client can see
-- are sent: status, progress, current step, result URL or error code. NOTIFY is transactional:
-- listeners hear of a change when, and only if, it commits.
CREATE OR REPLACE FUNCTION notify_job_event()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'INSERT'
       OR (NEW.status, NEW.progress_percentage, NEW.current_step, NEW.result_url, NEW.error_code)
          IS DISTINCT FROM
          (OLD.status, OLD.progress_percentage, OLD.current_step, OLD.result_url, OLD.error_code) THEN
        PERFORM pg_notify('videogen_job_events', json_build_object(
            'job_id', NEW.job_id,
            'status', NEW.status,
            'progress_percentage', NEW.progress_percentage,
            'current_step', NEW.current_step,
            'result_url', NEW.result_url,
            'error_code', NEW.error_code)::text);
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION notify_job_event() IS
    'AFTER INSERT OR UPDATE trigger on jobs: pg_notify(''videogen_job_events'', {job_id, status, progress_percentage, current_step, result_url, error_code}).';

CREATE OR REPLACE TRIGGER notify_job_event
    AFTER INSERT OR UPDATE ON jobs
    FOR EACH ROW EXECUTE FUNCTION notify_job_event();
