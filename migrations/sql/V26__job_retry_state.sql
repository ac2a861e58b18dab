-- Retries with backoff. A job whose attempt failed for a passing reason waits, pending, for its
-- next attempt: next_attempt_at says when, last_error_code and last_error_message say after what,
-- and retry_count against max_retries says which attempt comes next (the contract's "Status while
-- retrying"). requeued_at is when the sweeper last sent the job's queue message again because the
-- one it had was lost (never sent, or its worker died): the sweeper sends it at most once per loss.
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS next_attempt_at timestamptz;
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS last_error_code text;
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS last_error_message text;
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS requeued_at timestamptz;

COMMENT ON COLUMN jobs.next_attempt_at IS
    'When a pending job that failed a passing way is tried again; NULL when no retry is waiting.';
COMMENT ON COLUMN jobs.last_error_code IS 'The error code of the last failed attempt (kept while retrying).';
COMMENT ON COLUMN jobs.last_error_message IS 'The message of the last failed attempt (kept while retrying).';
COMMENT ON COLUMN jobs.requeued_at IS 'When the sweeper last sent the job''s queue message again.';

-- the sweeper's question every minute: which unfinished jobs have lost their message or their worker
CREATE INDEX IF NOT EXISTS idx_jobs_unfinished_lease ON jobs (lease_until)
    WHERE status IN ('pending', 'downloading', 'processing', 'uploading', 'storing');
