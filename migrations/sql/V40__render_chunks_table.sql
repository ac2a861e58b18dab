-- The pieces of a job rendered in parallel. A job longer than the chunk threshold is split at
-- frame boundaries: one 'segment' row per frame range [start_frame, end_frame), and one 'sound'
-- row for the job's sound, mixed once for the whole output. Each row is a task of its own on the
-- render queue, claimed with a lease and retried alone like a job; when the last piece is
-- rendered the stitch joins the segments and the sound (see finish_render_chunk in V41).
DO $$
BEGIN
    IF to_regtype('chunk_kind') IS NULL THEN
        CREATE TYPE chunk_kind AS ENUM ('segment', 'sound');
    END IF;
    IF to_regtype('chunk_status') IS NULL THEN
        CREATE TYPE chunk_status AS ENUM ('pending', 'rendering', 'rendered', 'failed', 'cancelled');
    END IF;
END
$$;

CREATE TABLE IF NOT EXISTS render_chunks (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id           uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,

    kind             chunk_kind NOT NULL DEFAULT 'segment',
    -- segments are numbered 0, 1, 2... in output order; the sound row takes the next number
    chunk_index      integer NOT NULL CONSTRAINT render_chunks_chunk_index_check CHECK (chunk_index >= 0),
    -- the output frames a segment renders; NULL for the sound
    start_frame      bigint CONSTRAINT render_chunks_start_frame_check CHECK (start_frame >= 0),
    end_frame        bigint,
    frames_rendered  bigint NOT NULL DEFAULT 0 CONSTRAINT render_chunks_frames_rendered_check CHECK (frames_rendered >= 0),

    status           chunk_status NOT NULL DEFAULT 'pending',
    -- how many times a worker has claimed it (the first claim is attempt 1)
    attempt          integer NOT NULL DEFAULT 0 CONSTRAINT render_chunks_attempt_check CHECK (attempt >= 0),
    lease_owner      text,
    lease_until      timestamptz,

    -- where the rendered piece waits for the stitch, in the service's bucket
    s3_key           text,
    size_bytes       bigint CONSTRAINT render_chunks_size_bytes_check CHECK (size_bytes >= 0),

    error_code       text,
    error_message    text,

    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    completed_at     timestamptz,
    -- wall time of the attempt that rendered it
    render_ms        integer CONSTRAINT render_chunks_render_ms_check CHECK (render_ms >= 0),

    CONSTRAINT render_chunks_job_id_chunk_index_key UNIQUE (job_id, chunk_index),
    CONSTRAINT render_chunks_frame_range CHECK (
        (kind = 'segment' AND start_frame IS NOT NULL AND end_frame > start_frame
             AND frames_rendered <= end_frame - start_frame)
        OR (kind = 'sound' AND start_frame IS NULL AND end_frame IS NULL)),
    CONSTRAINT render_chunks_rendered_has_object CHECK (status <> 'rendered' OR s3_key IS NOT NULL)
);

COMMENT ON TABLE render_chunks IS
    'Pieces of a job rendered in parallel: frame-range segments and the job''s sound, each a queued task with a lease.';
COMMENT ON COLUMN render_chunks.start_frame IS 'First output frame of a segment (frames numbered from 0).';
COMMENT ON COLUMN render_chunks.end_frame IS 'One past the last output frame of a segment.';
COMMENT ON COLUMN render_chunks.frames_rendered IS 'Frames of the segment encoded so far; never goes down.';
COMMENT ON COLUMN render_chunks.s3_key IS 'Object holding the rendered piece until the stitch deletes it.';

DROP TRIGGER IF EXISTS render_chunks_updated_at ON render_chunks;
CREATE TRIGGER render_chunks_updated_at BEFORE UPDATE ON render_chunks
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
