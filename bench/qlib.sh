#!/usr/bin/env bash
# Issue 16's Qlib workload on the universe of bench/universe.sh (800 synthetic symbols, daily 2007-01-01..2021-01-01,
# embedded default, Release host as a process):
#   1. Qlib's data-server task: the 14 features of bench/lib.sh over the universe as one job, uncached then cached
#      (Qlib publishes 147.0 s uncached, 47.6 s with its expression cache, 7.4 s with its dataset cache, one CPU);
#      then the same 14 features again under new definitions with a storage prefix of their own (no dataset cached for
#      them, new objects and folders; the plans, keyed by series and range, are remembered from the first job) as the
#      host's second job: what a server that has been running does, without the first job's JIT and first-use costs;
#   2. Alpha158 + LABEL0 as a training set over the universe (label forward_return horizon 1 offset 1 on close,
#      processors qlib_default), uncached then the same request again (served from the store);
#   3. the alpha158 kernel alone is measured by BenchmarkDotNet (bench/run.sh, group "Alpha158").
# Prints wall time, items/s and host peak RSS per phase and writes bench/results/qlib.md.
# Usage: bash bench/qlib.sh            SYMBOLS=100 bash bench/qlib.sh   (a smaller universe while developing)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SYMBOLS=${SYMBOLS:-800}
CLIENTS=${CLIENTS:-4}
WORK=$(mktemp -d /tmp/features-qlib.XXXXXX)
HOST_PID=""
cleanup() { [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null; wait 2>/dev/null; remove_work; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
OUT=bench/results/qlib.md
. "$ROOT/bench/lib.sh"

# One training-set phase: submit, poll until finished, append a row (wall from submit to the poll that sees it done).
training_phase() { # label body
  local label=$1
  echo "$2" > "$WORK/body.json"
  echo 5 > "/proc/$HOST_PID/clear_refs" 2>/dev/null
  local before; before=$(load)
  cpu_mark
  local line; line=$(submit_training_and_wait "$WORK/body.json")
  cpu_spent
  local peak=$(( $(kb VmHWM) / 1024 ))
  local status secs rows
  status=$(field "$line" status); secs=$(field "$line" seconds); rows=$(field "$line" rows)
  echo "embedded $label: status=$status seconds=$secs rows=$rows peak_rss_mb=$peak load=$before host_cpu_s=$HOST_S machine_cpu_s=$MACHINE_S" >&2
  echo "| embedded | $label | $rows rows ($status) | **$secs s** | | $HOST_S s | $MACHINE_S s | $peak MB | | $before → $(load) |" >> "$OUT"
}

{
  echo "# Qlib workload ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD))"
  echo
  echo "Command: \`bash bench/qlib.sh\` ($SYMBOLS symbols); $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  recent_delete_note
  echo
  echo "| backend | phase | items | wall | rate | host CPU | machine CPU | host peak RSS | errors | load (1 min) |"
  echo "|---|---|--:|--:|--:|--:|--:|--:|--:|---|"
} > "$OUT"

home="$WORK/home"; mkdir -p "$home"
start_host "$home"
phase embedded ingest ingest --url "$B"
create_features "-qlib"
phase embedded "14 features, job uncached" job --url "$B" --features "$FEATURE_IDS"
phase embedded "14 features, job cached" job --url "$B" --features "$FEATURE_IDS"
create_features "-qlib-again" "again"
phase embedded "14 features as new definitions (own storage prefix), job uncached, second job" job --url "$B" --features "$FEATURE_IDS"
ALPHA=$(curl -s -X POST "$B/api/v1/features" -H 'content-type: application/json' \
  -d '{"name":"alpha158-qlib","plugin_key":"automated.alpha158","parameters":{}}' | json "['id']")
BODY="{\"features\":[{\"feature_id\":\"$ALPHA\"}],\"symbols\":{\"all\":true},\"timeframe\":\"1d\",\"start_date\":\"2008-01-01\",\"end_date\":\"2021-01-01\",
  \"label\":{\"kind\":\"forward_return\",\"horizon\":1,\"offset\":1,\"price\":\"close\"},\"processors\":\"qlib_default\"}"
training_phase "alpha158 + LABEL0 training set, uncached" "$BODY"
training_phase "alpha158 + LABEL0 training set, cached" "$BODY"
echo >> "$OUT"; echo "Start-up warm-up (docs/JOBS.md; \`WARMUP=false\` turns it off): $(warmup_line "$home")" >> "$OUT"
stop_host
echo >> "$OUT"; echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
cat "$OUT"
