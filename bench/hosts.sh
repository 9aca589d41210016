#!/usr/bin/env bash
# Items/s of one universe job with 1, 2 and 3 host processes on one PostgreSQL database and one s3rver bucket
# (docs/SCALING.md). The synthetic universe of bench/universe.sh (SYMBOLS symbols of daily bars, 2007..2021) is
# ingested once through the first host; then for N = 1, 2, 3 the first host plus N-1 hosts beside it (same database
# and bucket, each a Hangfire worker) run the 14 features of bench/universe.sh as one job, on definitions of their
# own each time so every run computes everything. Release build. Prints and writes bench/results/hosts.md with the
# load average before and after each run: on a shared 2-core machine the figures say more about the load than
# about the hosts (no speed-up is expected; what it shows is that work spreads and completes).
# Usage: bash bench/hosts.sh            SYMBOLS=200 bash bench/hosts.sh
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SYMBOLS=${SYMBOLS:-200}
WORK=$(mktemp -d /tmp/features-hosts.XXXXXX)
chmod 755 "$WORK"
. "$ROOT/scripts/servers.sh"
PIDS=()
# Wait for the hosts only: s3rver is a child of this shell too, and stop_servers ends it after.
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait "${PIDS[@]}" 2>/dev/null; stop_servers; remove_work; }
trap cleanup EXIT

CLIENTS=4
OUT=bench/results/hosts.md
. "$ROOT/bench/lib.sh"   # the Release build (NO_BUILD=1 skips it), the 14 features, start_host, json, load, field

start_servers
[ -n "${FEATURES_TEST_POSTGRES:-}" ] && [ -n "${FEATURES_TEST_S3_URL:-}" ] || { echo "PostgreSQL/s3rver did not start" >&2; exit 1; }
SHARED=(Features__Database__Provider=postgres "Features__Database__ConnectionString=$FEATURES_TEST_POSTGRES"
  Features__ObjectStore__Provider=s3 "Features__ObjectStore__S3__ServiceUrl=$FEATURES_TEST_S3_URL"
  Features__ObjectStore__S3__Bucket=hosts Features__ObjectStore__S3__AccessKey=S3RVER Features__ObjectStore__S3__SecretKey=S3RVER)

start_one() { # index -> appends to PIDS, sets URL_<index>
  local home="$WORK/home-$1"; mkdir -p "$home"
  start_host "$home" "${SHARED[@]}"
  PIDS+=("$HOST_PID")
  eval "URL_$1=$B"
}

start_one 1
B=$URL_1
{
  echo "# Hosts ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD))"
  echo
  echo "Command: \`SYMBOLS=$SYMBOLS bash bench/hosts.sh\`; PostgreSQL + s3rver; $(nproc) cores; $SYMBOLS symbols × 14 features; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| hosts | items | wall | items/s | load (1 min) before → after |"
  echo "|--:|--:|--:|--:|---|"
} > "$OUT"
"${TOOL[@]}" ingest --url "$B" --symbols "$SYMBOLS" --clients 4 >&2 || exit 1

for hosts in 1 2 3; do
  [ "$hosts" -gt 1 ] && { start_one "$hosts"; B=$URL_1; }
  create_features "-h$hosts"
  before=$(load)
  line=$("${TOOL[@]}" job --url "$B" --features "$FEATURE_IDS" --symbols "$SYMBOLS")
  echo "$hosts host(s): $line load=$before→$(load)" >&2
  echo "| $hosts | $(field "$line" items) ($(field "$line" status)) | $(field "$line" seconds) s | **$(field "$line" items_per_s)** | $before → $(load) |" >> "$OUT"
done
echo >> "$OUT"; echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
cat "$OUT"
