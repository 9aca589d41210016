# Sourced by the bench scripts: a Release host as a process on an embedded home, and its memory from /proc.
# start_host HOME DLL sets HOST_PID and B (the base URL); stop_host ends it. Needs free_port (scripts/servers.sh).
kb() { awk -v k="$1:" '$1==k{print $2}' "/proc/$HOST_PID/status"; }
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2-$1:.3f}')"; }

start_host() { # home dll
  PORT=$(free_port)
  env FEATURES_HOME="$1" Features__SampleData__SeedOnStart=false Features__Limits__MaxBarsPerGenerate=20000000 \
    Features__Limits__MaxUploadBytes=2000000000 Features__Plugins__ComputeTimeoutSeconds=600 \
    Logging__LogLevel__Default=Warning Logging__LogLevel__Features.Host.Generation=Information ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$2" --urls "http://127.0.0.1:$PORT" > "$1/host.log" 2>&1 &
  HOST_PID=$!
  B=http://127.0.0.1:$PORT
  for _ in $(seq 1 200); do curl -sf "$B/health" >/dev/null && break; sleep 0.1; done
  sleep 1
}
stop_host() { kill "$HOST_PID"; wait "$HOST_PID" 2>/dev/null; HOST_PID=""; }

# write_bars N PATH: a synthetic one-minute CSV (geometric random walk, fixed seed), the same bytes every time.
write_bars() {
  python3 - "$1" "$2" <<'PY'
import sys, random, math, datetime
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(7); t = datetime.datetime(2020, 1, 1); minute = datetime.timedelta(minutes=1); p = 100.0
with open(path, "w") as f:
    f.write("timestamp,open,high,low,close,volume\n")
    w = f.write
    for i in range(n):
        o = p; p *= math.exp(rnd.gauss(0, 0.0005)); c = p
        h = max(o, c) * 1.0002; l = min(o, c) * 0.9998
        w(f"{t:%Y-%m-%dT%H:%M}:00Z,{o:.4f},{h:.4f},{l:.4f},{c:.4f},{1000 + (i % 977)}\n"); t += minute
PY
}
