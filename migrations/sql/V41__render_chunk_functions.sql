-- Claiming and finishing the pieces of a chunked job. A piece is claimed with a lease like a job
-- (a duplicate delivery renders it once; a lapsed lease may be taken over by a redelivery), and
-- finishing it answers whether it was the job's last piece: the finishes of one job's pieces are
-- serialised on the job's row, so exactly one caller ever hears true and runs the stitch.

-- Claim a piece for p_lease_owner for p_lease_seconds; returns the attempt number, or NULL when
-- it is not for this caller (already rendered, held by a live lease, or its job is no longer
-- processing).
CREATE OR REPLACE FUNCTION claim_render_chunk(
    p_chunk_id      uuid,
    p_lease_owner   text,
    p_lease_seconds integer
) RETURNS integer
LANGUAGE sql
AS $$
    UPDATE render_chunks c
       SET status      = 'rendering',
           attempt     = c.attempt + 1,
           lease_owner = p_lease_owner,
           lease_until = clock_timestamp() + make_interval(secs => p_lease_seconds),
           started_at  = clock_timestamp(),
           error_code  = NULL,
           error_message = NULL
      FROM jobs j
     WHERE c.id = p_chunk_id
       AND j.id = c.job_id
       AND j.status = 'processing'
       AND (c.status = 'pending'
            OR (c.status = 'rendering' AND (c.lease_until < clock_timestamp() OR c.lease_owner = p_lease_owner)))
    RETURNING c.attempt;
$$;

COMMENT ON FUNCTION claim_render_chunk(uuid, text, integer) IS
    'Claims a pending piece (or one whose lease lapsed) of a processing job; returns the attempt number or NULL.';

-- Record a piece as rendered (only by the holder of its lease) and answer whether every piece of
-- its job is now rendered: true for exactly one caller per job.
CREATE OR REPLACE FUNCTION finish_render_chunk(
    p_chunk_id    uuid,
    p_lease_owner text,
    p_s3_key      text,
    p_size_bytes  bigint,
    p_render_ms   integer
) RETURNS boolean
LANGUAGE plpgsql
AS $$
DECLARE
    owning_job uuid;
    remaining  bigint;
BEGIN
    SELECT job_id INTO owning_job FROM render_chunks WHERE id = p_chunk_id;
    IF owning_job IS NULL THEN
        RETURN false;
    END IF;
    -- the job's row lock orders the finishes of its pieces: each count below sees every finish before it
    PERFORM 1 FROM jobs WHERE id = owning_job FOR UPDATE;

    UPDATE render_chunks
       SET status          = 'rendered',
           s3_key          = p_s3_key,
           size_bytes      = p_size_bytes,
           render_ms       = p_render_ms,
           frames_rendered = coalesce(end_frame - start_frame, 0),
           completed_at    = clock_timestamp(),
           lease_owner     = NULL,
           lease_until     = NULL
     WHERE id = p_chunk_id
       AND status = 'rendering'
       AND lease_owner = p_lease_owner;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    SELECT count(*) INTO remaining FROM render_chunks WHERE job_id = owning_job AND status <> 'rendered';
    RETURN remaining = 0;
END
$$;

COMMENT ON FUNCTION finish_render_chunk(uuid, text, text, bigint, integer) IS
    'Marks a leased piece rendered; true for the one call after which every piece of the job is rendered.';
