-- Indexes for the access paths the API, the render worker, the views and the maintenance jobs use.
--
-- Plain CREATE INDEX, not CONCURRENTLY: Flyway runs each migration inside a transaction and
-- CREATE INDEX CONCURRENTLY cannot run in one. On a fresh schema the tables are empty, so the
-- short lock a plain build takes costs nothing. An index added later to a large, busy table
-- belongs in its own migration marked non-transactional.
--
-- Lookups by exact URL use hash indexes: presigned URLs can be longer than the ~2.7 kB a
-- B-tree entry may hold, and nobody range-scans a URL.
--
-- Indexes that an existing one already serves are not duplicated: jobs.job_id is served by the
-- unique constraint jobs_job_id_key; status alone by idx_jobs_status_created_at; elements by job
-- by elements_job_id_element_order_key; timeline by job by idx_timeline_order; storage
-- operations by job by idx_storage_ops_job_status (the leading column of each).

-- jobs
CREATE INDEX IF NOT EXISTS idx_jobs_status_created_at ON jobs (status, created_at);
CREATE INDEX IF NOT EXISTS idx_jobs_created_at ON jobs (created_at);
CREATE INDEX IF NOT EXISTS idx_jobs_owner_created_at ON jobs (owner, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_jobs_result_url ON jobs USING hash (result_url) WHERE result_url IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_jobs_s3_key ON jobs (s3_key) WHERE s3_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_jobs_quick_response ON jobs (is_quick_response);
CREATE INDEX IF NOT EXISTS idx_jobs_client_ip ON jobs (client_ip);
-- completed jobs by completion time, newest first: recent results and the expiry sweep.
-- (A predicate like "completed_at > now() - 30 days" is not allowed in an index: now() is not
-- immutable.) result_url needs no key column: a completed job always has one.
CREATE INDEX IF NOT EXISTS idx_jobs_completed_with_url ON jobs (completed_at DESC) WHERE status = 'completed';
-- the work in flight
CREATE INDEX IF NOT EXISTS idx_jobs_active ON jobs (created_at DESC)
    WHERE status IN ('pending', 'downloading', 'processing', 'uploading', 'storing');
-- lapsed leases to take over
CREATE INDEX IF NOT EXISTS idx_jobs_lease_until ON jobs (lease_until)
    WHERE lease_until IS NOT NULL AND status IN ('pending', 'downloading', 'processing', 'uploading', 'storing');
-- the timeout sweep
CREATE INDEX IF NOT EXISTS idx_jobs_processing_timeout ON jobs (processing_timeout_at)
    WHERE processing_timeout_at IS NOT NULL AND status IN ('pending', 'downloading', 'processing', 'uploading', 'storing');

-- storage_operations
CREATE INDEX IF NOT EXISTS idx_storage_ops_job_status ON storage_operations (job_id, status);
CREATE INDEX IF NOT EXISTS idx_storage_ops_status ON storage_operations (status);
CREATE INDEX IF NOT EXISTS idx_storage_ops_bucket_key ON storage_operations (bucket, key);
CREATE INDEX IF NOT EXISTS idx_storage_ops_operation ON storage_operations (operation);

-- processing_timeline
CREATE INDEX IF NOT EXISTS idx_timeline_order ON processing_timeline (job_id, step_order);
CREATE INDEX IF NOT EXISTS idx_timeline_step ON processing_timeline (step);
CREATE INDEX IF NOT EXISTS idx_timeline_status ON processing_timeline (status);

-- url_access_logs
CREATE INDEX IF NOT EXISTS idx_access_logs_job_id ON url_access_logs (job_id);
CREATE INDEX IF NOT EXISTS idx_access_logs_accessed_at ON url_access_logs (accessed_at);
CREATE INDEX IF NOT EXISTS idx_access_logs_ip ON url_access_logs (client_ip);
CREATE INDEX IF NOT EXISTS idx_access_logs_url ON url_access_logs USING hash (url);

-- system_metrics
CREATE INDEX IF NOT EXISTS idx_system_metrics_name_recorded_at ON system_metrics (metric_name, recorded_at DESC);

-- api_keys (lookups by hash use the unique constraint api_keys_key_hash_key)
CREATE INDEX IF NOT EXISTS idx_api_keys_owner ON api_keys (owner);

-- webhook_deliveries
CREATE INDEX IF NOT EXISTS idx_webhook_deliveries_job_id ON webhook_deliveries (job_id, created_at);
