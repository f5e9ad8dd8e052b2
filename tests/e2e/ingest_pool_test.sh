#!/usr/bin/env bash
# End-to-end test of the ingest worker pool of `tarn serve` ($1): with one query worker
# (--workers 1) busy on a long query, stream records and a flush are still answered at once,
# because they run on their own threads (--ingest-workers, docs/server.md). With a shared pool
# the put would wait for the query to end.
E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$E2E_DIR/lib.sh" "$1"
source "$E2E_DIR/stream_lib.sh"
command -v curl >/dev/null || { echo "ingest_pool_test: skipped (needs curl)"; exit 0; }

start_server "$WORK/server.log" --workers 1 --ingest-workers 1 || finish ingest_pool_test
TOKEN="$(grep -A1 "store it safely" "$WORK/server.log" | tail -1)"
[[ "$TOKEN" == tarn_* ]] || fail "no bootstrap token printed"
AUTH=(-H "Authorization: Bearer $TOKEN")
SCHEMA='[{"name":"id","type":"BIGINT","nullable":false}]'
http_status "create" 201 "" "$URL/v1/streams" "${AUTH[@]}" \
  -d "{\"name\":\"pool\",\"schema\":$SCHEMA,\"partitioning\":\"none\"}"

# A query of 10^9 joined rows: several seconds even on a quiet machine; it holds the only query
# worker. (Stopped with the server at the end.)
VALUES="$(python3 -c "print(','.join('(%d)' % i for i in range(1000)))")"
SQL="WITH t AS (SELECT * FROM (VALUES $VALUES) v(a)) SELECT count(*) AS n FROM t x, t y, t z WHERE x.a + y.a + z.a = 7"
python3 -c 'import json,sys; print(json.dumps({"sql": sys.argv[1]}))' "$SQL" > "$WORK/query.json"
curl -s -o "$WORK/query.out" "$URL/v1/query" "${AUTH[@]}" --data-binary "@$WORK/query.json" &
QUERY_CURL=$!
EXTRA_PIDS+=("$QUERY_CURL")
# Wait until the query runs (the gauge counts it), so the put below really competes with it.
for _ in $(seq 1 100); do
  curl -s "$URL/metrics" "${AUTH[@]}" | grep -q '^tarn_queries_running 1' && break
  sleep 0.05
done
curl -s "$URL/metrics" "${AUTH[@]}" | grep -q '^tarn_queries_running 1' ||
  fail "the long query is not running"

http_status "put during a long query" 200 "" "$URL/v1/streams/pool/records" "${AUTH[@]}" \
  -H "Content-Type: application/json" \
  -d '[{"id":1},{"id":2},{"id":3}]'
expect_body_contains "put during a long query" '"failed_record_count":0'
http_status "flush during a long query" 200 "" -X POST "$URL/v1/streams/pool/flush" "${AUTH[@]}"
kill -0 "$QUERY_CURL" 2>/dev/null ||
  fail "the query ended before the put was answered: ingest waited for the query pool"

finish ingest_pool_test
