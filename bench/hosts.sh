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
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; stop_servers; [ -n "${KEEP:-}" ] || rm -rf "$WORK"; }
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
OUT=bench/results/hosts.md
mkdir -p bench/results
load() { cut -d' ' -f1 /proc/loadavg; }
json() { python3 -c "import sys,json; d=json.load(sys.stdin); print(d$1)"; }

start_servers
[ -n "${FEATURES_TEST_POSTGRES:-}" ] && [ -n "${FEATURES_TEST_S3_URL:-}" ] || { echo "PostgreSQL/s3rver did not start" >&2; exit 1; }
SHARED=(Features__Database__Provider=postgres "Features__Database__ConnectionString=$FEATURES_TEST_POSTGRES"
  Features__ObjectStore__Provider=s3 "Features__ObjectStore__S3__ServiceUrl=$FEATURES_TEST_S3_URL"
  Features__ObjectStore__S3__Bucket=hosts Features__ObjectStore__S3__AccessKey=S3RVER Features__ObjectStore__S3__SecretKey=S3RVER)

start_host() { # index -> appends to PIDS, sets URL_<index>
  local home="$WORK/home-$1"; mkdir -p "$home"
  local port; port=$(free_port)
  env FEATURES_HOME="$home" Features__SampleData__SeedOnStart=false Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    "${SHARED[@]}" dotnet "$DLL" --urls "http://127.0.0.1:$port" > "$home/host.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
  eval "URL_$1=http://127.0.0.1:$port"
}

start_host 1
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
  [ "$hosts" -gt 1 ] && start_host "$hosts"
  ids=()
  for f in "${FEATURES[@]}"; do
    IFS='|' read -r key params <<< "$f"
    ids+=("$(curl -s -X POST "$B/api/v1/features" -H 'content-type: application/json' \
      -d "{\"name\":\"$key-h$hosts\",\"plugin_key\":\"$key\",\"parameters\":$params}" | json "['id']")")
  done
  before=$(load)
  line=$("${TOOL[@]}" job --url "$B" --features "$(IFS=,; echo "${ids[*]}")" --symbols "$SYMBOLS")
  echo "$hosts host(s): $line load=$before→$(load)" >&2
  field() { echo "$line" | tr ' ' '\n' | awk -F= -v k="$1" '$1==k{print $2}'; }
  echo "| $hosts | $(field items) ($(field status)) | $(field seconds) s | **$(field items_per_s)** | $before → $(load) |" >> "$OUT"
done
echo >> "$OUT"; echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
cat "$OUT"
