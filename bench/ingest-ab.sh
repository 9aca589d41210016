#!/usr/bin/env bash
# CSV ingest of two commits side by side in one run (issue 17: the Sep reader against the hand-written one):
# builds the host of BASE (default 84c982e, the last commit before the streamed ingest; 5adbb6b has the hand-written reader) from `git archive` in a
# temporary folder and the host of this work tree, both Release; writes one synthetic CSV of N bars (the bytes of
# bench/e2e.sh); then, alternating base and new for ROUNDS rounds (default 3), starts each host on a fresh embedded
# home and times `POST /api/v1/market-data/SYN/1m` with curl, as bench/e2e.sh does: the first upload of a fresh host
# (it pays for compiling the request's code), then the same file again as another symbol (SYN2: a served host).
# Load before and after goes into the table; only the side-by-side ratio means much on a loaded machine.
# curl streams the file from disk (-T): with --data-binary @file it first reads all 62 MB into memory, which took
# it 0.8-1.2 s (0.3-0.4 s CPU) at load 5 before the first byte was sent, and that is the client's time, not the host's.
# CLIENT=data-binary restores the old client.
# Usage: bash bench/ingest-ab.sh [BASE] [N]     writes bench/results/ingest-ab.md
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BASE=${1:-84c982e}
N=${2:-1000000}
WORK=$(mktemp -d /tmp/features-ingest-ab.XXXXXX)
. "$ROOT/scripts/servers.sh"
. "$ROOT/bench/host.sh"
HOST_PID=""
# utime + stime of the host in clock ticks (fields after the command name, which may hold spaces)
cpu_ticks() { sed 's/.*) //' "/proc/$HOST_PID/stat" | awk '{print $12 + $13}'; }
cleanup() { [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

mkdir -p "$WORK/base" && git archive "$BASE" | tar -x -C "$WORK/base"
(cd "$WORK/base" && dotnet build src/Features.Host -c Release -nologo -v q -clp:ErrorsOnly >/dev/null) || exit 1
dotnet build src/Features.Host -c Release -nologo -v q -clp:ErrorsOnly >/dev/null || exit 1
declare -A DLL=([base]="$WORK/base/src/Features.Host/bin/Release/net10.0/Features.Host.dll" [new]="$ROOT/src/Features.Host/bin/Release/net10.0/Features.Host.dll")
write_bars "$N" "$WORK/bars.csv"
if [ "${CLIENT:-}" = data-binary ]; then SEND=(--data-binary @"$WORK/bars.csv"); else SEND=(-T "$WORK/bars.csv"); fi

OUT=bench/results/ingest-ab.md
mkdir -p bench/results
{
  echo "# CSV ingest A/B ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "Command: \`CLIENT=${CLIENT:-upload-file} ROUNDS=${ROUNDS:-3} bash bench/ingest-ab.sh $BASE $N\`; base $BASE, new $(git rev-parse --short HEAD)$(git diff --quiet || echo '+dirty'); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| round | build | ingest s (fresh host) | again s (SYN2) | bars inserted | peak MB over idle | host CPU s (both) |"
  echo "|--:|---|--:|--:|--:|--:|--:|"
} > "$OUT"
for round in $(seq 1 "${ROUNDS:-3}"); do
  for build in base new; do
    home="$WORK/home-$build-$round"; mkdir -p "$home"
    start_host "$home" "${DLL[$build]}"; idle=$(kb VmRSS); cpu0=$(cpu_ticks)
    t=$(now)
    r=$(curl -s -X POST "$B/api/v1/market-data/SYN/1m" -H 'content-type: text/csv' "${SEND[@]}")
    ti=$(secs "$t" "$(now)")
    t=$(now)
    curl -s -o /dev/null -X POST "$B/api/v1/market-data/SYN2/1m" -H 'content-type: text/csv' "${SEND[@]}"
    ta=$(secs "$t" "$(now)"); peak=$(( ($(kb VmHWM) - idle) / 1024 )); cpu=$(python3 -c "print(f'{($(cpu_ticks)-$cpu0)/100:.2f}')")
    inserted=$(echo "$r" | python3 -c "import sys,json; print(json.load(sys.stdin).get('inserted'))" 2>/dev/null)
    stop_host; rm -rf "$home"
    echo "| $round | $build | $ti | $ta | $inserted | $peak | $cpu |" | tee -a "$OUT"
  done
done
echo >> "$OUT"; echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT"
cat "$OUT"
