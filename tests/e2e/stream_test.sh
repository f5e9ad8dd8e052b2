#!/usr/bin/env bash
# End-to-end test of the stream API of `tarn serve` ($1): create, put (JSON array and NDJSON),
# per-record errors, flush, the exact rows back through SQL, and every refusal (unknown stream,
# oversize and malformed bodies, bad token, missing INSERT grant). Expected rows and codes are
# derived by hand from the records sent and docs/streams.md; none is copied from tarn's output.
E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$E2E_DIR/lib.sh" "$1"
source "$E2E_DIR/stream_lib.sh"
command -v curl >/dev/null || { echo "stream_test: skipped (needs curl)"; exit 0; }

start_server "$WORK/server.log" || finish stream_test
TOKEN="$(grep -A1 "store it safely" "$WORK/server.log" | tail -1)"
[[ "$TOKEN" == tarn_* ]] || fail "no bootstrap token printed"
AUTH=(-H "Authorization: Bearer $TOKEN")
JSON=(-H "Content-Type: application/json")
NDJSON=(-H "Content-Type: application/x-ndjson")

# --- create ----------------------------------------------------------------------------------
SCHEMA='[{"name":"id","type":"BIGINT","nullable":false},{"name":"name","type":"VARCHAR"},{"name":"score","type":"DOUBLE"}]'
http_status "create" 201 "" "$URL/v1/streams" "${AUTH[@]}" \
  -d "{\"name\":\"events\",\"schema\":$SCHEMA,\"buffer_seconds\":3600,\"partitioning\":\"none\"}"
expect_body_contains "create" '"name":"events","database":"raw","table":"events"'
expect_body_contains "create" '{"name":"id","type":"BIGINT","nullable":false}'
http_status "duplicate" 409 stream_exists "$URL/v1/streams" "${AUTH[@]}" -d '{"name":"events"}'
http_status "no name" 400 invalid_request "$URL/v1/streams" "${AUTH[@]}" -d '{"table":"t"}'
expect_body_contains "no name" 'missing field \"name\"'
http_status "bad type" 400 invalid_request "$URL/v1/streams" "${AUTH[@]}" \
  -d '{"name":"s2","schema":[{"name":"a","type":"BLOB"}]}'
expect_body_contains "bad type" 'schema[0].type'
http_status "bad partitioning" 400 invalid_request "$URL/v1/streams" "${AUTH[@]}" \
  -d '{"name":"s2","partitioning":"weekly"}'
http_status "unknown field" 400 invalid_request "$URL/v1/streams" "${AUTH[@]}" \
  -d '{"name":"s2","colour":"red"}'
expect_body_contains "unknown field" 'unknown field \"colour\"'
http_status "malformed create" 400 malformed_json "$URL/v1/streams" "${AUTH[@]}" -d '{"name":'

# --- put ---------------------------------------------------------------------------------------
http_status "put array" 200 "" "$URL/v1/streams/events/records" "${AUTH[@]}" "${JSON[@]}" \
  -d '[{"id":1,"name":"ann","score":1.5},{"id":2,"name":"bob","score":null},{"id":3,"name":null,"score":-2}]'
expect_body_contains "put array" '"failed_record_count":0,"error_table_count":0,"records":[{"sequence":'
[[ "$(grep -o '"sequence":' "$WORK/body" | wc -l)" == 3 ]] || fail "put array: 3 sequences expected"
http_status "put ndjson" 200 "" "$URL/v1/streams/events/records" "${AUTH[@]}" "${NDJSON[@]}" \
  --data-binary $'{"id":4,"name":"dee","score":4.25}\n{"id":5,"name":"eve"}\n'
expect_body_contains "put ndjson" '"failed_record_count":0'
# Per-record results: record 1 is fine, 2 is not an object, 3 is not JSON, 4 has the wrong type
# for id (accepted into the error table), 5 carries injection payloads that stay plain data.
PAYLOAD="x'); DROP TABLE raw.events; --"
http_status "put mixed" 200 "" "$URL/v1/streams/events/records" "${AUTH[@]}" "${NDJSON[@]}" \
  --data-binary $'{"id":6,"name":"fay","score":0}\n[1,2]\n{"id":7,\n{"id":"eight","name":"gus"}\n'"{\"id\":9,\"name\":\"$PAYLOAD\",\"score\":1e3}"$'\n'
expect_body_contains "put mixed" '"failed_record_count":2,"error_table_count":1'
expect_body_contains "put mixed" '"error_code":"NotAnObject"'
expect_body_contains "put mixed" '"error_code":"InvalidJson"'
expect_body_contains "put mixed" '"error_code":"SchemaMismatch"'
# The whole answer, as JSON: one entry per record in request order; accepted records (also the one
# sent to the error table) carry the batch's sequence, failed ones none; messages are non-empty.
SHAPE="$(python3 -c '
import json, sys
answer = json.load(open(sys.argv[1]))
sequences = {r["sequence"] for r in answer["records"] if "sequence" in r}
print(answer["failed_record_count"], answer["error_table_count"], len(sequences),
      " ".join(("S" if "sequence" in r else "-") + ":" + r.get("error_code", "") +
               (":M" if r.get("error_message") else "") for r in answer["records"]))' "$WORK/body")"
[[ "$SHAPE" == "2 1 1 S: -:NotAnObject:M -:InvalidJson:M S:SchemaMismatch:M S:" ]] ||
  fail "put mixed: answer shape $SHAPE"

# --- refusals ----------------------------------------------------------------------------------
http_status "unknown stream put" 404 stream_not_found "$URL/v1/streams/nope/records" "${AUTH[@]}" \
  "${JSON[@]}" -d '[{"id":1}]'
http_status "unknown stream status" 404 stream_not_found "$URL/v1/streams/nope" "${AUTH[@]}"
http_status "unknown stream flush" 404 stream_not_found "$URL/v1/streams/nope/flush" "${AUTH[@]}" -X POST
http_status "malformed array" 400 "" "$URL/v1/streams/events/records" "${AUTH[@]}" "${JSON[@]}" \
  -d '[{"id":10},'
http_status "json object is not an array" 400 invalid_request "$URL/v1/streams/events/records" \
  "${AUTH[@]}" "${JSON[@]}" -d '{"id":10}'
http_status "wrong content type" 415 unsupported_media_type "$URL/v1/streams/events/records" \
  "${AUTH[@]}" -H "Content-Type: text/csv" -d 'id
1'
python3 -c 'import sys; sys.stdout.write("[" + ",".join("{\"id\":%d}" % i for i in range(501)) + "]")' > "$WORK/501.json"
http_status "501 records" 400 "" "$URL/v1/streams/events/records" "${AUTH[@]}" "${JSON[@]}" \
  --data-binary @"$WORK/501.json"
# Over 4 MiB: 413 before the body is read. 2 MiB (over the 1 MiB default of other routes) passes
# the records route's own limit but not /v1/query's.
head -c $((4 * 1024 * 1024 + 10)) /dev/zero | tr '\0' ' ' > "$WORK/big"
http_status "oversize" 413 body_too_large "$URL/v1/streams/events/records" "${AUTH[@]}" "${JSON[@]}" \
  --data-binary @"$WORK/big"
python3 -c 'import sys; sys.stdout.write("[" + ",".join("{\"id\":%d,\"name\":\"%s\"}" % (100 + i, "n" * 5000) for i in range(400)) + "]")' > "$WORK/2mib.json"
http_status "2 MiB batch" 200 "" "$URL/v1/streams/events/records" "${AUTH[@]}" "${JSON[@]}" \
  --data-binary @"$WORK/2mib.json"
expect_body_contains "2 MiB batch" '"failed_record_count":0'
http_status "2 MiB query" 413 body_too_large "$URL/v1/query" "${AUTH[@]}" --data-binary @"$WORK/2mib.json"
http_status "bad token" 401 unauthenticated "$URL/v1/streams/events/records" "${JSON[@]}" \
  -H "Authorization: Bearer tarn_0000000000000000000000000000000000000000000000000000000000000000" \
  -d '[{"id":11}]'
http_status "no token" 401 unauthenticated "$URL/v1/streams" -d '{"name":"x"}'
# A user without grants sees no stream and no database (404, nothing leaks); with SELECT on
# raw.events it sees them but may neither put (INSERT) nor create (CREATE on raw): 403.
"$TARN" user create carol --data-dir "$DATA" >/dev/null 2>&1 || fail "user create carol"
CAROL=(-H "Authorization: Bearer $("$TARN" token create carol --data-dir "$DATA" 2>/dev/null)")
http_status "invisible stream" 404 stream_not_found "$URL/v1/streams/events/records" "${CAROL[@]}" \
  "${JSON[@]}" -d '[{"id":12}]'
http_status "invisible database" 404 "" "$URL/v1/streams" "${CAROL[@]}" -d '{"name":"carols"}'
http_status "invisible in list" 200 "" "$URL/v1/streams" "${CAROL[@]}"
[[ "$(cat "$WORK/body")" == '{"streams":[]}' ]] || fail "carol's list: $(cat "$WORK/body")"
"$TARN" sql --data-dir "$DATA" -c "CREATE ROLE reader; GRANT SELECT ON TABLE raw.events TO ROLE reader;
  GRANT ROLE reader TO USER carol" > "$WORK/grant.out" 2>&1 || fail "grant: $(cat "$WORK/grant.out")"
http_status "no insert grant" 403 "" "$URL/v1/streams/events/records" "${CAROL[@]}" "${JSON[@]}" \
  -d '[{"id":12}]'
http_status "no create grant" 403 "" "$URL/v1/streams" "${CAROL[@]}" -d '{"name":"carols"}'
http_status "no create grant, upper case" 403 "" "$URL/v1/streams" "${CAROL[@]}" \
  -d '{"name":"carols","database":"RAW"}'
http_status "visible status" 200 "" "$URL/v1/streams/events" "${CAROL[@]}"

# --- status, flush, the rows back --------------------------------------------------------------
http_status "status" 200 "" "$URL/v1/streams/events" "${AUTH[@]}"
expect_body_contains "status" '"buffered_records":408'
http_status "flush" 200 "" "$URL/v1/streams/events/flush" "${AUTH[@]}" -X POST
grep -qE '"snapshot_id":[0-9]+' "$WORK/body" || fail "flush: no snapshot id: $(cat "$WORK/body")"
http_status "status after flush" 200 "" "$URL/v1/streams/events" "${AUTH[@]}"
expect_body_contains "status after flush" '"buffered_records":0'
expect_body_contains "status after flush" '"deliveries":1'

EXPECTED="id,name,score
1,ann,1.5
2,bob,
3,,-2
4,dee,4.25
5,eve,
6,fay,0
9,$PAYLOAD,1000"
ACTUAL="$(query_csv "SELECT id, name, score FROM raw.events WHERE id < 100 ORDER BY id")"
[[ "$ACTUAL" == "$EXPECTED" ]] || { fail "rows differ"; diff <(echo "$EXPECTED") <(echo "$ACTUAL"); }
ACTUAL="$(query_csv "SELECT count(*) AS n, min(id) AS lo, max(id) AS hi, min(length(name)) AS len FROM raw.events WHERE id >= 100")"
[[ "$ACTUAL" == $'n,lo,hi,len\n400,100,499,5000' ]] ||
  fail "2 MiB batch rows: $ACTUAL"
ACTUAL="$(query_csv "SELECT stream, record_index, error_code FROM raw.events__errors")"
[[ "$ACTUAL" == $'stream,record_index,error_code\nevents,3,SchemaMismatch' ]] ||
  fail "error table: $ACTUAL"
# The table survived the payload.
[[ "$(query_csv "SELECT count(*) AS n FROM raw.events")" == $'n\n407' ]] || fail "row count"

# --- list, metrics, CLI ------------------------------------------------------------------------
http_status "list" 200 "" "$URL/v1/streams" "${AUTH[@]}"
expect_body_contains "list" '{"streams":[{"name":"events"'
http_status "metrics" 200 "" "$URL/metrics" "${AUTH[@]}"
expect_body_contains "metrics" "tarn_stream_records_total 407"
expect_body_contains "metrics" "tarn_stream_error_records_total 1"
expect_body_contains "metrics" "tarn_stream_deliveries_total 1"
expect_body_contains "metrics" "# TYPE tarn_wal_bytes gauge"
export TARN_URL="$URL" TARN_TOKEN="$TOKEN"
expect_output "cli flush empty" 0 "stream events: nothing to deliver" "$TARN" stream flush events
"$TARN" stream list > "$WORK/list" 2>&1 || fail "cli list: $(cat "$WORK/list")"
grep -q '^events  *raw.events ' "$WORK/list" || fail "cli list: $(cat "$WORK/list")"
"$TARN" stream create clicks --schema 'id BIGINT NOT NULL, price DECIMAL(10,2)' > "$WORK/out" 2>&1 ||
  fail "cli create: $(cat "$WORK/out")"
grep -qF '{"name":"price","type":"DECIMAL(10,2)","nullable":true}' "$WORK/out" ||
  fail "cli create: $(cat "$WORK/out")"
expect_stderr "cli unknown" 1 "server answered 404 stream_not_found" "$TARN" stream status nope
TARN_TOKEN=tarn_bad expect_stderr "cli bad token" 1 "server answered 401" "$TARN" stream list

# Graceful shutdown delivers what is buffered.
http_status "put before stop" 200 "" "$URL/v1/streams/clicks/records" "${AUTH[@]}" "${JSON[@]}" \
  -d '[{"id":1,"price":9.99}]'
stop_server
ACTUAL="$("$TARN" sql --data-dir "$DATA" --format csv -c "SELECT id, price FROM raw.clicks" 2>&1)"
[[ "$ACTUAL" == $'id,price\n1,9.99' ]] || fail "delivered at shutdown: $ACTUAL"

# --- backpressure: tiny limits on other servers ----------------------------------------------
# 4 KiB of buffers: once a batch is buffered, the next put is refused with 429 + Retry-After until
# a delivery (flush) empties the buffers.
python3 -c 'import sys; sys.stdout.write("[" + ",".join("{\"id\":%d,\"s\":\"%s\"}" % (i, "x" * 100) for i in range(50)) + "]")' > "$WORK/5k.json"
BP_STREAM='{"name":"bp","schema":[{"name":"id","type":"BIGINT"},{"name":"s","type":"VARCHAR"}]}'
DATA="$WORK/data2"
start_server "$WORK/server2.log" --stream-max-buffered 4KiB || finish stream_test
AUTH=(-H "Authorization: Bearer $(grep -A1 "store it safely" "$WORK/server2.log" | tail -1)")
http_status "create bp" 201 "" "$URL/v1/streams" "${AUTH[@]}" -d "$BP_STREAM"
http_status "first batch" 200 "" "$URL/v1/streams/bp/records" "${AUTH[@]}" "${JSON[@]}" \
  --data-binary @"$WORK/5k.json"
curl -s -D "$WORK/headers" -o "$WORK/body" "$URL/v1/streams/bp/records" "${AUTH[@]}" "${JSON[@]}" \
  --data-binary @"$WORK/5k.json"
grep -q '^HTTP/1.1 429' "$WORK/headers" || fail "buffers full: $(head -1 "$WORK/headers")"
grep -qi '^retry-after: 1' "$WORK/headers" || fail "429 without Retry-After"
expect_body_contains "buffers full" '{"error":{"code":"buffers_full"'
http_status "flush frees the buffers" 200 "" "$URL/v1/streams/bp/flush" "${AUTH[@]}" -X POST
http_status "accepted again" 200 "" "$URL/v1/streams/bp/records" "${AUTH[@]}" "${JSON[@]}" \
  --data-binary @"$WORK/5k.json"
stop_server
# A 16 KiB write-ahead log: undelivered batches fill it, then 503 + Retry-After.
DATA="$WORK/data3"
start_server "$WORK/server3.log" --stream-wal-limit 16KiB || finish stream_test
AUTH=(-H "Authorization: Bearer $(grep -A1 "store it safely" "$WORK/server3.log" | tail -1)")
http_status "create bp" 201 "" "$URL/v1/streams" "${AUTH[@]}" -d "$BP_STREAM"
STATUSES=""
for _ in $(seq 1 10); do
  STATUSES+="$(curl -s -D "$WORK/headers" -o "$WORK/body" -w '%{http_code}' \
    "$URL/v1/streams/bp/records" "${AUTH[@]}" "${JSON[@]}" --data-binary @"$WORK/5k.json") "
  [[ "$STATUSES" == *503* ]] && break
done
[[ "$STATUSES" == "200 200 "*503" " ]] || fail "wal full: statuses $STATUSES"
grep -qi '^retry-after: 1' "$WORK/headers" || fail "503 without Retry-After"
expect_body_contains "wal full" '{"error":{"code":"wal_full"'
stop_server

finish stream_test
