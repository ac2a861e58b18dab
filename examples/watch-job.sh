#!/usr/bin/env bash
# Follows a job until it ends, showing its retries as they happen ("Retrying after S3_UPLOAD_FAILED: …
# (attempt 2 of 5)", with next_attempt_at), then prints the delivery log of its webhook.
#   examples/watch-job.sh vg_… [http://127.0.0.1:3000]
# Set VIDEOGEN_API_KEY (or VIDEOGEN_TOKEN) when the stack authenticates.
set -euo pipefail
job_id="${1:?usage: $0 <job_id> [base_url]}"
base="${2:-http://127.0.0.1:3000}"
auth=()
if [[ -n "${VIDEOGEN_API_KEY:-}" ]]; then auth=(-H "x-api-key: $VIDEOGEN_API_KEY"); fi
if [[ -n "${VIDEOGEN_TOKEN:-}" ]]; then auth=(-H "Authorization: Bearer $VIDEOGEN_TOKEN"); fi

while true; do
  body="$(curl -sS "${auth[@]}" "$base/v1/videoresult/$job_id")"
  status="$(printf '%s' "$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])')"
  printf '%s\n' "$body" | python3 -c '
import json, sys
job = json.load(sys.stdin)
retry = " next attempt %s after %s" % (job["next_attempt_at"], job["last_error"]) if "next_attempt_at" in job else ""
print("%-10s %-4s %-12s %s%s" % (job["status"], job.get("progress", ""), job.get("current_step", ""),
                                job.get("message", ""), retry))'
  case "$status" in pending|processing) sleep 2 ;; *) break ;; esac
done

echo "webhook deliveries:"
curl -sS "${auth[@]}" "$base/v1/videoresult/$job_id/webhooks" | python3 -m json.tool
