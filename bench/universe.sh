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
cleanup() { [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null; wait 2>/dev/null; stop_servers; [ -n "${KEEP:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT

# The 14 features: name|plugin key|parameters (defaults unless given). Cheap and expensive kernels, one- and
# multi-column outputs, OHLC and volume inputs, as a research feature set would mix them.
FEATURES=(
  "ma20|technical.sma|{\"period\":20}"
  "ema20|technical.ema|{\"period\":20}"
  "roc10|technical.roc|{\"period\":10}"
  "rsi14|technical.rsi|{}"
  "macd|technical.macd|{}"
  "bb20|technical.bb|{}"
  "atr14|technical.atr|{}"
  "stoch|technical.stoch|{}"
  "adx14|technical.adx|{}"
  "obv|technical.obv|{}"
  "donchian20|technical.donchian|{}"
  "mfi14|technical.mfi|{}"
  "zscore20|statistical.zscore|{\"window\":20}"
  "moments20|statistical.rolling_moments|{}"
)

dotnet build src/Features.Host -c Release -nologo -v q -clp:ErrorsOnly || exit 1
dotnet build plugins/Technical -c Release -nologo -v q -clp:ErrorsOnly || exit 1
dotnet build plugins/Statistical -c Release -nologo -v q -clp:ErrorsOnly || exit 1
dotnet build bench/Universe -c Release -nologo -v q -clp:ErrorsOnly || exit 1
DLL=$ROOT/src/Features.Host/bin/Release/net10.0/Features.Host.dll
TOOL=(dotnet "$ROOT/bench/Universe/bin/Release/net10.0/Features.Universe.dll")
OUT=bench/results/universe.md
mkdir -p bench/results

json() { python3 -c "import sys,json; d=json.load(sys.stdin); print(d$1)"; }
kb() { awk -v k="$1:" '$1==k{print $2}' "/proc/$HOST_PID/status"; }
load() { cut -d' ' -f1 /proc/loadavg; }
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1==k{print $2}'; }

start_host() { # home, extra env...
  local home=$1; shift
  PORT=$(free_port)
  env FEATURES_HOME="$home" Features__SampleData__SeedOnStart=false Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    "$@" dotnet "$DLL" --urls "http://127.0.0.1:$PORT" > "$home/host.log" 2>&1 &
  HOST_PID=$!
  B=http://127.0.0.1:$PORT
  for _ in $(seq 1 300); do curl -sf "$B/health" >/dev/null && break; sleep 0.2; done
}
stop_host() { kill "$HOST_PID"; wait "$HOST_PID" 2>/dev/null; HOST_PID=""; }

# One timed phase: resets the host's peak RSS, runs the tool, appends a table row.
phase() { # backend label tool-args...
  local backend=$1 label=$2; shift 2
  echo 5 > "/proc/$HOST_PID/clear_refs" 2>/dev/null
  local before; before=$(load)
  local line; line=$("${TOOL[@]}" "$@" --symbols "$SYMBOLS" --clients "$CLIENTS")
  local status=$?
  local peak=$(( $(kb VmHWM) / 1024 ))
  echo "$backend $label: $line peak_rss_mb=$peak load=$before" >&2
  local items rate secs errors
  secs=$(field "$line" seconds); errors=$(field "$line" errors)
  if [ "$label" = ingest ]; then items="$(field "$line" uploads) uploads, $(field "$line" bars) bars"; rate="$(field "$line" bars_per_s) bars/s"
  else items="$(field "$line" items) ($(field "$line" cached) cached)"; rate="$(field "$line" items_per_s) items/s"; fi
  echo "| $backend | $label | $items | **$secs s** | $rate | $peak MB | $errors | $before → $(load) |" >> "$OUT"
  [ "$status" = 0 ] || echo "$backend $label failed: see $WORK" >&2
}

create_features() { # suffix -> FEATURE_IDS (comma-separated)
  local ids=()
  for f in "${FEATURES[@]}"; do
    IFS='|' read -r name key params <<< "$f"
    ids+=("$(curl -s -X POST "$B/api/v1/features" -H 'content-type: application/json' \
      -d "{\"name\":\"$name$1\",\"plugin_key\":\"$key\",\"parameters\":$params}" | json "['id']")")
  done
  FEATURE_IDS=$(IFS=,; echo "${ids[*]}")
}

{
  echo "# Universe ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD))"
  echo
  echo "Command: \`bash bench/universe.sh $BACKENDS\` ($SYMBOLS symbols, $CLIENTS clients); $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| backend | phase | items | wall | rate | host peak RSS | errors | load (1 min) |"
  echo "|---|---|--:|--:|--:|--:|--:|---|"
} > "$OUT"

run_backend() { # backend extra-env...
  local backend=$1; shift
  local home="$WORK/home-$backend"; mkdir -p "$home"
  start_host "$home" "$@"
  echo "| $backend | host idle | | | | $(( $(kb VmRSS) / 1024 )) MB | | |" >> "$OUT"
  phase "$backend" ingest ingest --url "$B"
  # The job on definitions of its own (a cache hit is per definition), so both uncached runs compute everything.
  create_features "-job"
  phase "$backend" "job uncached" job --url "$B" --features "$FEATURE_IDS"
  phase "$backend" "job cached" job --url "$B" --features "$FEATURE_IDS"
  create_features ""
  phase "$backend" "singles uncached" singles --url "$B" --features "$FEATURE_IDS"
  phase "$backend" "singles cached" singles --url "$B" --features "$FEATURE_IDS"
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
