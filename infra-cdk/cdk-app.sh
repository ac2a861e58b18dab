#!/usr/bin/env bash
# The command cdk.json gives the CDK CLI: builds what the stacks deploy (the Lambda jar, the
# FFmpeg layer zip and this app, tests skipped) and runs the app, which reads -c env=… .
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

build_log="$(mktemp)"
trap 'rm -f "$build_log"' EXIT
if ! (cd "$root" && ./mvnw -B -q -DskipTests -Djacoco.skip=true package -pl infra-cdk -am >"$build_log" 2>&1); then
  cat "$build_log" >&2
  echo "cdk-app: build failed" >&2
  exit 1
fi

java_bin="java"
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java_bin="$JAVA_HOME/bin/java"
fi
exec "$java_bin" -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" dev.videogen.infra.VideogenApp
