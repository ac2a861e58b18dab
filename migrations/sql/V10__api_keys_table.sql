-- API keys for callers that do not hold a Supabase JWT. Only the SHA-256 of a key is stored
-- (hex, lowercase); its first characters are kept so listings can show which key is which.
-- A key is valid while revoked_at is NULL.
CREATE TABLE IF NOT EXISTS api_keys (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    owner        text NOT NULL,
    name         text NOT NULL,
    key_prefix   text NOT NULL,
    key_hash     text NOT NULL
                 CONSTRAINT api_keys_key_hash_key UNIQUE
                 CONSTRAINT api_keys_key_hash_format CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

COMMENT ON TABLE api_keys IS 'Hashed API keys; owner becomes jobs.owner for jobs created with the key.';
COMMENT ON COLUMN api_keys.key_hash IS 'Lowercase hex SHA-256 of the whole key.';
