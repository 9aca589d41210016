# Shared by scripts/test.sh and bench/load.sh: installs (if missing) and starts a throwaway PostgreSQL
# cluster and an s3rver on free ports of 127.0.0.1 under $WORK, exporting FEATURES_TEST_* for the callers.
# Source it after setting WORK and ROOT; call start_servers, and stop_servers on exit.
log() { printf '[test] %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq >/dev/null 2>&1; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

wait_port() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done; return 1; }

PG_BIN=""
PG_RUN=()
S3_PID=""
stop_servers() {
  PG_PID_DIR="${PG_PID_DIR:-$WORK/pg}"
  if [ -n "$PG_BIN" ] && [ -f "$PG_PID_DIR/data/postmaster.pid" ]; then
    "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_PID_DIR/data" -m immediate stop >/dev/null 2>&1
  fi
  [ -n "$S3_PID" ] && kill "$S3_PID" >/dev/null 2>&1
  # Fault tests restart s3rver themselves; end every instance serving this run's folder.
  pkill -f "s3rver -d $WORK/s3" >/dev/null 2>&1
  return 0
}

start_servers() {
PG_PID_DIR="$WORK/pg"
# --- PostgreSQL: a throwaway cluster as a non-root user on a free port -----------------------------
PG_BIN=$(pg_bin)
if [ -z "$PG_BIN" ]; then
  log "installing PostgreSQL from Debian's packages"
  apt_install postgresql || log "could not install postgresql"
  PG_BIN=$(pg_bin)
fi
if [ -n "$PG_BIN" ]; then
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    PG_RUN=(runuser -u postgres --)
  fi
  mkdir -p "$PG_PID_DIR" && [ "$(id -u)" = 0 ] && chown postgres "$PG_PID_DIR"
  PG_PORT=$(free_port)
  if "${PG_RUN[@]}" "$PG_BIN/initdb" -D "$PG_PID_DIR/data" -U postgres --auth=trust -E UTF8 --no-sync >"$WORK/initdb.log" 2>&1 \
     && "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_PID_DIR/data" -w -t 60 -l "$PG_PID_DIR/server.log" \
          -o "-p $PG_PORT -k $PG_PID_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null 2>&1; then
    export FEATURES_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=100"
    export FEATURES_TEST_PG_CTL="${PG_RUN[*]} $PG_BIN/pg_ctl -D $PG_PID_DIR/data -w -t 60 -l $PG_PID_DIR/server.log -o '-p $PG_PORT -k $PG_PID_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300'"
    log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
  else
    log "PostgreSQL did not start:"; tail -5 "$WORK/initdb.log" "$PG_PID_DIR/server.log" 2>/dev/null >&2
  fi
else
  log "PostgreSQL is not available; integration tests will fail under CI=true"
fi

# --- s3rver: the S3-protocol test server from npm (lock file committed) ---------------------------
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "installing Node.js and npm from Debian's packages"
  apt_install nodejs npm || log "could not install nodejs/npm"
fi
if command -v npm >/dev/null; then
  (cd tests/s3rver && npm ci --no-audit --no-fund --silent >"$WORK/npm.log" 2>&1) || { log "npm ci failed:"; tail -5 "$WORK/npm.log" >&2; }
  if [ -x tests/s3rver/node_modules/.bin/s3rver ]; then
    S3_PORT=$(free_port)
    mkdir -p "$WORK/s3"
    node tests/s3rver/s3rver -d "$WORK/s3" -a 127.0.0.1 -p "$S3_PORT" --silent >"$WORK/s3.log" 2>&1 &
    S3_PID=$!
    if wait_port "$S3_PORT"; then
      export FEATURES_TEST_S3_URL="http://127.0.0.1:$S3_PORT"
      export FEATURES_TEST_S3_DIR="$WORK/s3"
      export FEATURES_TEST_S3_START="node $ROOT/tests/s3rver/s3rver -d $WORK/s3 -a 127.0.0.1 -p $S3_PORT --silent"
      log "s3rver on 127.0.0.1:$S3_PORT"
    else
      log "s3rver did not start:"; tail -5 "$WORK/s3.log" >&2
    fi
  fi
fi
# --- Chromium: Debian's browser for the web UI tests (Playwright drives it; its own download is unreachable) --------
if [ ! -x "${FEATURES_TEST_CHROMIUM:-/usr/bin/chromium}" ]; then
  log "installing Chromium from Debian's packages"
  apt_install chromium || log "could not install chromium; the browser tests will fail"
fi
}
