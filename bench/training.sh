#!/usr/bin/env bash
# The training-set benchmark of issue 15: the universe of bench/universe.sh (SYMBOLS synthetic symbols x daily bars
# 2007-01-01..2021-01-01, bench/Universe), ingested through the API, then ONE training set over it: the 14 features of
# bench/universe.sh, forward-return label, cs_zscore, purged 5-fold with 1% embargo (POST /api/v1/training-sets).
# Phases, each timed from the submit to the first poll (every 200 ms) that sees the job finished:
#   uncached        every member dataset computed, the set built and stored (end to end)
#   datasets cached the same members with another embargo: no dataset computed, the set built
#   cached          the first request again: answered from the stored set (no generate, no bar read)
# Release build, host as a process; the host's peak RSS per phase (VmHWM of /proc/PID/status, reset before each
# phase through /proc/PID/clear_refs). Writes bench/results/training.md.
# Usage: bash bench/training.sh [embedded|postgres|both]      (default embedded)
#        SYMBOLS=50 bash bench/training.sh                     (a smaller universe while developing)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BACKENDS=${1:-embedded}
SYMBOLS=${SYMBOLS:-800}
CLIENTS=${CLIENTS:-4}
FROM=2007-01-01
TO=2021-01-01
WORK=$(mktemp -d /tmp/features-training.XXXXXX)
chmod 755 "$WORK"
. "$ROOT/scripts/servers.sh"
HOST_PID=""
# Only the host is waited for: the servers are children too, and stop_servers ends them.
cleanup() { [ -n "$HOST_PID" ] && { kill "$HOST_PID" 2>/dev/null; wait "$HOST_PID" 2>/dev/null; }; stop_servers; remove_work; }
trap cleanup EXIT

# The 14 features, the Release build, the host as a process: shared with bench/universe.sh and bench/qlib.sh.
OUT=bench/results/training.md
. "$ROOT/bench/lib.sh"

# The request body: the 14 features (ids in $WORK/ids), every symbol starting with S, the given embargo.
request() { # embargo_pct
  python3 - "$WORK/ids" "$1" "$FROM" "$TO" <<'PY'
import json, sys
ids = open(sys.argv[1]).read().split()
print(json.dumps({
    "features": [{"feature_id": i} for i in ids],
    "symbols": {"prefix": "S"}, "timeframe": "1d", "start_date": sys.argv[3], "end_date": sys.argv[4],
    "label": {"kind": "forward_return", "horizon": 1},
    "processors": [{"kind": "cs_zscore"}],
    "splits": {"kind": "purged_kfold", "k": 5, "embargo_pct": float(sys.argv[2])},
    "drop_incomplete_labels": True,
}))
PY
}


phase() { # backend label embargo
  local backend=$1 label=$2
  request "$3" > "$WORK/body.json"
  echo 5 > "/proc/$HOST_PID/clear_refs" 2>/dev/null
  local before; before=$(load)
  cpu_mark
  local line; line=$(submit_training_and_wait "$WORK/body.json")
  local status=$?
  cpu_spent
  local peak=$(( $(kb VmHWM) / 1024 ))
  echo "$backend $label: $line peak_rss_mb=$peak load=$before host_cpu_s=$HOST_S machine_cpu_s=$MACHINE_S" >&2
  echo "| $backend | $label | **$(field "$line" seconds) s** | $(field "$line" cached) | $HOST_S s | $MACHINE_S s | $peak MB | $(field "$line" status) | $before → $(load) |" >> "$OUT"
  [ "$status" = 0 ] || echo "$backend $label failed: see $WORK" >&2
}

{
  echo "# Training set ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD))"
  echo
  echo "Command: \`SYMBOLS=$SYMBOLS bash bench/training.sh $BACKENDS\` ($SYMBOLS symbols × daily $FROM..$TO, 14 features, forward return, cs_zscore," \
       "purged 5-fold, 1% embargo); $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| backend | phase | wall | cached | host CPU | machine CPU | host peak RSS | status | load (1 min) |"
  echo "|---|---|--:|---|--:|--:|--:|---|---|"
} > "$OUT"

run_backend() { # backend extra-env...
  local backend=$1; shift
  local home="$WORK/home-$backend"; mkdir -p "$home"
  start_host "$home" "$@"
  echo "| $backend | host idle | | | | | $(( $(kb VmRSS) / 1024 )) MB | | |" >> "$OUT"
  local line; line=$("${TOOL[@]}" ingest --url "$B" --symbols "$SYMBOLS" --clients "$CLIENTS")
  echo "$backend ingest: $line" >&2
  : > "$WORK/ids"
  for f in "${FEATURES[@]}"; do
    IFS='|' read -r name key params <<< "$f"
    curl -s -X POST "$B/api/v1/features" -H 'content-type: application/json' \
      -d "{\"name\":\"$name\",\"plugin_key\":\"$key\",\"parameters\":$params}" | python3 -c "import sys,json; print(json.load(sys.stdin)['id'])" >> "$WORK/ids"
  done
  phase "$backend" "uncached" 0.01
  phase "$backend" "datasets cached" 0.02
  phase "$backend" "cached" 0.01
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
      Features__ObjectStore__S3__Bucket=training Features__ObjectStore__S3__AccessKey=S3RVER Features__ObjectStore__S3__SecretKey=S3RVER
  else
    echo "PostgreSQL/s3rver did not start; skipping postgres+s3" >&2
  fi
fi
echo >> "$OUT"; echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
cat "$OUT"
