-- Durable webhooks. The end of a job with a callback_url is an event to deliver: one row per
-- (job, event), made by a trigger in the same transaction as the status change, so an end reached
-- anywhere (a worker, the API, the sweeper, pg_cron's timeout sweep) is announced. Senders (the
-- worker right after the end, the sweeper every minute) take due rows, POST them, and record each
-- attempt in webhook_deliveries; a failed attempt moves next_attempt_at on with exponential backoff
-- for at least 24 hours before the event is given up. The row's id is the delivery id receivers see
-- in X-Videogen-Delivery, the same on every attempt, so they can drop duplicates.
CREATE TABLE IF NOT EXISTS webhook_events (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id           uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    event            text NOT NULL,
    url              text NOT NULL,
    state            text NOT NULL DEFAULT 'pending'
                     CONSTRAINT webhook_events_state_check CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts         integer NOT NULL DEFAULT 0 CONSTRAINT webhook_events_attempts_check CHECK (attempts >= 0),
    next_attempt_at  timestamptz,
    last_attempt_at  timestamptz,
    last_status_code integer,
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT webhook_events_job_event_key UNIQUE (job_id, event),
    CONSTRAINT webhook_events_pending_has_next CHECK (state <> 'pending' OR next_attempt_at IS NOT NULL)
);

CREATE INDEX IF NOT EXISTS idx_webhook_events_due ON webhook_events (next_attempt_at) WHERE state = 'pending';

COMMENT ON TABLE webhook_events IS
    'Job events to POST to callback URLs: one row per job and event, retried with backoff until delivered or given up.';
COMMENT ON COLUMN webhook_events.id IS 'The delivery id sent as X-Videogen-Delivery on every attempt.';

ALTER TABLE webhook_deliveries ADD COLUMN IF NOT EXISTS event_id uuid REFERENCES webhook_events (id) ON DELETE CASCADE;
CREATE INDEX IF NOT EXISTS idx_webhook_deliveries_event ON webhook_deliveries (event_id, attempt);
COMMENT ON COLUMN webhook_deliveries.event_id IS 'The event this attempt tried to deliver.';

-- The event of a job entering a final state, due at once.
CREATE OR REPLACE FUNCTION queue_job_webhook()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    IF NEW.callback_url IS NOT NULL AND btrim(NEW.callback_url) <> ''
       AND NEW.status IS DISTINCT FROM OLD.status AND job_status_is_terminal(NEW.status) THEN
        INSERT INTO webhook_events (job_id, event, url, next_attempt_at)
        VALUES (NEW.id, 'job.' || NEW.status::text, NEW.callback_url, now())
        ON CONFLICT ON CONSTRAINT webhook_events_job_event_key DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION queue_job_webhook() IS
    'AFTER UPDATE OF status trigger on jobs: a job entering a final state with a callback_url gets its webhook_events row.';

CREATE OR REPLACE TRIGGER queue_job_webhook
    AFTER UPDATE OF status ON jobs
    FOR EACH ROW EXECUTE FUNCTION queue_job_webhook();

-- Who may read and write the events, by the rules of V24: the backend everything, a signed-in user
-- reads the events of the jobs they own (an administrator those of every job), anon nothing.
REVOKE ALL ON TABLE webhook_events FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE webhook_events TO service_role;
GRANT SELECT ON TABLE webhook_events TO authenticated;

ALTER TABLE webhook_events ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS webhook_events_service_role_all ON webhook_events;
CREATE POLICY webhook_events_service_role_all ON webhook_events
    FOR ALL TO service_role USING (true) WITH CHECK (true);

DROP POLICY IF EXISTS webhook_events_owner_select ON webhook_events;
CREATE POLICY webhook_events_owner_select ON webhook_events
    FOR SELECT TO authenticated
    USING (EXISTS (SELECT 1 FROM jobs j
                    WHERE j.id = webhook_events.job_id
                      AND (j.owner = (SELECT get_current_user_id()) OR (SELECT is_admin_user()))));
