-- Keep updated_at truthful on every table that has one, whatever client wrote the row.
CREATE OR REPLACE FUNCTION set_updated_at()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION set_updated_at() IS 'BEFORE UPDATE trigger: stamps updated_at with the transaction time.';

CREATE OR REPLACE TRIGGER jobs_set_updated_at
    BEFORE UPDATE ON jobs
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE OR REPLACE TRIGGER elements_set_updated_at
    BEFORE UPDATE ON elements
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE OR REPLACE TRIGGER processing_timeline_set_updated_at
    BEFORE UPDATE ON processing_timeline
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
