-- Supabase Realtime streams the changes of the tables in the publication "supabase_realtime" to
-- subscribed clients (row-level security decides who receives which row). Publish jobs (status,
-- progress, step, result URL) and processing_timeline (step by step). Realtime cannot publish
-- views: a client follows a job by subscribing to the jobs table with a job_id filter.
-- Plain PostgreSQL has no such publication, and then nothing is done.
DO $$
DECLARE
    published text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'supabase_realtime') THEN
        RAISE NOTICE 'publication supabase_realtime does not exist: Realtime publishing skipped';
        RETURN;
    END IF;
    IF (SELECT puballtables FROM pg_publication WHERE pubname = 'supabase_realtime') THEN
        RETURN; -- already publishes every table
    END IF;
    FOREACH published IN ARRAY ARRAY['jobs', 'processing_timeline'] LOOP
        IF NOT EXISTS (SELECT 1
                         FROM pg_publication_tables
                        WHERE pubname = 'supabase_realtime'
                          AND schemaname = current_schema()
                          AND tablename = published) THEN
            BEGIN
                EXECUTE format('ALTER PUBLICATION supabase_realtime ADD TABLE %I.%I', current_schema(), published);
            EXCEPTION WHEN insufficient_privilege THEN
                -- the schema is still complete; only live updates are missing until an owner adds it
                RAISE WARNING 'cannot add % to supabase_realtime (%): run ALTER PUBLICATION supabase_realtime ADD TABLE %.% as its owner',
                    published, SQLERRM, current_schema(), published;
            END;
        END IF;
    END LOOP;
END
$$;
