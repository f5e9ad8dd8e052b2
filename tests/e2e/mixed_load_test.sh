#!/usr/bin/env bash
# Mixed load on `tarn serve` ($1) for ~30 s: stream ingest (tarn_loadgen), SQL queries over the
# stream's table, malformed requests (bad JSON, non-UTF-8, oversize, wrong media type, unknown
# stream) and unauthorized ones (bad token, a user without grants) all at once. Every answer must
# be below 500, and the server's RSS, sampled every second, must stay flat: after a 10 s warm-up
# it may grow by at most 32 MiB (stream buffers are capped at 4 MB and delivered every 2 s; what
# grows past that is a leak).
E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$E2E_DIR/lib.sh" "$1"
source "$E2E_DIR/stream_lib.sh"
command -v curl >/dev/null || { echo "mixed_load_test: skipped (needs curl)"; exit 0; }
[[ -x "$LOADGEN" ]] || { fail "no load generator at $LOADGEN (build target tarn_loadgen)"; finish mixed_load_test; }
DURATION="${MIXED_SECONDS:-30}"
RSS_GROWTH_LIMIT_KB=$((32 * 1024))

start_server "$WORK/server.log" || finish mixed_load_test
TOKEN="$(grep -A1 "store it safely" "$WORK/server.log" | tail -1)"
AUTH=(-H "Authorization: Bearer $TOKEN")
http_status "create" 201 "" "$URL/v1/streams" "${AUTH[@]}" \
  -d '{"name":"mixed","buffer_seconds":2,"buffer_bytes":4000000}'
"$TARN" user create dan --data-dir "$DATA" >/dev/null 2>&1 || fail "user create dan"
DAN="$("$TARN" token create dan --data-dir "$DATA" 2>/dev/null)"
END=$((SECONDS + DURATION))

"$LOADGEN" --url "$URL" --token "$TOKEN" --stream mixed --connections 2 --seconds "$DURATION" \
  --pause-ms 20 > "$WORK/loadgen.out" 2>&1 &
EXTRA_PIDS+=($!)
LOADGEN_PID=$!

# Each client loop appends the status of every answer to its own file.
queries() {
  while ((SECONDS < END)); do
    curl -s -o /dev/null -w '%{http_code}\n' "$URL/v1/query" "${AUTH[@]}" \
      -d '{"sql": "SELECT event, count(*), avg(value) FROM raw.mixed GROUP BY event ORDER BY 1"}'
    curl -s -o /dev/null -w '%{http_code}\n' "$URL/v1/streams/mixed" "${AUTH[@]}"
    curl -s -o /dev/null -w '%{http_code}\n' "$URL/metrics" "${AUTH[@]}"
    sleep 0.1
  done > "$WORK/status.queries"
}
malformed() {
  printf '[{"id":1,"s":"\xff\xfe"}]' > "$WORK/non_utf8.json"
  head -c $((5 * 1024 * 1024)) /dev/zero > "$WORK/huge"
  local records="$URL/v1/streams/mixed/records"
  while ((SECONDS < END)); do
    curl -s -o /dev/null -w '%{http_code}\n' "$URL/v1/query" "${AUTH[@]}" -d '{"sql": '
    curl -s -o /dev/null -w '%{http_code}\n' "$URL/v1/query" "${AUTH[@]}" -d '{"sql": "SELEC 1"}'
    curl -s -o /dev/null -w '%{http_code}\n' "$records" "${AUTH[@]}" -H "Content-Type: application/json" -d '[{"id":1},'
    curl -s -o /dev/null -w '%{http_code}\n' "$records" "${AUTH[@]}" -H "Content-Type: application/json" --data-binary @"$WORK/non_utf8.json"
    curl -s -o /dev/null -w '%{http_code}\n' "$records" "${AUTH[@]}" -H "Content-Type: text/plain" -d 'x'
    curl -s -o /dev/null -w '%{http_code}\n' "$records" "${AUTH[@]}" --data-binary @"$WORK/huge"
    curl -s -o /dev/null -w '%{http_code}\n' "$URL/v1/streams/nope/records" "${AUTH[@]}" -d '[{}]'
    curl -s -o /dev/null -w '%{http_code}\n' "$URL/v1/streams" "${AUTH[@]}" -d '{"name": 5}'
    sleep 0.1
  done > "$WORK/status.malformed"
}
unauthorized() {
  while ((SECONDS < END)); do
    curl -s -o /dev/null -w '%{http_code}\n' "$URL/v1/streams/mixed/records" -d '[{"id":1}]'
    curl -s -o /dev/null -w '%{http_code}\n' "$URL/v1/streams/mixed/records" \
      -H "Authorization: Bearer tarn_$(printf '0%.0s' {1..64})" -d '[{"id":1}]'
    curl -s -o /dev/null -w '%{http_code}\n' "$URL/v1/streams/mixed/records" \
      -H "Authorization: Bearer $DAN" -H "Content-Type: application/json" -d '[{"id":1}]'
    curl -s -o /dev/null -w '%{http_code}\n' "$URL/v1/query" -H "Authorization: Bearer $DAN" \
      -d '{"sql": "SELECT * FROM raw.mixed"}'
    sleep 0.1
  done > "$WORK/status.unauthorized"
}
queries & EXTRA_PIDS+=($!)
malformed & EXTRA_PIDS+=($!)
unauthorized & EXTRA_PIDS+=($!)

# RSS in KiB, once a second.
: > "$WORK/rss"
while ((SECONDS < END)); do
  awk '/^VmRSS/ {print $2}' "/proc/$PID/status" >> "$WORK/rss" 2>/dev/null
  sleep 1
done
wait "$LOADGEN_PID"
for pid in "${EXTRA_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
cat "$WORK/loadgen.out"

kill -0 "$PID" 2>/dev/null || fail "the server died: $(tail -5 "$WORK/server.log")"
grep -q 'other_status=0 ' "$WORK/loadgen.out" || fail "loadgen saw unexpected statuses"
grep -q 'status_503=0 ' "$WORK/loadgen.out" || fail "loadgen saw 503"
grep -q 'acked_records=[1-9]' "$WORK/loadgen.out" || fail "no record was acknowledged"
for kind in queries malformed unauthorized; do
  total="$(wc -l < "$WORK/status.$kind")"
  server_errors="$(grep -c '^5' "$WORK/status.$kind")"
  no_answer="$(grep -c '^000' "$WORK/status.$kind")"
  echo "mixed_load_test: $kind: $total requests, $server_errors 5xx, $no_answer unanswered"
  [[ "$total" -gt 0 ]] || fail "$kind: no request was answered"
  [[ "$server_errors" == 0 ]] || fail "$kind: $server_errors answers were 5xx"
done
# Every unauthorized request was refused (401/403, or 4xx "does not exist" for a table dan cannot
# see), every malformed one answered 4xx.
grep -qv '^4[0-9][0-9]$' "$WORK/status.unauthorized" && fail "unauthorized: an answer other than 4xx: $(sort "$WORK/status.unauthorized" | uniq -c | tr '\n' ' ')"
grep -qv '^4[0-9][0-9]$' "$WORK/status.malformed" && fail "malformed: an answer other than 4xx: $(sort "$WORK/status.malformed" | uniq -c | tr '\n' ' ')"
grep -qv '^200$' "$WORK/status.queries" && fail "queries: an answer other than 200: $(sort "$WORK/status.queries" | uniq -c | tr '\n' ' ')"

# RSS: the maximum after the warm-up against the sample at the end of the warm-up.
BASE="$(sed -n '10p' "$WORK/rss")"
PEAK="$(tail -n +10 "$WORK/rss" | sort -n | tail -1)"
echo "mixed_load_test: RSS after warm-up ${BASE} KiB, peak ${PEAK} KiB (limit +${RSS_GROWTH_LIMIT_KB} KiB); samples: $(tr '\n' ' ' < "$WORK/rss")"
if [[ -n "$BASE" && -n "$PEAK" ]]; then
  ((PEAK - BASE <= RSS_GROWTH_LIMIT_KB)) || fail "RSS grew by $((PEAK - BASE)) KiB"
else
  fail "no RSS samples"
fi
stop_server
finish mixed_load_test
