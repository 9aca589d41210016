#!/usr/bin/env bash
# Runs every test of the solution: SDK and plugin conformance, the API on the embedded default
# (SQLite + local folder), and the same API against a real PostgreSQL cluster and a real S3-protocol
# server (s3rver), both started here on 127.0.0.1 and stopped on exit. Installs what is missing
# (PostgreSQL from Debian's packages, s3rver from npm with the committed lock file).
# Then the sample plugin's tests (samples/HelloPlugin.Tests) on the packed SDK and conformance kit.
# Prints "N passed, N failed" last; exits non-zero on any failure. Extra arguments go to dotnet test
# (e.g. scripts/test.sh --filter "FullyQualifiedName~Generation").
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(mktemp -d /tmp/features-test.XXXXXX)
chmod 755 "$WORK"

. "$ROOT/scripts/servers.sh"
cleanup() { stop_servers; rm -rf "$WORK"; }
trap cleanup EXIT
start_servers

# --- build once, then run every test project ------------------------------------------------------
RESULTS="$WORK/results"
log "building"
if ! dotnet build Features.sln -c Debug -nologo -v q -clp:ErrorsOnly >"$WORK/build.log" 2>&1; then
  cat "$WORK/build.log" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
log "testing"
dotnet test Features.sln -c Debug --no-build --nologo --logger "trx" --logger "console;verbosity=minimal" --results-directory "$RESULTS" "$@" 2>&1 | grep -v -E '^\s*$' | tail -n 60
status=${PIPESTATUS[0]}

# --- the sample plugin's tests, on the packages a third party would use ---------------------------
# samples/HelloPlugin.Tests is not in Features.sln (it restores our own packages, which the solution build must
# not need): pack the SDK and the conformance kit into artifacts/feed, then restore the sample's tests (and the
# sample, switched to the SDK package) from that feed plus the usual source, into a private packages folder so a
# stale copy of our packages in the machine's NuGet cache is never used; the cache still serves everything else.
# Runs on an unfiltered run, or when the arguments name HelloPlugin.
sample_status=0
if [ $# -eq 0 ] || [[ "$*" == *HelloPlugin* ]]; then
  log "sample plugin tests (packages from artifacts/feed)"
  FEED="$ROOT/artifacts/feed"
  rm -rf "$FEED"
  CACHE="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
  fallback=()
  if [ -d "$CACHE" ] && ! ls -d "$CACHE"/features.pluginsdk* >/dev/null 2>&1; then fallback=("-p:RestoreFallbackFolders=$CACHE"); fi
  if dotnet pack src/Features.PluginSdk -c Debug --no-build -nologo -v q -o "$FEED" >"$WORK/pack.log" 2>&1 &&
     dotnet pack src/Features.PluginSdk.Testing -c Debug --no-build -nologo -v q -o "$FEED" >>"$WORK/pack.log" 2>&1; then
    dotnet test samples/HelloPlugin.Tests -c Debug --nologo -p:FeaturesSdkSource=package "-p:RestoreAdditionalProjectSources=$FEED" \
      "-p:RestorePackagesPath=$WORK/packages" "${fallback[@]}" --logger "trx;LogFileName=HelloPlugin.Tests.trx" \
      --logger "console;verbosity=minimal" --results-directory "$RESULTS" "$@" 2>&1 | grep -v -E '^\s*$' | tail -n 20
    sample_status=${PIPESTATUS[0]}
  else
    cat "$WORK/pack.log" >&2
    sample_status=1
  fi
fi
if [ "$status" = 0 ]; then status=$sample_status; fi

# The benchmarks are not timed tests: CI only checks that they build (above) and that a short smoke run of
# every kernel and codec completes. It counts as one check in the summary.
smoke_passed=0; smoke_failed=0
if [ $# -gt 0 ]; then
  log "filtered run: benchmark smoke run skipped"
elif log "benchmark smoke run"; dotnet run --project tests/Features.Benchmarks -c Debug --no-build -- --smoke >"$WORK/smoke.log" 2>&1; then
  smoke_passed=1; smoke_failed=0
else
  smoke_failed=1; log "benchmark smoke run failed:"; tail -20 "$WORK/smoke.log" >&2
fi

passed=$smoke_passed; failed=$smoke_failed; files=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*' "$trx" | head -1)
  p=$(echo "$counters" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
  f=$(echo "$counters" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
  e=$(echo "$counters" | grep -o ' error="[0-9]*"' | grep -o '[0-9]*')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
done
if [ "$files" = 0 ]; then failed=$((failed + 1)); fi
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
