#!/usr/bin/env bash
# Fault test of durable streams ($1 = tarn): tarn_loadgen puts batches of 500 uniquely numbered
# records continuously and logs every acknowledged batch; the server is killed with SIGKILL at
# random moments KILLS times and restarted on the same port (deliveries run every ~2 s, so some
# kills land during a delivery). Afterwards every acknowledged record must be in the table exactly
# once, every batch all-or-nothing (an unacknowledged batch may or may not be there), no other
# record and nothing in the error table. ~60 s.
E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$E2E_DIR/lib.sh" "$1"
source "$E2E_DIR/stream_lib.sh"
command -v curl >/dev/null || { echo "stream_kill_test: skipped (needs curl)"; exit 0; }
[[ -x "$LOADGEN" ]] || { fail "no load generator at $LOADGEN (build target tarn_loadgen)"; finish stream_kill_test; }
KILLS="${STREAM_KILLS:-6}"
SECONDS_TOTAL=$((KILLS * 7 + 6))
RANDOM=$$

start_server "$WORK/server0.log" || finish stream_kill_test
TOKEN="$(grep -A1 "store it safely" "$WORK/server0.log" | tail -1)"
SCHEMA='[{"name":"id","type":"BIGINT","nullable":false},{"name":"ts","type":"VARCHAR"},{"name":"user","type":"VARCHAR"},{"name":"event","type":"VARCHAR"},{"name":"page","type":"VARCHAR"},{"name":"value","type":"DOUBLE"},{"name":"ok","type":"BOOLEAN"},{"name":"note","type":"VARCHAR"}]'
http_status "create" 201 "" "$URL/v1/streams" -H "Authorization: Bearer $TOKEN" \
  -d "{\"name\":\"kill\",\"schema\":$SCHEMA,\"buffer_seconds\":2,\"buffer_bytes\":4000000,\"partitioning\":\"arrival_time\"}"
LISTEN="127.0.0.1:$PORT"

echo "first_id n" > "$WORK/acks.txt"
# Moderate load (~50k records/s at most): enough batches in flight at every kill, while the data
# the test writes to its temporary directory stays near a gigabyte.
"$LOADGEN" --url "$URL" --token "$TOKEN" --stream kill --connections 3 --seconds "$SECONDS_TOTAL" \
  --pause-ms 20 --ack-log "$WORK/acks.txt" > "$WORK/loadgen.out" 2>&1 &
LOADGEN_PID=$!
EXTRA_PIDS+=("$LOADGEN_PID")

for round in $(seq 1 "$KILLS"); do
  sleep "$((2 + RANDOM % 4)).$((RANDOM % 10))"
  kill -9 "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null
  sleep 0.$((RANDOM % 5))
  start_server "$WORK/server$round.log" --listen "$LISTEN" || break
done
wait "$LOADGEN_PID"
cat "$WORK/loadgen.out"
ACKED="$(($(wc -l < "$WORK/acks.txt") - 1))"
[[ "$ACKED" -gt 0 ]] || fail "no batch was acknowledged"

# A graceful stop delivers the rest; then the lake is checked with `tarn sql` on the data
# directory (the acknowledgement log is a local file).
stop_server
check() {
  local name="$1" expected="$2" sql="$3" actual
  actual="$("$TARN" sql --data-dir "$DATA" --format csv -c "$sql" 2>&1 | tail -n +2)"
  [[ "$actual" == "$expected" ]] || fail "$name: got '$actual', expected '$expected'"
}
# Ids are id-base + connection * 10^9 + n with n counting 500 per attempt, so id // 500 names the
# batch (attempt) a record came in.
BATCHES="(SELECT id // 500 AS batch, count(*) AS n FROM raw.kill GROUP BY 1)"
ACKS="read_csv('$WORK/acks.txt', delim=' ', header=true)"
check "no duplicate ids" 0 "SELECT count(*) - count(DISTINCT id) FROM raw.kill"
check "batches all-or-nothing" 0 "SELECT count(*) FROM $BATCHES b WHERE n <> 500"
check "acknowledged batches present" 0 \
  "SELECT count(*) FROM $ACKS a LEFT JOIN $BATCHES b ON a.first_id // 500 = b.batch WHERE b.n IS NULL"
check "no foreign records" 0 \
  "SELECT count(*) FROM raw.kill WHERE id < 1000000000000 OR id >= 1004000000000 OR id % 1000000000 >= 100000000 OR note IS NULL OR event NOT IN ('click', 'view', 'purchase', 'scroll')"
ERRORS="$("$TARN" sql --data-dir "$DATA" --format csv -c "SELECT count(*) FROM raw.kill__errors" 2>&1 | tail -n +2)"
[[ "$ERRORS" == 0 || "$ERRORS" == *"does not exist"* ]] || fail "error table: $ERRORS"
ROWS="$("$TARN" sql --data-dir "$DATA" --format csv -c "SELECT count(*) FROM raw.kill" 2>&1 | tail -n +2)"
echo "stream_kill_test: $KILLS kills, $ACKED acknowledged batches, $ROWS rows in the table"
[[ "$ROWS" -ge $((ACKED * 500)) ]] 2>/dev/null || fail "rows $ROWS < acknowledged $((ACKED * 500))"

finish stream_kill_test
