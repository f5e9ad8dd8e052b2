#!/usr/bin/env bash
# End-to-end test of `tarn serve`: starts the real binary ($1) on free loopback ports and talks to
# it with curl. Expected bodies are derived by hand from docs/server.md (the JSON, CSV and NDJSON
# shapes) and from the SQL: no expectation is copied from tarn's output.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1"
command -v curl >/dev/null || { echo "serve_test: skipped (needs curl)"; exit 0; }

DATA="$WORK/data"
PIDS=()
cleanup_servers() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup_servers EXIT

# start_server LOG ARGS...: starts a server on a free port; sets PORT and PID.
start_server() {
  local log="$1"
  shift
  "$TARN" serve --data-dir "$DATA" --listen 127.0.0.1:0 "$@" 2>"$log" &
  PID=$!
  PIDS+=("$PID")
  PORT=""
  for _ in $(seq 1 200); do
    PORT="$(grep -o '"msg":"listening".*"port":[0-9]*' "$log" 2>/dev/null | grep -o '[0-9]*$')"
    [[ -n "$PORT" ]] && return 0
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.05
  done
  fail "server did not start: $(cat "$log")"
  finish serve_test
}

# request NAME EXPECTED_STATUS EXPECTED_BODY CURL_ARGS...: checks status and body ("elapsed_ms"
# values are replaced by 0, as they vary; a positive "bytes_scanned" by "N": stored sizes vary).
request() {
  local name="$1" expected_status="$2" expected_body="$3"
  shift 3
  local status body
  status="$(curl -s -o "$WORK/body" -w '%{http_code}' "$@")"
  body="$(sed -E 's/"elapsed_ms":[0-9.e+-]+/"elapsed_ms":0/; s/"bytes_scanned":[1-9][0-9]*/"bytes_scanned":"N"/' "$WORK/body")"
  if [[ "$status" != "$expected_status" ]]; then
    fail "$name: status $status, expected $expected_status (body: $body)"
  elif [[ "$body" != "$expected_body" ]]; then
    fail "$name: body differs"
    diff <(printf '%s\n' "$expected_body") <(printf '%s\n' "$body") | head -10
  fi
}

# error_code NAME EXPECTED_STATUS EXPECTED_CODE CURL_ARGS...: checks status and error.code.
error_code() {
  local name="$1" expected_status="$2" expected_code="$3"
  shift 3
  local status
  status="$(curl -s -o "$WORK/body" -w '%{http_code}' "$@")"
  if [[ "$status" != "$expected_status" ]] ||
     ! grep -qF "{\"error\":{\"code\":\"$expected_code\"" "$WORK/body"; then
    fail "$name: status $status, body $(cat "$WORK/body"); expected $expected_status $expected_code"
  fi
}

# --- refused configurations ------------------------------------------------------------------
expect_stderr "non-loopback without tls" 1 \
  "refusing to listen on non-loopback address 0.0.0.0 without TLS" \
  "$TARN" serve --data-dir "$DATA" --listen 0.0.0.0:0
expect_stderr "half tls" 1 "--tls-cert and --tls-key must be given together" \
  "$TARN" serve --data-dir "$DATA" --listen 127.0.0.1:0 --tls-cert x.pem
expect_stderr "bad listen" 1 "--listen expects ADDR:PORT" \
  "$TARN" serve --data-dir "$DATA" --listen 127.0.0.1

# --- main server -----------------------------------------------------------------------------
# (--allow-file-access: the long-running queries below read a CSV file on the server.)
start_server "$WORK/main.log" --max-body 64KiB --max-header 4096 --rate-per-address 0 \
  --rate-per-principal 0 --allow-file-access
MAIN_PORT=$PORT
MAIN_PID=$PID
URL="http://127.0.0.1:$MAIN_PORT"
TOKEN="$(grep -A1 "store it safely" "$WORK/main.log" | tail -1)"
[[ "$TOKEN" == tarn_* ]] || fail "no bootstrap token printed (log: $(head -5 "$WORK/main.log"))"
AUTH=(-H "Authorization: Bearer $TOKEN")

request "healthz" 200 '{"status":"ok"}' "$URL/healthz"
request "readyz" 200 '{"status":"ready"}' "$URL/readyz"
curl -s "$URL/v1/openapi.json" | grep -q '"openapi": "3.0.3"' || fail "openapi document"
error_code "unknown route" 404 not_found "$URL/v2/nothing"
error_code "wrong method" 405 method_not_allowed "$URL/v1/query"

# Authentication.
Q='{"sql": "SELECT 1"}'
error_code "no token" 401 unauthenticated "$URL/v1/query" -d "$Q"
error_code "bad token" 401 unauthenticated "$URL/v1/query" -d "$Q" \
  -H "Authorization: Bearer tarn_0000000000000000000000000000000000000000000000000000000000000000"
error_code "metrics need a token" 401 unauthenticated "$URL/metrics"
# A token past its expiry (created by the CLI on the same data directory while the server runs).
SHORT="$("$TARN" token create admin --expires 1s --data-dir "$DATA" 2>/dev/null)" ||
  fail "token create --expires 1s"
sleep 2.1
error_code "expired token" 401 unauthenticated "$URL/v1/streams" -H "Authorization: Bearer $SHORT"

# Results in three formats. a: INTEGER literals; b: VARCHAR with a NULL; the shapes are those of
# docs/server.md.
Q='{"sql": "SELECT a, b FROM (VALUES (1, '"'"'x,\"y\"'"'"'), (2, NULL)) t(a, b) ORDER BY a", "query_id": "fmt1"}'
request "json result" 200 \
  '{"query_id":"fmt1","columns":[{"name":"a","type":"INTEGER"},{"name":"b","type":"VARCHAR"}],"rows":[[1,"x,\"y\""],[2,null]],"elapsed_ms":0,"bytes_scanned":0}' \
  "$URL/v1/query" "${AUTH[@]}" -d "$Q"
request "csv result" 200 "$(printf 'a,b\r\n1,"x,""y"""\r\n2,\r')" \
  "$URL/v1/query" "${AUTH[@]}" -H "Accept: text/csv" -d "$Q"
request "ndjson result" 200 '{"a":1,"b":"x,\"y\""}
{"a":2,"b":null}' "$URL/v1/query" "${AUTH[@]}" -H "Accept: application/x-ndjson" -d "$Q"
curl -s -D "$WORK/headers" -o /dev/null "$URL/v1/query" "${AUTH[@]}" -d "$Q"
grep -qi '^transfer-encoding: chunked' "$WORK/headers" || fail "query result is not chunked"
grep -qi '^x-query-id: fmt1' "$WORK/headers" || fail "no X-Query-Id"
REQUEST_ID="$(grep -i '^x-request-id:' "$WORK/headers" | tr -d '\r' | awk '{print $2}')"
[[ -n "$REQUEST_ID" ]] || fail "no X-Request-Id"

# Parameters are bound as data: the injection payloads come back verbatim and match nothing.
PAYLOAD="x'); DROP TABLE t; --"
request "params" 200 \
  "{\"query_id\":\"p1\",\"columns\":[{\"name\":\"n\",\"type\":\"INTEGER\"},{\"name\":\"s\",\"type\":\"VARCHAR\"}],\"rows\":[[42,\"$PAYLOAD\"]],\"elapsed_ms\":0,\"bytes_scanned\":0}" \
  "$URL/v1/query" "${AUTH[@]}" \
  -d "{\"sql\": \"SELECT \$1 + 1 AS n, \$2 AS s\", \"params\": [41, \"$PAYLOAD\"], \"query_id\": \"p1\"}"
request "injection stays data" 200 \
  '{"query_id":"p2","columns":[{"name":"c","type":"BIGINT"}],"rows":[[0]],"elapsed_ms":0,"bytes_scanned":0}' \
  "$URL/v1/query" "${AUTH[@]}" \
  -d "{\"sql\": \"SELECT count(*) AS c FROM (VALUES ('a'), ('b')) t(v) WHERE v = \$1\", \"params\": [\"a' OR '1'='1\"], \"query_id\": \"p2\"}"

# Errors: SQL errors keep their position; bad bodies get precise 400s.
error_code "syntax error" 400 syntax_error "$URL/v1/query" "${AUTH[@]}" -d '{"sql": "SELECT 1; SELEC 2"}'
grep -qF '"position":10}}' "$WORK/body" || fail "syntax error position: $(cat "$WORK/body")"
error_code "binder error" 400 binder_error "$URL/v1/query" "${AUTH[@]}" -d '{"sql": "SELECT nope"}'
grep -qF '"position":7}}' "$WORK/body" || fail "binder error position: $(cat "$WORK/body")"
error_code "malformed json" 400 malformed_json "$URL/v1/query" "${AUTH[@]}" -d '{"sql": '
error_code "trailing garbage" 400 malformed_json "$URL/v1/query" "${AUTH[@]}" -d '{"sql": "SELECT 1"} x'
error_code "duplicate key" 400 malformed_json "$URL/v1/query" "${AUTH[@]}" \
  -d '{"sql": "SELECT 1", "sql": "SELECT 2"}'
grep -qF 'duplicate key \"sql\"' "$WORK/body" || fail "duplicate key message: $(cat "$WORK/body")"
error_code "invalid utf-8" 400 malformed_json "$URL/v1/query" "${AUTH[@]}" \
  --data-binary $'{"sql": "SELECT \'\xff\'"}'
error_code "unknown field" 400 invalid_request "$URL/v1/query" "${AUTH[@]}" -d '{"sql": "SELECT 1", "x": 1}'
error_code "sql not a string" 400 invalid_request "$URL/v1/query" "${AUTH[@]}" -d '{"sql": 1}'
error_code "object param" 400 invalid_request "$URL/v1/query" "${AUTH[@]}" \
  -d '{"sql": "SELECT $1", "params": [{"a": 1}]}'

# Size limits: 413 for a body over --max-body (64 KiB), 431 for headers over --max-header.
head -c 70000 /dev/zero | tr '\0' ' ' >"$WORK/big.json"
error_code "body too large" 413 body_too_large "$URL/v1/query" "${AUTH[@]}" --data-binary @"$WORK/big.json"
error_code "headers too large" 431 headers_too_large "$URL/healthz" -H "X-Big: $(head -c 5000 /dev/zero | tr '\0' a)"
request "still serving" 200 '{"status":"ok"}' "$URL/healthz"

# Cancel: a long cross join (1.25e11 row pairs) stopped by DELETE /v1/queries/{id}.
seq 0 4999 | sed '1i n' >"$WORK/n.csv"
LONG="{\"sql\": \"SELECT count(*) FROM '$WORK/n.csv' a, '$WORK/n.csv' b, '$WORK/n.csv' c\", \"query_id\": \"long1\"}"
curl -s -o "$WORK/long.body" -w '%{http_code}' "$URL/v1/query" "${AUTH[@]}" -d "$LONG" >"$WORK/long.status" &
CURL_PID=$!
sleep 0.5
request "cancel" 202 '{"query_id":"long1","status":"cancelling"}' -X DELETE "$URL/v1/queries/long1" "${AUTH[@]}"
wait $CURL_PID
[[ "$(cat "$WORK/long.status")" == 499 ]] || fail "cancelled query status $(cat "$WORK/long.status")"
grep -qF '"code":"interrupted","message":"query cancelled"' "$WORK/long.body" ||
  fail "cancelled query body: $(cat "$WORK/long.body")"
error_code "cancel unknown" 404 query_not_found -X DELETE "$URL/v1/queries/nope" "${AUTH[@]}"

# Metrics count what happened above.
curl -s "$URL/metrics" "${AUTH[@]}" >"$WORK/metrics"
grep -q '^tarn_http_requests_total{route="/v1/query",method="POST",status="200"} [1-9]' "$WORK/metrics" ||
  fail "metrics: no 200 query count"
grep -q '^tarn_http_requests_total{route="/v1/query",method="POST",status="401"} 2$' "$WORK/metrics" ||
  fail "metrics: 401 count"
grep -q '^tarn_queries_total{outcome="error"} [1-9]' "$WORK/metrics" || fail "metrics: query errors"
grep -q '^tarn_http_request_duration_seconds_bucket{route="/healthz",le="+Inf"} [1-9]' "$WORK/metrics" ||
  fail "metrics: latency histogram"

# Logs: JSON lines with the request id; never the token (outside its one-time console line), the
# SQL text or the parameters.
grep -q "\"request_id\":\"$REQUEST_ID\".*\"route\":\"/v1/query\",\"status\":200" "$WORK/main.log" ||
  fail "log has no line for request $REQUEST_ID"
[[ "$(grep -c "$TOKEN" "$WORK/main.log")" == 1 ]] || fail "token appears in the log"
grep -qF "DROP TABLE" "$WORK/main.log" && fail "parameters appear in the log"
grep -qF "VALUES" "$WORK/main.log" && fail "SQL appears in the log"

# Graceful shutdown: a running query finishes after SIGTERM; new connections are refused.
SLOW="{\"sql\": \"SELECT count(*) AS c FROM '$WORK/n.csv' a, '$WORK/n.csv' b WHERE a.n < 2000\"}"
curl -s -o "$WORK/slow.body" -w '%{http_code}' "$URL/v1/query" "${AUTH[@]}" -d "$SLOW" >"$WORK/slow.status" &
CURL_PID=$!
sleep 0.2
kill -TERM "$MAIN_PID"
wait $CURL_PID
[[ "$(cat "$WORK/slow.status")" == 200 ]] || fail "in-flight query during shutdown: $(cat "$WORK/slow.status") $(cat "$WORK/slow.body")"
grep -qF '"rows":[[10000000]]' "$WORK/slow.body" || fail "in-flight query result: $(cat "$WORK/slow.body")"
wait "$MAIN_PID"
rc=$?
[[ $rc == 0 ]] || fail "server exit code after SIGTERM: $rc"
grep -q '"msg":"shutting down"' "$WORK/main.log" || fail "no shutting down log line"
grep -q '"msg":"stopped"' "$WORK/main.log" || fail "no stopped log line"

# --- default server: queries see the lake's tables, never server-side files ------------------
start_server "$WORK/lake.log" --rate-per-address 0 --rate-per-principal 0
URL="http://127.0.0.1:$PORT"
Q="{\"sql\": \"SELECT count(*) FROM '$WORK/n.csv'\"}"
error_code "file read refused" 403 permission_denied "$URL/v1/query" "${AUTH[@]}" -d "$Q"
Q="{\"sql\": \"SELECT * FROM read_csv('/etc/passwd')\"}"
error_code "read_csv refused" 403 permission_denied "$URL/v1/query" "${AUTH[@]}" -d "$Q"
Q="{\"sql\": \"COPY (SELECT 1) TO '$WORK/out.csv'\"}"
error_code "copy refused" 403 permission_denied "$URL/v1/query" "${AUTH[@]}" -d "$Q"
[[ ! -e "$WORK/out.csv" ]] || fail "COPY wrote a file through a server without --allow-file-access"
request "lake create" 200 '{"query_id":"c1","status":"CREATE TABLE","columns":[],"rows":[],"elapsed_ms":0,"bytes_scanned":0}' \
  "$URL/v1/query" "${AUTH[@]}" -d '{"sql": "CREATE TABLE web.t AS SELECT * FROM (VALUES (1, 10), (2, 20)) v(a, b)", "query_id": "c1"}'
request "lake insert" 200 '{"query_id":"i1","status":"INSERT 1","affected_rows":1,"columns":[],"rows":[],"elapsed_ms":0,"bytes_scanned":0}' \
  "$URL/v1/query" "${AUTH[@]}" -d '{"sql": "INSERT INTO web.t VALUES ($1, $2)", "params": [3, 30], "query_id": "i1"}'
request "lake select" 200 '{"query_id":"s1","columns":[{"name":"sum(b)","type":"BIGINT"}],"rows":[[60]],"elapsed_ms":0,"bytes_scanned":"N"}' \
  "$URL/v1/query" "${AUTH[@]}" -d '{"sql": "SELECT sum(b) FROM web.t", "query_id": "s1"}'
kill -TERM "$PID"
wait "$PID" 2>/dev/null
# The rows are in the lake, readable by the CLI on the same data directory.
[[ "$("$TARN" sql --data-dir "$DATA" --format csv -c "SELECT count(*), sum(b) FROM web.t" 2>/dev/null | tail -1)" == "3,60" ]] ||
  fail "rows written through the server are not in the lake"

# --- protection server: tight limits ---------------------------------------------------------
start_server "$WORK/limits.log" --rate-per-address 1 --burst-per-address 4 --read-timeout 1 \
  --query-timeout 1 --rate-per-principal 0 --allow-file-access
URL="http://127.0.0.1:$PORT"
request "burst 1" 200 '{"status":"ok"}' "$URL/healthz"
request "burst 2" 200 '{"status":"ok"}' "$URL/healthz"
request "burst 3" 200 '{"status":"ok"}' "$URL/healthz"
request "burst 4" 200 '{"status":"ok"}' "$URL/healthz"
curl -s -D "$WORK/headers" -o "$WORK/body" "$URL/healthz"
grep -q '^HTTP/1.1 429' "$WORK/headers" || fail "5th request not rate limited: $(head -1 "$WORK/headers")"
grep -qi '^retry-after: 1' "$WORK/headers" || fail "429 without Retry-After"
grep -qF '"code":"rate_limited"' "$WORK/body" || fail "429 body: $(cat "$WORK/body")"
sleep 1.1  # one token back
error_code "query timeout" 408 query_timeout "$URL/v1/query" "${AUTH[@]}" -d "$LONG"

# Slow client (slowloris): half a request, then silence; the server closes within the timeout.
exec 3<>"/dev/tcp/127.0.0.1/$PORT"
printf 'GET /healthz HTTP/1.1\r\nHost: x\r\n' >&3
sleep 2
timeout 2 cat <&3 >/dev/null
[[ $? != 124 ]] || fail "slow client connection still open after the read timeout"
exec 3<&-
kill -TERM "$PID"
wait "$PID"

# Per-principal rate limit.
start_server "$WORK/principal.log" --rate-per-address 0 --rate-per-principal 1 --burst-per-principal 2
URL="http://127.0.0.1:$PORT"
request "principal 1" 200 '{"status":"ok"}' "$URL/healthz"
curl -s -o /dev/null "$URL/metrics" "${AUTH[@]}"
curl -s -o /dev/null "$URL/metrics" "${AUTH[@]}"
error_code "principal limited" 429 rate_limited "$URL/metrics" "${AUTH[@]}"
kill -TERM "$PID"
wait "$PID"

# --- TLS with a self-signed certificate --------------------------------------------------------
if command -v openssl >/dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 1 \
    -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null ||
    fail "openssl req"
  start_server "$WORK/tls.log" --tls-cert "$WORK/cert.pem" --tls-key "$WORK/key.pem"
  grep -q '"tls":true' "$WORK/tls.log" || fail "tls not reported"
  request "https healthz" 200 '{"status":"ok"}' --cacert "$WORK/cert.pem" "https://127.0.0.1:$PORT/healthz"
  request "https query" 200 \
    '{"query_id":"t1","columns":[{"name":"x","type":"INTEGER"}],"rows":[[7]],"elapsed_ms":0,"bytes_scanned":0}' \
    --cacert "$WORK/cert.pem" "https://127.0.0.1:$PORT/v1/query" "${AUTH[@]}" \
    -d '{"sql": "SELECT 7 AS x", "query_id": "t1"}'
  status="$(curl -s -o /dev/null -w '%{http_code}' --cacert "$WORK/cert.pem" --tls-max 1.1 \
    "https://127.0.0.1:$PORT/healthz")"
  [[ "$status" == 000 ]] || fail "TLS 1.1 accepted (status $status)"
  status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")"
  [[ "$status" != 200 ]] || fail "plain http accepted on the TLS port"
  kill -TERM "$PID"
  wait "$PID" || fail "tls server exit code"
fi

finish serve_test
