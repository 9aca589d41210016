#!/usr/bin/env bash
# End-to-end figures of issue 7 (parts 2 and 3) on the embedded default, Release build, host as a process:
# for each bar count, ingest a synthetic one-minute CSV, restart the host (so generate's peak is its own),
# then an uncached and a cached generate of technical.rsi over every bar. Prints and writes
# bench/results/e2e.md: ingest time and peak RSS, generate time and the host's own split (from its log),
# idle and peak working set (VmRSS / VmHWM from /proc).
# Usage: bash bench/e2e.sh [BAR_COUNTS...]   (default: 1000000 3000000 10000000)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
COUNTS=("$@"); [ ${#COUNTS[@]} -gt 0 ] || COUNTS=(1000000 3000000 10000000)
WORK=$(mktemp -d /tmp/features-e2e.XXXXXX)
. "$ROOT/scripts/servers.sh"
HOST_PID=""
cleanup() { [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null; wait 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT
dotnet build src/Features.Host -c Release -nologo -v q -clp:ErrorsOnly || exit 1
dotnet build plugins/Technical -c Release -nologo -v q -clp:ErrorsOnly || exit 1
DLL=$ROOT/src/Features.Host/bin/Release/net10.0/Features.Host.dll
OUT=bench/results/e2e.md
mkdir -p bench/results

json() { python3 -c "import sys,json; d=json.load(sys.stdin); print(d$1)"; }
. "$ROOT/bench/host.sh"

{
  echo "# End to end ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD))"
  echo
  echo "Command: \`bash bench/e2e.sh ${COUNTS[*]}\`; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| bars | CSV MB | ingest s | ingest peak MB over idle | uncached generate s | host split | cached generate ms | generate peak MB over idle | idle MB |"
  echo "|--:|--:|--:|--:|--:|---|--:|--:|--:|"
} > "$OUT"

for n in "${COUNTS[@]}"; do
  HOME_DIR="$WORK/home-$n"; mkdir -p "$HOME_DIR"
  CSV="$WORK/bars-$n.csv"
  write_bars "$n" "$CSV"
  mb=$(python3 -c "import os; print(f'{os.path.getsize(\"$CSV\")/1e6:.0f}')")
  start_host "$HOME_DIR" "$DLL"; idle=$(kb VmRSS)
  t=$(now)
  ingest=$(curl -s -X POST "$B/api/v1/market-data/SYN/1m" -H 'content-type: text/csv' --data-binary @"$CSV")
  ti=$(secs "$t" "$(now)"); ingest_peak=$(( ($(kb VmHWM) - idle) / 1024 ))
  echo "$n ingest: $ti s, $(echo "$ingest" | head -c 200)" >&2
  stop_host; rm -f "$CSV"

  start_host "$HOME_DIR" "$DLL"; idle=$(kb VmRSS)
  id=$(curl -s -X POST "$B/api/v1/features" -H 'content-type: application/json' -d '{"name":"rsi","plugin_key":"technical.rsi","parameters":{}}' | json "['id']")
  # A served host is warm: one small generate first (another range, so the measured one is uncached too).
  curl -s -X POST "$B/api/v1/features/$id/generate" -H 'content-type: application/json' \
    -d '{"symbol":"SYN","timeframe":"1m","start_date":"2020-01-02","end_date":"2020-01-03"}' >/dev/null
  body='{"symbol":"SYN","timeframe":"1m","start_date":"2019-01-01","end_date":"2040-01-01"}'
  t=$(now)
  r=$(curl -s -X POST "$B/api/v1/features/$id/generate" -H 'content-type: application/json' -d "$body")
  tg=$(secs "$t" "$(now)"); peak=$(( ($(kb VmHWM) - idle) / 1024 ))
  echo "$n generate: $tg s, $(echo "$r" | head -c 300)" >&2
  t=$(now)
  curl -s -X POST "$B/api/v1/features/$id/generate" -H 'content-type: application/json' -d "$body" | grep -q '"cached":true' || echo "second generate was not cached" >&2
  tc=$(python3 -c "print(f'{($(now)-$t)*1000:.0f}')")
  split=$(grep -o "split: .*" "$HOME_DIR/host.log" | tail -1 | sed "s/split: //")
  stop_host
  echo "| $n | $mb | $ti | $ingest_peak | $tg | $split | $tc | $peak | $((idle / 1024)) |" >> "$OUT"
done
echo >> "$OUT"; echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
cat "$OUT"
