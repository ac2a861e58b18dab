-- Caption elements (API version 1.1): a new element type. A caption's source (an SRT or WebVTT file) is optional,
-- since its cues may be given inline in the request, so the source rule admits captions without one. Safe to re-run.
ALTER TYPE element_type ADD VALUE IF NOT EXISTS 'caption';

ALTER TABLE elements DROP CONSTRAINT IF EXISTS elements_source_required;
-- compared as text: a value added to an enum cannot be used as a literal in the transaction that adds it
ALTER TABLE elements ADD CONSTRAINT elements_source_required
    CHECK (type::text IN ('text', 'caption') OR source_url IS NOT NULL);
