-- Every function of the schema runs with a fixed search_path, whoever calls it: a caller that
-- puts a schema of its own (or pg_temp) in front cannot make a function resolve a table or an
-- operator to an object of its choosing (Supabase's linter calls this a mutable search path).
-- Functions that already pin one keep it; the others get "public, pg_temp" (pg_catalog is always
-- searched first; pg_temp last, so temporary objects never shadow the schema's).
--
-- pin_function_search_paths() does it for every function present, and Flyway's afterMigrate
-- callback calls it after each run, so functions that later migrations add are pinned too.

CREATE OR REPLACE FUNCTION pin_function_search_paths()
RETURNS integer
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    fn     regprocedure;
    pinned integer := 0;
BEGIN
    FOR fn IN
        SELECT p.oid::regprocedure
          FROM pg_proc p
         WHERE p.pronamespace = 'public'::regnamespace
           AND p.prokind IN ('f', 'p')
           AND NOT EXISTS (SELECT 1 FROM pg_depend d
                            WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
           AND NOT EXISTS (SELECT 1 FROM unnest(coalesce(p.proconfig, '{}')) setting
                            WHERE setting LIKE 'search_path=%')
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = public, pg_temp', fn);
        pinned := pinned + 1;
    END LOOP;
    RETURN pinned;
END
$$;

COMMENT ON FUNCTION pin_function_search_paths() IS
    'Gives every function of the public schema without a pinned search_path "public, pg_temp"; returns how many.';

REVOKE ALL ON FUNCTION pin_function_search_paths() FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION pin_function_search_paths() TO service_role;

SELECT pin_function_search_paths();
