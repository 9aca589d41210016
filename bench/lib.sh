#!/usr/bin/env bash
# Shared by bench/universe.sh, qlib.sh, hosts.sh, backfill-latency.sh, training.sh and snapshot.sh: the Release build, the 14-feature set, a host as a process with
# its peak RSS, and one timed phase of the universe tool (NO_BUILD=1 skips the build). Source it after setting ROOT, WORK, SYMBOLS, CLIENTS, OUT.
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

# A bench deletes its folder on exit (tens of thousands of files). On ext4 without a journal, like this machine's disk,
# creating files stays several times dearer for a few minutes after such a delete (docs/BENCHMARKS.md, "The job path,
# session 23"), so a run started right after another measures that too: remove_work records when, and
# recent_delete_note says so in the results. Defined before the build below, which may exit: the
# benches' exit traps call remove_work.
LAST_DELETE_FILE=$ROOT/bench/results/.last-delete
remove_work() { [ -n "${KEEP:-}" ] && return; rm -rf "$WORK"; mkdir -p "$ROOT/bench/results"; date +%s > "$LAST_DELETE_FILE"; }
# For a results header: a blank line and the note on stdout (the results file) and the note on the terminal, or nothing.
recent_delete_note() {
  local then; then=$(cat "$LAST_DELETE_FILE" 2>/dev/null) || return 0
  local ago=$(( $(date +%s) - then ))
  [ "$ago" -lt 600 ] || return 0
  local note="Note: an earlier bench run deleted its folder ${ago} s before this one started; file creation may still be slower for it."
  echo; echo "$note"; echo "$note" >&2
}

if [ -z "${NO_BUILD:-}" ]; then
  dotnet build src/Features.Host -c Release -nologo -v q -clp:ErrorsOnly || exit 1
  dotnet build plugins/Technical -c Release -nologo -v q -clp:ErrorsOnly || exit 1
  dotnet build plugins/Statistical -c Release -nologo -v q -clp:ErrorsOnly || exit 1
  dotnet build bench/Universe -c Release -nologo -v q -clp:ErrorsOnly || exit 1
fi
# Debug and Release plugin builds share artifacts/plugins: a test run (Debug) after the bench's build would leave
# unoptimised kernels, with other version hashes, for the bench to measure.
for note in "$ROOT"/artifacts/plugin-builds/*.txt; do
  if [ "$(cat "$note" 2>/dev/null)" != Release ]; then
    echo "artifacts/plugins holds a $(cat "$note" 2>/dev/null || echo unknown) build of $(basename "$note" .txt); build Release first (run without NO_BUILD=1)" >&2
    exit 1
  fi
done
DLL=$ROOT/src/Features.Host/bin/Release/net10.0/Features.Host.dll
TOOL=(dotnet "$ROOT/bench/Universe/bin/Release/net10.0/Features.Universe.dll")
mkdir -p bench/results

json() { python3 -c "import sys,json; d=json.load(sys.stdin); print(d$1)"; }
kb() { awk -v k="$1:" '$1==k{print $2}' "/proc/$HOST_PID/status"; }
load() { cut -d' ' -f1 /proc/loadavg; }
# CPU seconds: of the host process (utime + stime), and of the whole machine (every process: host, servers, client).
host_cpu() { awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz}' "/proc/$HOST_PID/stat"; }
machine_cpu() { awk -v hz="$(getconf CLK_TCK)" '$1=="cpu"{printf "%.2f", ($2 + $3 + $4 + $7 + $8) / hz}' /proc/stat; }
# cpu_mark before a phase; cpu_spent after it sets HOST_S and MACHINE_S, the CPU seconds used since the mark.
cpu_mark() { CPU_MARK_HOST=$(host_cpu); CPU_MARK_MACHINE=$(machine_cpu); }
cpu_spent() {
  HOST_S=$(awk -v a="$CPU_MARK_HOST" -v b="$(host_cpu)" 'BEGIN{printf "%.1f", b - a}')
  MACHINE_S=$(awk -v a="$CPU_MARK_MACHINE" -v b="$(machine_cpu)" 'BEGIN{printf "%.1f", b - a}')
}
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1==k{print $2}'; }

start_host() { # home, extra env...
  local home=$1; shift
  PORT=$(free_port)
  # The host's own copy of the plugins, not watched: a build in the checkout during a run (tests, another bench) must not
  # hot-reload a plugin under it, which changes its version hashes and turns a cached phase into a recompute.
  mkdir -p "$home/plugins"; cp -r "$ROOT"/artifacts/plugins/. "$home/plugins/"
  printf '{"folders": ["plugins"], "hotReload": false, "rescanSeconds": 0, "computeTimeoutSeconds": 300, "trust": {"mode": "any", "sha256": []}}\n' > "$home/plugins.json"
  # WARMUP=false starts the host without its start-up warm-up (docs/JOBS.md), for a comparison.
  env FEATURES_HOME="$home" Features__PluginsFile="$home/plugins.json" Features__SampleData__SeedOnStart=false Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
    Features__Warmup__Enabled="${WARMUP:-true}" Logging__LogLevel__Features.Host.Warmup=Information \
    "$@" dotnet "$DLL" --urls "http://127.0.0.1:$PORT" > "$home/host.log" 2>&1 &
  HOST_PID=$!
  B=http://127.0.0.1:$PORT
  for _ in $(seq 1 300); do curl -sf "$B/health" >/dev/null && break; sleep 0.2; done
}
stop_host() { kill "$HOST_PID"; wait "$HOST_PID" 2>/dev/null; HOST_PID=""; }
# The host's warm-up log line ("Warm-up: N items of ... in S s", or its failure), or "off".
warmup_line() { # home
  [ "${WARMUP:-true}" = false ] && { echo off; return; }
  grep -A1 -E "StartupWarmup" "$1/host.log" | grep -v StartupWarmup | head -1 | sed 's/^ *//'
}

# One timed phase: resets the host's peak RSS, runs the tool, appends a table row.
phase() { # backend label tool-args...
  local backend=$1 label=$2; shift 2
  echo 5 > "/proc/$HOST_PID/clear_refs" 2>/dev/null
  local before; before=$(load)
  cpu_mark
  local line; line=$("${TOOL[@]}" "$@" --symbols "$SYMBOLS" --clients "$CLIENTS")
  local status=$?
  cpu_spent
  local peak=$(( $(kb VmHWM) / 1024 ))
  echo "$backend $label: $line peak_rss_mb=$peak load=$before host_cpu_s=$HOST_S machine_cpu_s=$MACHINE_S" >&2
  local items rate secs errors
  secs=$(field "$line" seconds); errors=$(field "$line" errors)
  if [ "$label" = ingest ]; then items="$(field "$line" uploads) uploads, $(field "$line" bars) bars"; rate="$(field "$line" bars_per_s) bars/s"
  else items="$(field "$line" items) ($(field "$line" cached) cached)"; rate="$(field "$line" items_per_s) items/s"; fi
  echo "| $backend | $label | $items | **$secs s** | $rate | $HOST_S s | $MACHINE_S s | $peak MB | $errors | $before → $(load) |" >> "$OUT"
  [ "$status" = 0 ] || echo "$backend $label failed: see $WORK" >&2
}

# Without a storage root the definitions take the default prefix (the plugin key): definitions of the same plugin and
# parameters then share object keys, so a second set's job writes its objects over the first set's identical ones.
create_features() { # suffix [storage-root] -> FEATURE_IDS (comma-separated)
  local ids=() prefix=""
  for f in "${FEATURES[@]}"; do
    IFS='|' read -r name key params <<< "$f"
    [ -n "${2:-}" ] && prefix=",\"storage_prefix\":\"$2/$key\""
    ids+=("$(curl -s -X POST "$B/api/v1/features" -H 'content-type: application/json' \
      -d "{\"name\":\"$name$1\",\"plugin_key\":\"$key\",\"parameters\":$params$prefix}" | json "['id']")")
  done
  FEATURE_IDS=$(IFS=,; echo "${ids[*]}")
}

# Submits a training-set body and polls until the job has finished, from one Python process (a curl and a Python start per
# poll cost the machine a tenth of a core, taken from the host being measured); prints "seconds=.. status=.. cached=.. hash=.. rows=..".
submit_training_and_wait() { # body-file
  python3 - "$B" "$1" <<'PY'
import json, sys, time, urllib.request
base, body = sys.argv[1], open(sys.argv[2], "rb").read()
started = time.monotonic()
req = urllib.request.Request(base + "/api/v1/training-sets", data=body, headers={"content-type": "application/json"})
try:
    submitted = json.load(urllib.request.urlopen(req))
except urllib.error.HTTPError as e:
    print(f"seconds=0 status=rejected cached= hash= error={e.code}:{e.read()[:300]!r}"); sys.exit(1)
while True:
    read = json.load(urllib.request.urlopen(f"{base}/api/v1/training-sets/{submitted['id']}"))
    if read["status"] in ("succeeded", "failed", "cancelled", "completed_with_errors"): break
    time.sleep(0.1)
seconds = time.monotonic() - started
print(f"seconds={seconds:.2f} status={read['status']} cached={read.get('cached')} hash={(read.get('content_hash') or '')[:12]} id={submitted['id']} rows={read.get('row_count') or read.get('rows') or ''}")
if read["status"] != "succeeded": print(json.dumps(read.get("error")), file=sys.stderr); sys.exit(1)
PY
}
