-- Enumerated types, each created complete: ALTER TYPE ... ADD VALUE cannot be used in the
-- transaction that adds the value, and Flyway runs every migration in one transaction.
-- Guarded so the file can be re-run by hand.
DO $$
BEGIN
    -- Life of a job. Active: pending, downloading, processing, uploading, storing.
    -- Terminal: completed, failed, cancelled, timeout, expired (a completed job whose result
    -- has passed its retention period).
    IF to_regtype('job_status') IS NULL THEN
        CREATE TYPE job_status AS ENUM (
            'pending', 'downloading', 'processing', 'uploading', 'storing',
            'completed', 'failed', 'cancelled', 'timeout', 'expired');
    END IF;

    IF to_regtype('element_type') IS NULL THEN
        CREATE TYPE element_type AS ENUM ('video', 'image', 'audio', 'text', 'overlay');
    END IF;

    -- CSS object-fit semantics; stretch is an alias of fill.
    IF to_regtype('fit_mode') IS NULL THEN
        CREATE TYPE fit_mode AS ENUM ('auto', 'contain', 'cover', 'fill', 'stretch');
    END IF;

    IF to_regtype('processing_step') IS NULL THEN
        CREATE TYPE processing_step AS ENUM (
            'validation', 'download', 'processing', 'composition', 'encoding', 'upload', 'cleanup');
    END IF;

    IF to_regtype('storage_operation') IS NULL THEN
        CREATE TYPE storage_operation AS ENUM ('upload', 'download', 'delete', 'access');
    END IF;

    -- The path a job actually took: rendered inline in the create call, or queued.
    IF to_regtype('response_type') IS NULL THEN
        CREATE TYPE response_type AS ENUM ('immediate', 'async');
    END IF;

    IF to_regtype('step_status') IS NULL THEN
        CREATE TYPE step_status AS ENUM ('pending', 'running', 'completed', 'failed', 'skipped');
    END IF;

    IF to_regtype('storage_operation_status') IS NULL THEN
        CREATE TYPE storage_operation_status AS ENUM ('in_progress', 'completed', 'failed');
    END IF;
END
$$;
