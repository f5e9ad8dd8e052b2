#!/usr/bin/env bash
# Query endpoint overhead: p50/p99 of `SELECT 1` through POST /v1/query over one keep-alive
# connection, measured by a separate process (node). Target: p50 < 2 ms.
#   bench/serve_query.sh [path/to/tarn] [requests]
set -euo pipefail
TARN="${1:-build/release/tarn}"
COUNT="${2:-2000}"
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="$(mktemp -d)"
"$TARN" serve --data-dir "$WORK/data" --listen 127.0.0.1:0 --rate-per-address 0 \
  --rate-per-principal 0 2>"$WORK/server.log" &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
PORT=""
for _ in $(seq 1 200); do
  PORT="$(grep -o '"msg":"listening".*"port":[0-9]*' "$WORK/server.log" | grep -o '[0-9]*$' || true)"
  [[ -n "$PORT" ]] && break
  sleep 0.05
done
[[ -n "$PORT" ]] || { cat "$WORK/server.log"; exit 1; }
TOKEN="$(grep -A1 "store it safely" "$WORK/server.log" | tail -1)"
node "$HERE/serve_query.mjs" "http://127.0.0.1:$PORT" "$TOKEN" "$COUNT"
