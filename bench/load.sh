#!/usr/bin/env bash
# Scripted load run on 127.0.0.1, bounded in time, on both backends:
#   1. MIXED seconds (default 60) of mixed reads, cached and uncached generates (bench/mixed.lua);
#   2. 10 s of GET /health, then 10 s of cached generates, for the cache-path ratio.
# Prints throughput, p50/p99 and error counts, and writes them to bench/results/load.md.
# Usage: bash bench/load.sh [MIXED_SECONDS]
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MIXED=${1:-60}
WORK=$(mktemp -d /tmp/features-load.XXXXXX)
chmod 755 "$WORK"
. "$ROOT/scripts/servers.sh"
HOST_PID=""
# Only the host is waited for: the servers are children too, and stop_servers ends them.
cleanup() { [ -n "$HOST_PID" ] && { kill "$HOST_PID" 2>/dev/null; wait "$HOST_PID" 2>/dev/null; }; stop_servers; rm -rf "$WORK"; }
trap cleanup EXIT

command -v wrk >/dev/null || apt_install wrk || { echo "wrk is not available"; exit 1; }
start_servers
dotnet build src/Features.Host -c Release -nologo -v q -clp:ErrorsOnly || exit 1
DLL=$ROOT/src/Features.Host/bin/Release/net10.0/Features.Host.dll

mkdir -p bench/results
OUT=bench/results/load.md
{
  echo "# Load run ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "Command: \`bash bench/load.sh $MIXED\` on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; wrk and the host on the same machine (127.0.0.1)."
  echo
  echo "| backend | run | requests | req/s | p50 | p99 | errors (non-2xx or socket) |"
  echo "|---|---|---|---|---|---|---|"
} > "$OUT"

json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }

row() { # backend run wrk-output-file
  local f=$3
  local req rps p50 p99 non2xx sock
  req=$(grep -o '[0-9]* requests in' "$f" | awk '{print $1}')
  rps=$(awk '/Requests\/sec/{print $2}' "$f")
  p50=$(awk '$1=="50%"{print $2}' "$f")
  p99=$(awk '$1=="99%"{print $2}' "$f")
  non2xx=$(awk '/Non-2xx/{print $NF}' "$f"); non2xx=${non2xx:-0}
  sock=$(grep -o 'Socket errors:.*' "$f" | grep -o '[0-9]\+' | awk '{s+=$1} END {print s+0}')
  echo "| $1 | $2 | $req | $rps | $p50 | $p99 | $non2xx / $sock |" >> "$OUT"
  echo "$1 $2: $req requests, $rps req/s, p50 $p50, p99 $p99, non-2xx $non2xx, socket errors $sock" >&2
}

for backend in embedded postgres+s3; do
  PORT=$(free_port)
  HOME_DIR="$WORK/home-${backend//+/-}"
  mkdir -p "$HOME_DIR"
  env=(FEATURES_HOME="$HOME_DIR" Features__SampleData__SeedOnStart=true Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production)
  if [ "$backend" = "postgres+s3" ]; then
    [ -n "${FEATURES_TEST_POSTGRES:-}" ] && [ -n "${FEATURES_TEST_S3_URL:-}" ] || { echo "PostgreSQL/s3rver not running; skipping $backend" >&2; continue; }
    env+=(Features__Database__Provider=postgres "Features__Database__ConnectionString=$FEATURES_TEST_POSTGRES"
          Features__ObjectStore__Provider=s3 "Features__ObjectStore__S3__ServiceUrl=$FEATURES_TEST_S3_URL"
          Features__ObjectStore__S3__Bucket=load-$RANDOM Features__ObjectStore__S3__AccessKey=S3RVER Features__ObjectStore__S3__SecretKey=S3RVER)
  fi
  env "${env[@]}" dotnet "$DLL" --urls "http://127.0.0.1:$PORT" > "$WORK/host-$PORT.log" 2>&1 &
  HOST_PID=$!
  B=http://127.0.0.1:$PORT
  for _ in $(seq 1 150); do
    curl -sf "$B/api/v1/market-data" 2>/dev/null | grep -q DEMO && break
    sleep 0.2
  done
  RSI_ID=$(curl -s -X POST "$B/api/v1/features" -H 'content-type: application/json' -d '{"name":"rsi","plugin_key":"technical.rsi"}' | json "['id']")
  SMA_ID=$(curl -s -X POST "$B/api/v1/features" -H 'content-type: application/json' -d '{"name":"sma","plugin_key":"technical.sma","parameters":{"period":50}}' | json "['id']")
  curl -s -X POST "$B/api/v1/features/$RSI_ID/generate" -H 'content-type: application/json' -d '{"symbol":"DEMO","start_date":"2023-01-01","end_date":"2024-01-01"}' >/dev/null
  export RSI_ID SMA_ID

  wrk -t2 -c16 -d"${MIXED}s" --timeout 10s --latency -s bench/mixed.lua "$B" > "$WORK/mixed.txt" 2>&1; row "$backend" "mixed ${MIXED}s" "$WORK/mixed.txt"
  wrk -t2 -c16 -d10s --timeout 10s --latency "$B/health" > "$WORK/health.txt" 2>&1; row "$backend" "GET /health 10s" "$WORK/health.txt"
  curl -s "$B/health" > "$WORK/health.json"; grep -q "\"healthy\"" "$WORK/health.json" || { echo "health after the run: $(cat "$WORK/health.json")" >&2; cat "$WORK/host-$PORT.log" | tail -20 >&2; }
  wrk -t2 -c16 -d10s --timeout 10s --latency -s bench/cached.lua "$B" > "$WORK/cached.txt" 2>&1; row "$backend" "cached generate 10s" "$WORK/cached.txt"
  h=$(awk '/Requests\/sec/{print $2}' "$WORK/health.txt"); c=$(awk '/Requests\/sec/{print $2}' "$WORK/cached.txt")
  echo "" >> "$OUT"; echo "$backend: cached generate / health throughput = $(python3 -c "print(round($c/$h, 2))")" >> "$OUT"; echo "" >> "$OUT"
  kill "$HOST_PID"; wait "$HOST_PID" 2>/dev/null; HOST_PID=""
done
cat "$OUT"
