# Shared plumbing of the stream end-to-end tests (stream_test.sh, stream_kill_test.sh,
# mixed_load_test.sh), sourced after lib.sh: starting and stopping `tarn serve` on loopback and
# checking HTTP answers with curl. Every server started here is killed on exit, even on failure.
LOADGEN="$(dirname "$TARN")/tarn_loadgen"
DATA="$WORK/data"
SERVER_PIDS=()
EXTRA_PIDS=()
stream_cleanup() {
  for pid in "${EXTRA_PIDS[@]}" "${SERVER_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap stream_cleanup EXIT

# start_server LOG ARGS...: starts `tarn serve` on DATA (port 0 unless ARGS has --listen); waits
# until it listens; sets PORT, PID and URL.
start_server() {
  local log="$1"
  shift
  local listen=(--listen 127.0.0.1:0)
  [[ " $* " == *" --listen "* ]] && listen=()
  "$TARN" serve --data-dir "$DATA" "${listen[@]}" --rate-per-address 0 --rate-per-principal 0 \
    "$@" 2>"$log" &
  PID=$!
  SERVER_PIDS+=("$PID")
  PORT=""
  for _ in $(seq 1 400); do
    PORT="$(grep -o '"msg":"listening".*"port":[0-9]*' "$log" 2>/dev/null | grep -o '[0-9]*$')"
    [[ -n "$PORT" ]] && break
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.05
  done
  if [[ -z "$PORT" ]]; then
    fail "server did not start: $(tail -5 "$log")"
    return 1
  fi
  URL="http://127.0.0.1:$PORT"
}

# stop_server: SIGTERM (graceful: buffers are delivered) and wait for the exit.
stop_server() {
  kill -TERM "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null
}

# http_status NAME EXPECTED_STATUS EXPECTED_CODE CURL_ARGS...: checks the status and, unless
# EXPECTED_CODE is "", the error.code of the JSON error body. The body stays in $WORK/body.
http_status() {
  local name="$1" expected_status="$2" expected_code="$3"
  shift 3
  local status
  status="$(curl -s -o "$WORK/body" -w '%{http_code}' "$@")"
  if [[ "$status" != "$expected_status" ]]; then
    fail "$name: status $status, expected $expected_status (body: $(head -c 300 "$WORK/body"))"
  elif [[ -n "$expected_code" ]] &&
       ! grep -qF "{\"error\":{\"code\":\"$expected_code\"" "$WORK/body"; then
    fail "$name: body $(head -c 300 "$WORK/body"); expected error code $expected_code"
  fi
}

# expect_body_contains NAME TEXT: the last answer's body contains TEXT.
expect_body_contains() {
  grep -qF -- "$2" "$WORK/body" || fail "$1: body lacks '$2': $(head -c 400 "$WORK/body")"
}

# query_csv SQL: prints the CSV result (header and rows, CR removed) of SQL through POST /v1/query.
query_csv() {
  local body
  body="$(python3 -c 'import json,sys; print(json.dumps({"sql": sys.argv[1]}))' "$1")"
  curl -s "$URL/v1/query" -H "Authorization: Bearer $TOKEN" -H "Accept: text/csv" -d "$body" |
    tr -d '\r'
}
