#!/usr/bin/env bash
# Puts the example media into the local stack's bucket, where requests read it as s3://videogen-local/inputs/<name>.
# Usage: examples/upload-media.sh [storage-url]   (default: http://127.0.0.1:3001, the storage line of `bin/videogen dev`)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
storage="${1:-http://127.0.0.1:3001}"
media="$here/media"
if [ ! -d "$media" ]; then
  "$here/make-media.sh"
fi
for file in "$media"/*; do
  name="$(basename "$file")"
  case "$name" in *.part.*) continue ;; esac
  curl -sSf -X PUT -T "$file" "$storage/videogen-local/inputs/$name" -o /dev/null
  echo "s3://videogen-local/inputs/$name" >&2
done
