-- Who is asking, as Supabase's PostgREST and Realtime tell the database: the verified JWT's
-- claims in the setting request.jwt.claims and the HTTP headers in request.headers (both JSON).
-- The helpers read only those settings, never the auth schema, so they behave the same on plain
-- PostgreSQL (where a test or a backend sets the settings itself) and on Supabase. They never
-- raise: a missing, empty or malformed setting yields NULL (or false).
--
-- SECURITY DEFINER with a pinned search_path, so row-level security policies can call them for
-- any role without that role being able to shadow what they call.

-- The JWT claims as a JSON object, or NULL.
CREATE OR REPLACE FUNCTION current_jwt_claims()
RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    raw_claims text := nullif(current_setting('request.jwt.claims', true), '');
    claims jsonb;
BEGIN
    IF raw_claims IS NULL THEN
        RETURN NULL;
    END IF;
    BEGIN
        claims := raw_claims::jsonb;
    EXCEPTION WHEN others THEN
        RETURN NULL;
    END;
    IF jsonb_typeof(claims) <> 'object' THEN
        RETURN NULL;
    END IF;
    RETURN claims;
END
$$;

COMMENT ON FUNCTION current_jwt_claims() IS
    'The request''s JWT claims (setting request.jwt.claims) as a JSON object; NULL when unset or malformed.';

-- The JWT "role" claim: anon, authenticated or service_role on Supabase.
CREATE OR REPLACE FUNCTION get_current_user_role()
RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN nullif(public.current_jwt_claims() ->> 'role', '');
END
$$;

COMMENT ON FUNCTION get_current_user_role() IS
    'The JWT role claim (anon, authenticated, service_role); NULL when there are no claims.';

-- The JWT subject, the identity jobs.owner holds. Falls back to request.jwt.claim.sub, the
-- per-claim setting older PostgREST versions set.
CREATE OR REPLACE FUNCTION get_current_user_id()
RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN coalesce(
        nullif(public.current_jwt_claims() ->> 'sub', ''),
        nullif(current_setting('request.jwt.claim.sub', true), ''));
END
$$;

COMMENT ON FUNCTION get_current_user_id() IS
    'The JWT sub claim (the identity stored in jobs.owner); NULL when there are no claims.';

-- An administrator is the service role, or a user whose app_metadata.role is "admin".
-- app_metadata is writable only with the service key; user_metadata, which users edit
-- themselves, is deliberately not consulted.
CREATE OR REPLACE FUNCTION is_admin_user()
RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    claims jsonb := public.current_jwt_claims();
BEGIN
    IF claims IS NULL THEN
        RETURN false;
    END IF;
    RETURN coalesce(claims ->> 'role' = 'service_role', false)
        OR coalesce(jsonb_typeof(claims -> 'app_metadata') = 'object'
                    AND claims -> 'app_metadata' ->> 'role' = 'admin', false);
END
$$;

COMMENT ON FUNCTION is_admin_user() IS
    'True for the service role or a user whose app_metadata.role is admin; false otherwise, never NULL.';

-- The client's address: the first hop of X-Forwarded-For (the address the edge proxy saw),
-- else X-Real-IP; NULL when absent or not an IP address.
CREATE OR REPLACE FUNCTION get_client_ip()
RETURNS inet
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    raw_headers text := nullif(current_setting('request.headers', true), '');
    headers jsonb;
    candidate text;
BEGIN
    IF raw_headers IS NULL THEN
        RETURN NULL;
    END IF;
    BEGIN
        headers := raw_headers::jsonb;
    EXCEPTION WHEN others THEN
        RETURN NULL;
    END;
    IF jsonb_typeof(headers) <> 'object' THEN
        RETURN NULL;
    END IF;
    candidate := nullif(btrim(split_part(headers ->> 'x-forwarded-for', ',', 1)), '');
    IF candidate IS NULL THEN
        candidate := nullif(btrim(headers ->> 'x-real-ip'), '');
    END IF;
    IF candidate IS NULL THEN
        RETURN NULL;
    END IF;
    BEGIN
        RETURN candidate::inet;
    EXCEPTION WHEN others THEN
        RETURN NULL;
    END;
END
$$;

COMMENT ON FUNCTION get_client_ip() IS
    'First hop of X-Forwarded-For (else X-Real-IP) from request.headers; NULL when absent or invalid.';
