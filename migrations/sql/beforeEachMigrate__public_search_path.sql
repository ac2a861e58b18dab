-- Flyway callback, run before every migration script: the scripts create and name their objects in
-- public. Flyway points the session at its history schema (videogen_migrations) while it migrates,
-- which would otherwise put every unqualified table, type and function there.
SELECT set_config('search_path', 'public', false);
