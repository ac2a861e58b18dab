-- Extensions.
-- UUIDs come from gen_random_uuid() and hashes from sha256(), both built into PostgreSQL 13+,
-- so nothing in this schema needs an extension to run. pgcrypto is still enabled where the
-- server ships it, because operators reach for its digest()/crypt() when managing API keys by
-- hand; Supabase projects already have it (in the "extensions" schema), which makes this a no-op
-- there. A server without contrib, or a role without the right to create it, only gets a notice.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgcrypto') THEN
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pgcrypto') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS pgcrypto;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'pgcrypto not enabled: %', SQLERRM;
        END;
    ELSE
        RAISE NOTICE 'pgcrypto is not available on this server; the schema does not need it';
    END IF;
END
$$;
