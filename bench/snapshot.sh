#!/usr/bin/env bash
# The point-in-time snapshot benchmark of issue 15: POST /api/v1/training-sets/snapshot over 500 symbols x 14 features
# (the universe benchmark's synthetic daily symbols and its 14 features), every dataset materialised. Release host as
# a process on the embedded default (SQLite + local folder). Steps: ingest SYMBOLS symbols of daily bars over
# [FROM, TO) through the API; create the 14 features; one snapshot at AS_OF that computes every missing dataset
# (timed once); a second one that loads nothing (warm-up); then RUNS snapshots timed by curl (wall time of the whole
# HTTP request, JSON response included). Prints min / median / p90 / max in ms and writes bench/results/snapshot.md.
# Usage: bash bench/snapshot.sh            SYMBOLS=100 RUNS=20 bash bench/snapshot.sh   (smaller, while developing)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SYMBOLS=${SYMBOLS:-500}
RUNS=${RUNS:-50}
FROM=${FROM:-2019-07-01}
TO=${TO:-2021-01-01}
AS_OF=${AS_OF:-2020-12-15T00:00:00Z}
WORK=$(mktemp -d /tmp/features-snapshot.XXXXXX)
chmod 755 "$WORK"
. "$ROOT/scripts/servers.sh"
HOST_PID=""
cleanup() { [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null; wait 2>/dev/null; remove_work; }
trap cleanup EXIT

OUT=bench/results/snapshot.md
. "$ROOT/bench/lib.sh"

home="$WORK/home"; mkdir -p "$home"
start_host "$home"
echo "ingesting $SYMBOLS symbols [$FROM, $TO)" >&2
"${TOOL[@]}" ingest --url "$B" --symbols "$SYMBOLS" --from "$FROM" --to "$TO" >&2 || exit 1

ids=()
for f in "${FEATURES[@]}"; do
  IFS='|' read -r name key params <<< "$f"
  ids+=("\"$(curl -s -X POST "$B/api/v1/features" -H 'content-type: application/json' \
    -d "{\"name\":\"$name\",\"plugin_key\":\"$key\",\"parameters\":$params}" | json "['id']")\"")
done
members=$(printf '{"feature_id":%s},' "${ids[@]}")
echo "{\"features\":[${members%,}],\"symbols\":{\"prefix\":\"S\"},\"timeframe\":\"1d\",\"as_of\":\"$AS_OF\"}" > "$WORK/request.json"

snapshot() { curl -s -o "$WORK/response.json" -w '%{http_code} %{time_total}\n' -X POST "$B/api/v1/training-sets/snapshot" \
  -H 'content-type: application/json' --data-binary "@$WORK/request.json"; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
read -r code first < <(snapshot)
[ "$code" = 200 ] || { echo "snapshot failed ($code): $(head -c 2000 "$WORK/response.json")" >&2; exit 1; }
computed=$(json "['datasets']['computed']" < "$WORK/response.json")
count=$(json "['datasets']['count']" < "$WORK/response.json")
rows=$(json "['rows'].__len__()" < "$WORK/response.json")
columns=$(json "['columns'].__len__()" < "$WORK/response.json")
echo "first snapshot: ${first}s, $computed of $count datasets computed, $rows rows x $columns columns" >&2
snapshot >/dev/null # the first one that finds everything materialised
: > "$WORK/times"
for _ in $(seq 1 "$RUNS"); do
  read -r code t < <(snapshot)
  [ "$code" = 200 ] || { echo "snapshot failed ($code)" >&2; exit 1; }
  echo "$t" >> "$WORK/times"
done
cached=$(json "['datasets']['computed']" < "$WORK/response.json")
bytes=$(stat -c %s "$WORK/response.json")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
stats=$(sort -n "$WORK/times" | awk '{t[NR]=$1*1000} END {printf "min=%.1f median=%.1f p90=%.1f max=%.1f", t[1], t[int((NR+1)/2)], t[int(NR*0.9)], t[NR]}')
rss=$(( $(awk '$1=="VmHWM:"{print $2}' "/proc/$HOST_PID/status") / 1024 ))
{
  echo "# Snapshot ($(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD))"
  echo
  echo "Command: \`bash bench/snapshot.sh\` (SYMBOLS=$SYMBOLS RUNS=$RUNS FROM=$FROM TO=$TO AS_OF=$AS_OF); $(nproc) cores;" \
    "load average before: $load_before, after: $load_after"
  echo
  echo "| what | figure |"
  echo "|---|---|"
  echo "| universe | $rows symbols x $columns columns (14 features), $count datasets |"
  echo "| first snapshot (computes what is missing) | ${first} s, $computed datasets computed |"
  echo "| materialised snapshot, $RUNS runs, ms (curl wall time) | $stats |"
  echo "| datasets computed in the timed runs | $cached |"
  echo "| response | $bytes bytes |"
  echo "| host peak RSS | $rss MB |"
} > "$OUT"
cat "$OUT"
