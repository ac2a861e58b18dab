-- The layers of a composition, one row per request element, in request order. Positions and
-- sizes stay as the client wrote them ('5%' or a pixel count); the renderer resolves them.
-- Per-type styling (opacity, volume, loop, font...) lives in "properties".
CREATE TABLE IF NOT EXISTS elements (
    id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id                  uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,

    element_order           integer NOT NULL CONSTRAINT elements_element_order_check CHECK (element_order >= 0),
    -- the request's element id, e.g. "el_0"; used in error messages
    element_key             text NOT NULL,
    type                    element_type NOT NULL,

    source_url              text,
    text_content            text,

    track                   integer NOT NULL DEFAULT 0 CONSTRAINT elements_track_check CHECK (track >= 0),
    x_position              text DEFAULT '0%',
    y_position              text DEFAULT '0%',
    width                   text DEFAULT '100%',
    height                  text DEFAULT '100%',
    fit_mode                fit_mode DEFAULT 'auto',

    -- timing on the output (start_time is the element's "time"); end_time is NULL until resolved
    start_time              numeric(10,3) DEFAULT 0 CONSTRAINT elements_start_time_check CHECK (start_time >= 0),
    end_time                numeric(10,3),
    -- the part of the source that is used
    trim_start              numeric(10,3) DEFAULT 0 CONSTRAINT elements_trim_start_check CHECK (trim_start >= 0),
    trim_end                numeric(10,3),

    properties              jsonb,

    -- what the download found
    source_filename         text,
    source_size_bytes       bigint CONSTRAINT elements_source_size_bytes_check CHECK (source_size_bytes >= 0),
    source_duration_seconds numeric(10,3) CONSTRAINT elements_source_duration_seconds_check CHECK (source_duration_seconds >= 0),
    source_width            integer CONSTRAINT elements_source_width_check CHECK (source_width > 0),
    source_height           integer CONSTRAINT elements_source_height_check CHECK (source_height > 0),

    -- processing state
    downloaded              boolean DEFAULT false,
    processed               boolean DEFAULT false,
    error_message           text,
    local_path              text,
    processed_path          text,
    metadata                jsonb,

    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT elements_job_id_element_order_key UNIQUE (job_id, element_order),
    CONSTRAINT elements_job_id_element_key_key UNIQUE (job_id, element_key),
    CONSTRAINT elements_source_required CHECK (type = 'text' OR source_url IS NOT NULL),
    CONSTRAINT elements_text_required CHECK (type <> 'text' OR text_content IS NOT NULL),
    CONSTRAINT elements_end_after_start CHECK (end_time IS NULL OR end_time >= start_time),
    CONSTRAINT elements_trim_end_after_trim_start CHECK (trim_end IS NULL OR trim_end > trim_start)
);

COMMENT ON TABLE elements IS 'Composition layers of a job, one per request element.';
COMMENT ON COLUMN elements.element_key IS 'The element id from the request, e.g. el_0.';
COMMENT ON COLUMN elements.start_time IS 'Seconds on the output timeline where the element starts (the request''s "time").';
