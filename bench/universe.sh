#!/usr/bin/env bash
# The universe benchmark of issue 14: 800 synthetic symbols x daily bars 2007-01-01..2021-01-01 (bench/Universe,
# a deterministic geometric random walk), ingested through the API (one CSV upload per symbol, CLIENTS concurrent
# callers), then 14 features (FEATURES below) over every symbol as one job (POST /api/v1/jobs), uncached then all
# cached, and as 11,200 single generates from CLIENTS concurrent clients, uncached then all cached. Release build, host as a process, on the embedded default (SQLite + local
# folder) and on PostgreSQL + s3rver (scripts/servers.sh). Prints wall time, items/s and the host's peak RSS
# (VmHWM of /proc/PID/status, reset before each phase through /proc/PID/clear_refs) and writes bench/results/universe.md.
# Usage: bash bench/universe.sh [embedded|postgres|both]   (default both)
#        SYMBOLS=100 CLIENTS=4 bash bench/universe.sh embedded   (a smaller universe while developing)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BACKENDS=${1:-both}
SYMBOLS=${SYMBOLS:-800}
CLIENTS=${CLIENTS:-4}
WORK=$(mktemp -d /tmp/features-universe.XXXXXX)
chmod 755 "$WORK"
. "$ROOT/scripts/servers.sh"
HOST_PID=""
# Only the host is waited for: the servers are children too, and stop_servers ends them.
cleanup() { [ -n "$HOST_PID" ] && { kill "$HOST_PID" 2>/dev/null; wait "$HOST_PID" 2>/dev/null; }; stop_servers; remove_work; }
trap cleanup EXIT

OUT=bench/results/universe.md
. "$ROOT/bench/lib.sh"

{
  echo "# Universe ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD))"
  echo
  echo "Command: \`bash bench/universe.sh $BACKENDS\` ($SYMBOLS symbols, $CLIENTS clients); $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  recent_delete_note
  echo
  echo "| backend | phase | items | wall | rate | host CPU | machine CPU | host peak RSS | errors | load (1 min) |"
  echo "|---|---|--:|--:|--:|--:|--:|--:|--:|---|"
} > "$OUT"

run_backend() { # backend extra-env...
  local backend=$1; shift
  local home="$WORK/home-$backend"; mkdir -p "$home"
  start_host "$home" "$@"
  echo "| $backend | host idle | | | | | | $(( $(kb VmRSS) / 1024 )) MB | | |" >> "$OUT"
  phase "$backend" ingest ingest --url "$B"
  # The job on definitions of its own (a cache hit is per definition), so both uncached runs compute everything.
  create_features "-job"
  phase "$backend" "job uncached" job --url "$B" --features "$FEATURE_IDS"
  phase "$backend" "job cached" job --url "$B" --features "$FEATURE_IDS"
  # The singles on definitions and a storage prefix of their own: under the default prefix they would find the job's
  # folders made and write each object over the job's identical one.
  create_features "-singles" "singles"
  phase "$backend" "singles uncached" singles --url "$B" --features "$FEATURE_IDS"
  phase "$backend" "singles cached" singles --url "$B" --features "$FEATURE_IDS"
  echo "| $backend | start-up warm-up (docs/JOBS.md; \`WARMUP=false\` turns it off): $(warmup_line "$home") | | | | | | | | |" >> "$OUT"
  stop_host
}

if [ "$BACKENDS" = embedded ] || [ "$BACKENDS" = both ]; then
  run_backend embedded
fi
if [ "$BACKENDS" = postgres ] || [ "$BACKENDS" = both ]; then
  start_servers
  if [ -n "${FEATURES_TEST_POSTGRES:-}" ] && [ -n "${FEATURES_TEST_S3_URL:-}" ]; then
    run_backend postgres+s3 Features__Database__Provider=postgres "Features__Database__ConnectionString=$FEATURES_TEST_POSTGRES" \
      Features__ObjectStore__Provider=s3 "Features__ObjectStore__S3__ServiceUrl=$FEATURES_TEST_S3_URL" \
      Features__ObjectStore__S3__Bucket=universe Features__ObjectStore__S3__AccessKey=S3RVER Features__ObjectStore__S3__SecretKey=S3RVER
  else
    echo "PostgreSQL/s3rver did not start; skipping postgres+s3" >&2
  fi
fi
echo >> "$OUT"; echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
cat "$OUT"
