#!/usr/bin/env bash
# A single generate's latency while a backfill runs (issue 14: "a running backfill never starves a single generate").
# One Release host on the embedded default: the synthetic universe of bench/universe.sh (SYMBOLS symbols, daily
# bars 2007..2021) ingested, then GENERATES single generates of a feature of its own (uncached: one per symbol),
# one after another, first with the host idle, then while a 14-feature job over the whole universe runs on the
# batch workers. Prints p50 / p95 / max of each (curl's time_total) and writes bench/results/backfill-latency.md.
# Batch items run on Hangfire workers (Features:Jobs:Workers, default the core count), single generates on request
# threads: they share the cores, not a queue. A measurement, not a test: the machine is shared, so the load average
# is printed with the figures.
# Usage: bash bench/backfill-latency.sh        SYMBOLS=200 GENERATES=30 bash bench/backfill-latency.sh
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SYMBOLS=${SYMBOLS:-200}
GENERATES=${GENERATES:-30}
WORK=$(mktemp -d /tmp/features-latency.XXXXXX)
. "$ROOT/scripts/servers.sh"   # free_port
HOST_PID=""
JOB_PID=""
cleanup() { [ -n "$JOB_PID" ] && kill "$JOB_PID" 2>/dev/null; [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null; wait 2>/dev/null; remove_work; }
trap cleanup EXIT

CLIENTS=4
OUT=bench/results/backfill-latency.md
. "$ROOT/bench/lib.sh"   # the Release build (NO_BUILD=1 skips it), the 14 features, start_host, json, load
mkdir -p "$WORK/home"
feature() { curl -s -X POST "$B/api/v1/features" -H 'content-type: application/json' -d "{\"name\":\"$1\",\"plugin_key\":\"$2\",\"parameters\":$3}" | json "['id']"; }

# generates FEATURE FIRST_SYMBOL_INDEX -> seconds of each, one a line
generates() {
  for i in $(seq "$2" $(($2 + GENERATES - 1))); do
    curl -s -o /dev/null -w '%{time_total} %{http_code}\n' -X POST "$B/api/v1/features/$1/generate" -H 'content-type: application/json' \
      -d "{\"symbol\":\"$(printf 'S%03d' "$i")\",\"timeframe\":\"1d\",\"start_date\":\"2007-01-01\",\"end_date\":\"2021-01-01\"}"
  done
}
stats() { python3 -c "
import sys
rows=[l.split() for l in open('$1') if l.strip()]
t=sorted(float(r[0])*1000 for r in rows); bad=sum(1 for r in rows if r[1]!='200')
q=lambda p: t[min(len(t)-1,int(round(p*(len(t)-1))))]
print(f'{len(t)} | {q(.5):.0f} ms | {q(.95):.0f} ms | {t[-1]:.0f} ms | {bad}')"; }

# Limits raised and the generation log at Information, as bench/host.sh starts its hosts (what this script always measured).
start_host "$WORK/home" Features__Limits__MaxBarsPerGenerate=20000000 Features__Limits__MaxUploadBytes=2000000000 \
  Features__Plugins__ComputeTimeoutSeconds=600 Logging__LogLevel__Features.Host.Generation=Information
sleep 1
"${TOOL[@]}" ingest --url "$B" --symbols "$SYMBOLS" --clients 4 >&2 || exit 1
single=$(feature "interactive-rsi" technical.rsi '{}')
create_features "-batch"

{
  echo "# A single generate during a backfill ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD))"
  echo
  echo "Command: \`SYMBOLS=$SYMBOLS GENERATES=$GENERATES bash bench/backfill-latency.sh\`; embedded default, Release; $(nproc) cores;"
  echo "single generates: technical.rsi over one symbol's 14 years of daily bars, uncached, one at a time."
  echo
  echo "| host | generates | p50 | p95 | max | errors | load (1 min) |"
  echo "|---|--:|--:|--:|--:|--:|---|"
} > "$OUT"

before=$(load)
generates "$single" 0 > "$WORK/idle.txt"
echo "| idle | $(stats "$WORK/idle.txt") | $before → $(load) |" >> "$OUT"

"${TOOL[@]}" job --url "$B" --features "$FEATURE_IDS" --symbols "$SYMBOLS" > "$WORK/job.txt" 2>&1 &
JOB_PID=$!
# Measure only once the batch workers are busy.
for _ in $(seq 1 100); do
  curl -s "$B/api/v1/jobs" | python3 -c "import sys,json; j=json.load(sys.stdin); sys.exit(0 if j and j[0]['status']=='running' and j[0]['done']>0 else 1)" && break
  sleep 0.2
done
before=$(load)
generates "$single" "$GENERATES" > "$WORK/busy.txt"
progress=$(curl -s "$B/api/v1/jobs" | json "[0]['status']")
echo "| during the job (still $progress at the end) | $(stats "$WORK/busy.txt") | $before → $(load) |" >> "$OUT"
wait "$JOB_PID"; JOB_PID=""
echo >> "$OUT"; echo "job: $(cat "$WORK/job.txt")" >> "$OUT"
cat "$OUT"
