#!/usr/bin/env bash
# CSV ingest of two commits side by side in one run (issue 17: the Sep reader against the hand-written one):
# builds the host of BASE (default 5adbb6b, the last commit with the hand-written reader) from `git archive` in a
# temporary folder and the host of this work tree, both Release; writes one synthetic CSV of N bars (the bytes of
# bench/e2e.sh); then, alternating base and new for ROUNDS rounds (default 3), starts each host on a fresh embedded
# home and times `POST /api/v1/market-data/SYN/1m` with curl, as bench/e2e.sh does.
# Usage: bash bench/ingest-ab.sh [BASE] [N]     writes bench/results/ingest-ab.md
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BASE=${1:-5adbb6b}
N=${2:-1000000}
WORK=$(mktemp -d /tmp/features-ingest-ab.XXXXXX)
. "$ROOT/scripts/servers.sh"
. "$ROOT/bench/host.sh"
HOST_PID=""
cleanup() { [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

mkdir -p "$WORK/base" && git archive "$BASE" | tar -x -C "$WORK/base"
(cd "$WORK/base" && dotnet build src/Features.Host -c Release -nologo -v q -clp:ErrorsOnly >/dev/null) || exit 1
dotnet build src/Features.Host -c Release -nologo -v q -clp:ErrorsOnly >/dev/null || exit 1
declare -A DLL=([base]="$WORK/base/src/Features.Host/bin/Release/net10.0/Features.Host.dll" [new]="$ROOT/src/Features.Host/bin/Release/net10.0/Features.Host.dll")
write_bars "$N" "$WORK/bars.csv"

OUT=bench/results/ingest-ab.md
mkdir -p bench/results
{
  echo "# CSV ingest A/B ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "Command: \`bash bench/ingest-ab.sh $BASE $N\`; base $BASE, new $(git rev-parse --short HEAD)$(git diff --quiet || echo '+dirty'); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| round | build | ingest s | bars inserted | peak MB over idle |"
  echo "|--:|---|--:|--:|--:|"
} > "$OUT"
for round in $(seq 1 "${ROUNDS:-3}"); do
  for build in base new; do
    home="$WORK/home-$build-$round"; mkdir -p "$home"
    start_host "$home" "${DLL[$build]}"; idle=$(kb VmRSS)
    t=$(now)
    r=$(curl -s -X POST "$B/api/v1/market-data/SYN/1m" -H 'content-type: text/csv' --data-binary @"$WORK/bars.csv")
    ti=$(secs "$t" "$(now)"); peak=$(( ($(kb VmHWM) - idle) / 1024 ))
    inserted=$(echo "$r" | python3 -c "import sys,json; print(json.load(sys.stdin).get('inserted'))" 2>/dev/null)
    stop_host; rm -rf "$home"
    echo "| $round | $build | $ti | $inserted | $peak |" | tee -a "$OUT"
  done
done
echo >> "$OUT"; echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
cat "$OUT"
