-- Per-owner rate limits on job creation, kept where every api function instance sees the same
-- count: one token bucket per owner. A bucket holds up to the budget (creates per minute), refills
-- continuously at budget/60 tokens a second, and a create takes one token. Taking a token is one
-- call that locks the owner's row for its transaction, so concurrent creates of one owner are
-- counted exactly, whichever instance serves them.

CREATE TABLE IF NOT EXISTS rate_limit_buckets (
    owner_key   text PRIMARY KEY,
    tokens      double precision NOT NULL CONSTRAINT rate_limit_buckets_tokens_check CHECK (tokens >= 0),
    refilled_at timestamptz NOT NULL
);

COMMENT ON TABLE rate_limit_buckets IS
    'One token bucket per owner (jobs.owner, or "anonymous" without authentication) for the create rate limit.';

-- Take one token from p_owner_key's bucket of p_per_minute tokens at time p_now (the caller's
-- clock, so tests can move time). Returns 0 when a token was taken, else the seconds until one
-- will be there (the Retry-After). A first call finds a full bucket.
CREATE OR REPLACE FUNCTION take_rate_limit_token(
    p_owner_key  text,
    p_per_minute integer,
    p_now        timestamptz DEFAULT clock_timestamp()
)
RETURNS double precision
LANGUAGE plpgsql
SET search_path = public, pg_temp
AS $$
DECLARE
    available double precision;
BEGIN
    IF p_per_minute IS NULL OR p_per_minute < 1 THEN
        RAISE EXCEPTION 'p_per_minute must be at least 1, was %', p_per_minute
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO rate_limit_buckets AS bucket (owner_key, tokens, refilled_at)
    VALUES (p_owner_key, p_per_minute, p_now)
    ON CONFLICT (owner_key) DO UPDATE
        SET tokens = least(p_per_minute::double precision,
                           bucket.tokens + greatest(0, extract(epoch FROM p_now - bucket.refilled_at))
                                           * p_per_minute / 60.0),
            refilled_at = greatest(bucket.refilled_at, p_now)
    RETURNING tokens INTO available;
    IF available >= 1 THEN
        UPDATE rate_limit_buckets SET tokens = available - 1 WHERE owner_key = p_owner_key;
        RETURN 0;
    END IF;
    RETURN (1 - available) * 60.0 / p_per_minute;
END
$$;

COMMENT ON FUNCTION take_rate_limit_token(text, integer, timestamptz) IS
    'Takes a token from the owner''s bucket: 0 when taken, else the seconds until the next token.';

-- Only the backend counts; nobody reads another owner's budget through the Data API.
ALTER TABLE rate_limit_buckets ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON TABLE rate_limit_buckets FROM PUBLIC, anon, authenticated;
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE rate_limit_buckets TO service_role;
DROP POLICY IF EXISTS rate_limit_buckets_service_role_all ON rate_limit_buckets;
CREATE POLICY rate_limit_buckets_service_role_all ON rate_limit_buckets
    FOR ALL TO service_role USING (true) WITH CHECK (true);
REVOKE ALL ON FUNCTION take_rate_limit_token(text, integer, timestamptz) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION take_rate_limit_token(text, integer, timestamptz) TO service_role;
