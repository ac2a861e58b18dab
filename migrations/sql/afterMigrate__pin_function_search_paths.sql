-- Flyway callback, run after every migrate: functions added by any migration get a pinned
-- search_path (see V32__pinned_function_search_path.sql). Before V32 has run there is nothing to call.
DO $$
BEGIN
    IF to_regprocedure('public.pin_function_search_paths()') IS NOT NULL THEN
        PERFORM public.pin_function_search_paths();
    END IF;
END
$$;
