-- Read models over jobs for the API's status and metrics endpoints and for dashboards.
-- security_invoker (PostgreSQL 15+): a view is read with the privileges and row-level security
-- of whoever queries it, so a user sees in a view exactly the jobs they may see in the table.

-- One row per job: its output, result location, element counts, how good the estimate was
-- (actual as a percentage of estimated), and the state of its latest storage operation.
CREATE OR REPLACE VIEW job_summary_with_storage
WITH (security_invoker = true) AS
SELECT
    j.id,
    j.job_id,
    j.owner,
    j.status,
    j.created_at,
    j.completed_at,
    j.output_format,
    j.width,
    j.height,
    j.result_url,
    j.file_size_bytes,
    j.is_quick_response,
    j.estimated_processing_seconds,
    j.actual_processing_seconds,
    j.error_code,
    j.error_message,
    j.s3_bucket,
    j.s3_key,
    j.s3_region,
    j.upload_completed_at,
    coalesce(e.element_count, 0) AS element_count,
    coalesce(e.video_count, 0)   AS video_count,
    coalesce(e.image_count, 0)   AS image_count,
    coalesce(e.audio_count, 0)   AS audio_count,
    coalesce(e.text_count, 0)    AS text_count,
    coalesce(e.overlay_count, 0) AS overlay_count,
    CASE
        WHEN j.estimated_processing_seconds > 0 AND j.actual_processing_seconds > 0 THEN
            round(j.actual_processing_seconds / j.estimated_processing_seconds * 100, 2)
    END AS processing_accuracy_percent,
    so.status       AS last_storage_status,
    so.completed_at AS storage_completed_at
FROM jobs j
LEFT JOIN LATERAL (
    SELECT count(*)                                   AS element_count,
           count(*) FILTER (WHERE el.type = 'video')   AS video_count,
           count(*) FILTER (WHERE el.type = 'image')   AS image_count,
           count(*) FILTER (WHERE el.type = 'audio')   AS audio_count,
           count(*) FILTER (WHERE el.type = 'text')    AS text_count,
           count(*) FILTER (WHERE el.type = 'overlay') AS overlay_count
      FROM elements el
     WHERE el.job_id = j.id
) e ON true
LEFT JOIN LATERAL (
    SELECT s.status, s.completed_at
      FROM storage_operations s
     WHERE s.job_id = j.id
     ORDER BY s.created_at DESC, s.started_at DESC
     LIMIT 1
) so ON true;

COMMENT ON VIEW job_summary_with_storage IS
    'Per job: output, result location, element counts, estimate accuracy (actual/estimated %), latest storage operation.';

-- What a status poller or dashboard shows for each job right now.
-- overall_progress_percent: 100 once completed (or expired), 0 for a job that failed, was
-- cancelled or timed out, else the progress the renderer reported.
-- current_step: the latest running timeline step, else the job's current_step.
-- estimated_time_remaining_seconds: estimate minus time since start, never below 0; 0 when ended.
-- storage_status / storage_result_url: from the latest upload operation.
CREATE OR REPLACE VIEW processing_status_realtime
WITH (security_invoker = true) AS
SELECT
    j.id,
    j.job_id,
    j.owner,
    j.status AS job_status,
    j.created_at,
    j.is_quick_response,
    j.result_url,
    CASE
        WHEN j.status IN ('completed', 'expired') THEN 100
        WHEN j.status IN ('failed', 'cancelled', 'timeout') THEN 0
        ELSE j.progress_percentage
    END AS overall_progress_percent,
    coalesce(
        (SELECT t.step
           FROM processing_timeline t
          WHERE t.job_id = j.id AND t.status = 'running'
          ORDER BY t.step_order DESC
          LIMIT 1),
        j.current_step) AS current_step,
    j.estimated_processing_seconds,
    j.actual_processing_seconds,
    CASE
        WHEN j.status IN ('pending', 'downloading', 'processing', 'uploading', 'storing')
             AND j.estimated_processing_seconds > 0 THEN
            greatest(0, j.estimated_processing_seconds
                        - coalesce(floor(extract(epoch FROM now() - j.started_at))::integer, 0))
        ELSE 0
    END AS estimated_time_remaining_seconds,
    so.status     AS storage_status,
    so.result_url AS storage_result_url
FROM jobs j
LEFT JOIN LATERAL (
    SELECT s.status, s.result_url
      FROM storage_operations s
     WHERE s.job_id = j.id AND s.operation = 'upload'
     ORDER BY s.created_at DESC, s.started_at DESC
     LIMIT 1
) so ON true;

COMMENT ON VIEW processing_status_realtime IS
    'Per job: status, overall progress, current step, time remaining and latest upload state.';

-- Hourly statistics over the jobs created in the last 7 days, newest hour first: volume,
-- outcomes, processing time (mean, median, p95, max, in seconds), output sizes (bytes), how far
-- estimates were off (mean |actual - estimated| / estimated) and the quick-response rate.
CREATE OR REPLACE VIEW performance_analytics
WITH (security_invoker = true) AS
SELECT
    date_trunc('hour', j.created_at) AS time_bucket,
    count(*) AS total_jobs,
    count(*) FILTER (WHERE j.is_quick_response) AS quick_response_jobs,
    count(*) FILTER (WHERE j.status = 'completed') AS completed_jobs,
    count(*) FILTER (WHERE j.status = 'failed') AS failed_jobs,
    avg(j.actual_processing_seconds) AS avg_processing_time,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY j.actual_processing_seconds) AS median_processing_time,
    percentile_cont(0.95) WITHIN GROUP (ORDER BY j.actual_processing_seconds) AS p95_processing_time,
    max(j.actual_processing_seconds) AS max_processing_time,
    avg(j.file_size_bytes) AS avg_file_size,
    sum(j.file_size_bytes) AS total_storage_used,
    avg(CASE
            WHEN j.estimated_processing_seconds > 0 AND j.actual_processing_seconds > 0 THEN
                abs(j.actual_processing_seconds - j.estimated_processing_seconds) / j.estimated_processing_seconds
        END) AS avg_estimation_error_ratio,
    round(count(*) FILTER (WHERE j.is_quick_response)::numeric / nullif(count(*), 0) * 100, 2)
        AS quick_response_rate_percent
FROM jobs j
WHERE j.created_at >= now() - interval '7 days'
GROUP BY date_trunc('hour', j.created_at)
ORDER BY time_bucket DESC;

COMMENT ON VIEW performance_analytics IS
    'Hourly job statistics for the last 7 days: counts, processing time mean/median/p95/max, sizes, estimate error, quick-response rate.';
