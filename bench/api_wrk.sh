#!/bin/sh
# HTTP API throughput: wrk against a small authenticated GET (/api/v1/tenant, Bearer token)
# and the unauthenticated /api/v1/health. Target: >= 20,000 requests/s on 2 cores.
#
# usage: bench/api_wrk.sh [build-dir] [server-threads] [seconds]
set -eu
BUILD=${1:-build}
THREADS=${2:-2}
SECONDS_PER_RUN=${3:-10}
SERVER="$BUILD/bench/api_bench_server"

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$SERVER" ] || { echo "missing $SERVER: ninja -C $BUILD api_bench_server" >&2; exit 2; }

OUT=$(mktemp)
"$SERVER" "$THREADS" >"$OUT" &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -f "$OUT"' EXIT INT TERM
for _ in $(seq 50); do [ -s "$OUT" ] && break; sleep 0.1; done
PORT=$(sed -n 's/^port=\([0-9]*\) .*/\1/p' "$OUT")
TOKEN=$(sed -n 's/.* token=\(cwk_[A-Za-z0-9_-]*\).*/\1/p' "$OUT")
[ -n "$PORT" ] || { echo "the bench server did not start" >&2; exit 1; }

run() {
  echo "== wrk -t2 -c64 -d${SECONDS_PER_RUN}s $*"
  wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" "$@" | grep -E "Requests/sec|Latency|Non-2xx|Socket errors" || true
}

echo "server: $THREADS HTTP threads on port $PORT ($(nproc) cores shared with wrk)"
run -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/tenant"
run "http://127.0.0.1:$PORT/api/v1/health"
