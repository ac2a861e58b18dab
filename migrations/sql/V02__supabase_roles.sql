-- The three API roles Supabase gives every project: anon (no JWT), authenticated (a user's JWT)
-- and service_role (the backend). Row-level security policies name them, so on plain PostgreSQL
-- they are created here, without LOGIN: nobody connects as them, a session switches to them with
-- SET ROLE, the way Supabase's PostgREST and Realtime do. On Supabase they exist and are left as
-- they are. Creating them needs CREATEROLE (the postgres user has it).
DO $$
DECLARE
    api_role text;
BEGIN
    FOREACH api_role IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = api_role) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', api_role);
            EXCEPTION WHEN duplicate_object THEN
                -- another database of the same cluster created it at the same moment
                NULL;
            END;
        END IF;
    END LOOP;
END
$$;
