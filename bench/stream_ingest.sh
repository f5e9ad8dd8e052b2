#!/usr/bin/env bash
# Streaming ingest: tarn_loadgen (a separate process, loopback, HTTP/1.1 keep-alive) puts batches
# of 500 ~200-byte JSON records from CONNECTIONS concurrent connections into one stream of a fresh
# `tarn serve` for SECONDS, with durability on (each batch acknowledged after fdatasync of the
# stream's WAL). Prints records/s sustained and the p50/p99 acknowledgement latency, then flushes
# and checks that the table holds exactly the acknowledged records.
# Target: >= 500k records/s, p99 < 50 ms on 2 cores.
#   bench/stream_ingest.sh [path/to/tarn] [seconds] [connections]
set -euo pipefail
TARN="$(realpath "${1:-build/release/tarn}")"
DURATION="${2:-20}"
CONNECTIONS="${3:-8}"
LOADGEN="$(dirname "$TARN")/tarn_loadgen"
HERE="$(cd "$(dirname "$0")" && pwd)"
[[ -x "$LOADGEN" ]] || { echo "no $LOADGEN: build the tarn_loadgen target" >&2; exit 1; }
WORK="$(mktemp -d)"
"$TARN" serve --data-dir "$WORK/data" --listen 127.0.0.1:0 --rate-per-address 0 \
  --rate-per-principal 0 ${TARN_SERVE_ARGS:-} 2>"$WORK/server.log" &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
PORT=""
for _ in $(seq 1 200); do
  PORT="$(grep -o '"msg":"listening".*"port":[0-9]*' "$WORK/server.log" | grep -o '[0-9]*$' || true)"
  [[ -n "$PORT" ]] && break
  sleep 0.05
done
[[ -n "$PORT" ]] || { cat "$WORK/server.log"; exit 1; }
URL="http://127.0.0.1:$PORT"
TOKEN="$(grep -A1 "store it safely" "$WORK/server.log" | tail -1)"
SCHEMA='[{"name":"id","type":"BIGINT","nullable":false},{"name":"ts","type":"VARCHAR"},{"name":"user","type":"VARCHAR"},{"name":"event","type":"VARCHAR"},{"name":"page","type":"VARCHAR"},{"name":"value","type":"DOUBLE"},{"name":"ok","type":"BOOLEAN"},{"name":"note","type":"VARCHAR"}]'
curl -sf "$URL/v1/streams" -H "Authorization: Bearer $TOKEN" \
  -d "{\"name\":\"bench\",\"schema\":$SCHEMA}" > /dev/null

source "$HERE/lib.sh"
echo "## stream ingest: $CONNECTIONS connections x batches of 500 ~200-byte records, $DURATION s"
bench_machine
echo "- Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
# CPU seconds (user + system) of a process, from /proc/PID/stat.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"
}
RSS_BEFORE="$(awk '/^VmRSS/ {print $2}' /proc/$PID/status)"
CPU_BEFORE="$(cpu_seconds "$PID")"
"$LOADGEN" --url "$URL" --token "$TOKEN" --stream bench --connections "$CONNECTIONS" \
  --seconds "$DURATION" > "$WORK/loadgen.out" &
LOADGEN_PID=$!
sleep "$(echo "$DURATION - 0.5" | bc)"
LOADGEN_CPU="$(cpu_seconds "$LOADGEN_PID")"
wait "$LOADGEN_PID"
cat "$WORK/loadgen.out"
CPU_AFTER="$(cpu_seconds "$PID")"
RSS_AFTER="$(awk '/^VmRSS/ {print $2}' /proc/$PID/status)"
echo "- Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); server RSS ${RSS_BEFORE} -> ${RSS_AFTER} KiB"
ACKED="$(sed -n 's/.*acked_records=\([0-9]*\).*/\1/p' "$WORK/loadgen.out")"
SERVER_CPU="$(echo "$CPU_AFTER - $CPU_BEFORE" | bc)"
echo "- CPU: server ${SERVER_CPU} s, load generator ~${LOADGEN_CPU} s for $ACKED records:" \
  "$(echo "scale=2; $SERVER_CPU * 1000000 / $ACKED" | bc) us (server) +" \
  "$(echo "scale=2; $LOADGEN_CPU * 1000000 / $ACKED" | bc) us (client) per record;" \
  "2 cores would sustain ~$(echo "2 * $ACKED / ($SERVER_CPU + $LOADGEN_CPU)" | bc) records/s"
curl -sf -X POST "$URL/v1/streams/bench/flush" -H "Authorization: Bearer $TOKEN" > /dev/null
ROWS="$(curl -s "$URL/v1/query" -H "Authorization: Bearer $TOKEN" -H "Accept: text/csv" \
  -d '{"sql": "SELECT count(*) AS n FROM raw.bench"}' | tr -d '\r' | tail -1)"
WAL="$(du -sb "$WORK/data/streams" 2>/dev/null | cut -f1 || echo '?')"
echo "- Rows in raw.bench after flush: $ROWS; acknowledged records: $ACKED; streams dir after flush: $WAL bytes"
if [[ "$ROWS" != "$ACKED" ]]; then
  echo "MISMATCH: the table holds $ROWS rows, $ACKED records were acknowledged" >&2
  exit 1
fi
