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
. "$ROOT/bench/host.sh"        # start_host / stop_host
HOST_PID=""
JOB_PID=""
cleanup() { [ -n "$JOB_PID" ] && kill "$JOB_PID" 2>/dev/null; [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null; wait 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT

FEATURES=(
  "technical.sma|{\"period\":20}" "technical.ema|{\"period\":20}" "technical.roc|{\"period\":10}" "technical.rsi|{}"
  "technical.macd|{}" "technical.bb|{}" "technical.atr|{}" "technical.stoch|{}" "technical.adx|{}" "technical.obv|{}"
  "technical.donchian|{}" "technical.mfi|{}" "statistical.zscore|{\"window\":20}" "statistical.rolling_moments|{}"
)

dotnet build src/Features.Host -c Release -nologo -v q -clp:ErrorsOnly || exit 1
dotnet build plugins/Technical -c Release -nologo -v q -clp:ErrorsOnly || exit 1
dotnet build plugins/Statistical -c Release -nologo -v q -clp:ErrorsOnly || exit 1
dotnet build bench/Universe -c Release -nologo -v q -clp:ErrorsOnly || exit 1
DLL=$ROOT/src/Features.Host/bin/Release/net10.0/Features.Host.dll
TOOL=(dotnet "$ROOT/bench/Universe/bin/Release/net10.0/Features.Universe.dll")
OUT=bench/results/backfill-latency.md
mkdir -p bench/results "$WORK/home"
json() { python3 -c "import sys,json; d=json.load(sys.stdin); print(d$1)"; }
load() { cut -d' ' -f1 /proc/loadavg; }
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

start_host "$WORK/home" "$DLL"
"${TOOL[@]}" ingest --url "$B" --symbols "$SYMBOLS" --clients 4 >&2 || exit 1
single=$(feature "interactive-rsi" technical.rsi '{}')
ids=()
for f in "${FEATURES[@]}"; do IFS='|' read -r key params <<< "$f"; ids+=("$(feature "$key-batch" "$key" "$params")"); done

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

"${TOOL[@]}" job --url "$B" --features "$(IFS=,; echo "${ids[*]}")" --symbols "$SYMBOLS" > "$WORK/job.txt" 2>&1 &
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
