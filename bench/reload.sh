#!/usr/bin/env bash
# Time from a plugin folder change to /plugins/available showing it, against a running host on the embedded default
# with a second watched root, deployed the ways an operator does: cp -r in, an atomic swap (mv out && mv in), rm -rf.
#   bash bench/reload.sh [rounds=10]        (docs/PLUGINS.md, "Measured delay", has the figures)
# Builds samples/HelloPlugin twice (the second with -p:Version=1.0.2, so the assembly hash differs), starts the
# Debug host build (dotnet build Features.sln first) on a free port, polls every 20 ms with curl, prints median and max.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-10}
WORK=$(mktemp -d /tmp/features-reload-XXXXXX)
HOST_PID=
cleanup() { [ -n "$HOST_PID" ] && kill "$HOST_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

# The second build differs only in its assembly version; BuildProjectReferences=false keeps that version off the SDK,
# which the host build has built already.
dotnet build samples/HelloPlugin -nologo -v q -clp:ErrorsOnly -p:PluginsRoot="$WORK/build1/" >/dev/null
dotnet build samples/HelloPlugin -nologo -v q -clp:ErrorsOnly -p:PluginsRoot="$WORK/build2/" -p:Version=1.0.2 -p:BuildProjectReferences=false >/dev/null
mkdir -p "$WORK/extra" "$WORK/home"
cat >"$WORK/plugins.json" <<EOF
{ "folders": ["$PWD/artifacts/plugins", "$WORK/extra"], "hotReload": true, "computeTimeoutSeconds": 300,
  "trust": { "mode": "any", "sha256": [] } }
EOF
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
B=http://127.0.0.1:$PORT
Features__PluginsFile="$WORK/plugins.json" FEATURES_HOME="$WORK/home" \
  dotnet src/Features.Host/bin/Debug/net10.0/Features.Host.dll --urls "$B" >"$WORK/host.log" 2>&1 &
HOST_PID=$!
until curl -sf "$B/health" >/dev/null; do sleep 0.2; kill -0 "$HOST_PID" || { cat "$WORK/host.log"; exit 1; }; done

version() { curl -sf "$B/api/v1/features/plugins/available" | jq -r '.[] | select(.key=="sample.momentum") | .version'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# wait_for EXPECTED START: polls until version() prints EXPECTED ("" = not listed); prints the delay in ms
wait_for() {
  while [ "$(version)" != "$1" ]; do
    [ $(( $(now_ms) - $2 )) -gt 15000 ] && { echo "timeout waiting for '$1'" >&2; exit 1; }
    sleep 0.02
  done
  echo $(( $(now_ms) - $2 ))
}
stage() { rm -rf "$WORK/stage"; mkdir -p "$WORK/stage"; cp -r "$WORK/build$1/HelloPlugin" "$WORK/stage/"; }
expected() { echo "1.0.0+$(sha256sum "$WORK/build$1/HelloPlugin/HelloPlugin.dll" | cut -c1-16)"; }
V1=$(expected 1); V2=$(expected 2)

declare -a COPY SWAP DELETE
for ((i = 0; i < ROUNDS; i++)); do
  t=$(now_ms); cp -r "$WORK/build1/HelloPlugin" "$WORK/extra/"; COPY+=("$(wait_for "$V1" "$t")")
  stage 2; t=$(now_ms)
  mv "$WORK/extra/HelloPlugin" "$WORK/old$i" && mv "$WORK/stage/HelloPlugin" "$WORK/extra/HelloPlugin"
  SWAP+=("$(wait_for "$V2" "$t")")
  t=$(now_ms); rm -rf "$WORK/extra/HelloPlugin"; DELETE+=("$(wait_for "" "$t")")
done

summary() { local name=$1; shift; printf '%s\n' "$@" | sort -n | awk -v n="$name" '{a[NR]=$1} END {printf "%-7s n=%d median=%d ms max=%d ms\n", n, NR, a[int((NR+1)/2)], a[NR]}'; }
summary "cp -r" "${COPY[@]}"
summary "swap" "${SWAP[@]}"
summary "rm -rf" "${DELETE[@]}"
echo "watcher re-created $(grep -c 'file watcher re-created' "$WORK/host.log" || true) times"
