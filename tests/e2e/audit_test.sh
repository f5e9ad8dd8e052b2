#!/usr/bin/env bash
# End-to-end test of the audit trail of `tarn serve` (docs/security.md): every statement is an
# entry with the objects it touched, its outcome and rows; administrators read the log as a SQL
# table (tarn_audit_log()), others get 403; tokens, passwords and secret values never reach the
# audit log or the JSON logs; a tampered segment fails `tarn audit verify` naming the entry.
# Expected rows are derived by hand from the requests this script makes. Usage: audit_test.sh tarn
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1"
command -v curl >/dev/null || { echo "audit_test: skipped (needs curl)"; exit 0; }

D="$WORK/data"
PASSWORD='pw-Audit-4711 with spaces'
SECRET='Sup3r-Secret-Pepper-Value'
BAD_TOKEN="tarn_$(printf 'ab%.0s' {1..32})"
PID=""
cleanup() {
  [[ -n "$PID" ]] && kill "$PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
[[ -n "${KEEP_WORK:-}" ]] && trap '[[ -n "$PID" ]] && kill "$PID"' EXIT

admin_sql() { "$TARN" sql --data-dir "$D" --format csv -c "$1" 2>>"$WORK/cli.err"; }

# --- fixtures (as the local administrator) ------------------------------------------------------
"$TARN" user list --data-dir "$D" >/dev/null 2>"$WORK/boot" || fail "bootstrap: $(cat "$WORK/boot")"
ADMIN_TOKEN="$(grep -oE '^tarn_[0-9a-f]{64}$' "$WORK/boot")"
[[ -n "$ADMIN_TOKEN" ]] || fail "no admin token printed"
admin_sql "CREATE TABLE sales.orders AS SELECT * FROM (VALUES (1, 'EU', 10), (2, 'US', 20), (3, 'EU', 30)) v(id, region, amount)" >/dev/null ||
  fail "create table: $(cat "$WORK/cli.err")"
admin_sql "ALTER TABLE sales.orders ALTER COLUMN region SET SENSITIVITY pii" >/dev/null ||
  fail "set pii: $(cat "$WORK/cli.err")"
# Grants (docs/authorization.md): analysts read sales.orders; bob may only insert into it.
GRANTS=1
admin_sql "CREATE ROLE analyst; GRANT SELECT ON TABLE sales.orders TO ROLE analyst" >/dev/null 2>&1 || GRANTS=0
printf '%s\n' "$PASSWORD" | "$TARN" user create ana --role analyst --password-stdin --data-dir "$D" >/dev/null 2>&1 ||
  fail "user create ana"
"$TARN" user create bob --data-dir "$D" >/dev/null 2>&1 || fail "user create bob"
[[ $GRANTS == 1 ]] && { admin_sql "GRANT INSERT ON TABLE sales.orders TO USER bob" >/dev/null || GRANTS=0; }
ANA_TOKEN="$("$TARN" token create ana --data-dir "$D" 2>/dev/null)"
BOB_TOKEN="$("$TARN" token create bob --data-dir "$D" 2>/dev/null)"
[[ "$ANA_TOKEN" == tarn_* && "$BOB_TOKEN" == tarn_* ]] || fail "token create"
printf '%s' "$SECRET" | "$TARN" secret set pepper --data-dir "$D" >/dev/null 2>&1 || fail "secret set"

# --- the server ---------------------------------------------------------------------------------
"$TARN" serve --data-dir "$D" --listen 127.0.0.1:0 --rate-per-address 0 --rate-per-principal 0 \
  --query-memory-limit 16MiB 2>"$WORK/server.log" &
PID=$!
PORT=""
for _ in $(seq 1 200); do
  PORT="$(grep -o '"msg":"listening".*"port":[0-9]*' "$WORK/server.log" 2>/dev/null | grep -o '[0-9]*$')"
  [[ -n "$PORT" ]] && break
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.05
done
[[ -n "$PORT" ]] || { fail "server did not start: $(cat "$WORK/server.log")"; finish audit_test; }
URL="http://127.0.0.1:$PORT"

# query TOKEN SQL [CURL_ARGS...]: POST /v1/query; body in $WORK/body, headers in $WORK/headers;
# prints the status.
query() {
  local token="$1" sql="$2"
  shift 2
  curl -s -D "$WORK/headers" -o "$WORK/body" -w '%{http_code}' "$URL/v1/query" \
    -H "Authorization: Bearer $token" -d "{\"sql\": \"$sql\"}" "$@"
}

# ana (analyst) reads two columns: 3 rows; the scan read bytes from the lake.
[[ "$(query "$ANA_TOKEN" "SELECT id, amount FROM sales.orders ORDER BY id")" == 200 ]] ||
  fail "ana select: $(cat "$WORK/body")"
grep -q '"rows":\[\[1,10\],\[2,20\],\[3,30\]\]' "$WORK/body" || fail "ana rows: $(cat "$WORK/body")"
grep -qE '"bytes_scanned":[1-9][0-9]*' "$WORK/body" || fail "no bytes_scanned: $(cat "$WORK/body")"
ANA_REQUEST="$(grep -i '^x-request-id:' "$WORK/headers" | tr -d '\r' | awk '{print $2}')"
# Two statements in one request: two entries; only the second one's rows are sent.
[[ "$(query "$ANA_TOKEN" "SELECT 1 AS a; SELECT count(*) AS n FROM sales.orders")" == 200 ]] ||
  fail "ana two statements: $(cat "$WORK/body")"
ANA_TWO="$(grep -i '^x-request-id:' "$WORK/headers" | tr -d '\r' | awk '{print $2}')"
# bob: denied (403 with grants: he may insert but not select); a bad token: 401.
if [[ $GRANTS == 1 ]]; then
  [[ "$(query "$BOB_TOKEN" "SELECT region FROM sales.orders")" == 403 ]] ||
    fail "bob select not denied: $(cat "$WORK/body")"
  grep -q '"code":"permission_denied"' "$WORK/body" || fail "bob denial code: $(cat "$WORK/body")"
else
  echo "audit_test: grants not available yet; the 403 case uses tarn_audit_log() only"
fi
[[ "$(query "$BAD_TOKEN" "SELECT 1")" == 401 ]] || fail "bad token not 401"
# A syntax error is audited too; the secret value stays out of errors, EXPLAIN and the audit.
[[ "$(query "$ADMIN_TOKEN" "SELEC 1")" == 400 ]] || fail "syntax error: $(cat "$WORK/body")"
query "$ADMIN_TOKEN" "EXPLAIN SELECT hmac_sha256('x', secret('pepper'))" >/dev/null
grep -q "$SECRET" "$WORK/body" && fail "EXPLAIN shows the secret value"
# ana reads the pii column masked (keyed hashes); the masking key is a secret too.
if [[ $GRANTS == 1 ]]; then
  query "$ANA_TOKEN" "EXPLAIN SELECT region FROM sales.orders" >/dev/null
  cp "$WORK/body" "$WORK/explain_masked"
  query "$ANA_TOKEN" "SELECT region FROM sales.orders ORDER BY id" >/dev/null
  grep -qE '"rows":\[\["[0-9a-f]{64}"\],\["[0-9a-f]{64}"\],\["[0-9a-f]{64}"\]\]' "$WORK/body" ||
    fail "pii not masked for ana: $(cat "$WORK/body")"
fi
query "$ADMIN_TOKEN" "SELECT secret('pepper') + 1" >/dev/null
query "$ADMIN_TOKEN" "SELECT CAST(secret('pepper') AS INTEGER)" >/dev/null
grep -q "$SECRET" "$WORK/body" && fail "an error shows the secret value"
# Every front end: the CLI's error (also of a transformed value) quotes no secret either.
"$TARN" sql --data-dir "$D" -c "SELECT CAST(upper(secret('pepper')) AS INTEGER)" >/dev/null 2>"$WORK/cli_secret" &&
  fail "cast of a secret succeeded"
grep -qiF -- "$SECRET" "$WORK/cli_secret" && fail "a CLI error shows the secret value"
grep -q "value derived from a secret" "$WORK/cli_secret" || fail "CLI secret cast error: $(cat "$WORK/cli_secret")"
# A result is materialized before it is sent: the query memory limit bounds it (docs/server.md).
V="(VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9))"
[[ "$(query "$ADMIN_TOKEN" "SELECT a.x, b.x, c.x, d.x, e.x, f.x, 'padding' FROM $V a(x), $V b(x), $V c(x), $V d(x), $V e(x), $V f(x)")" == 503 ]] ||
  fail "large result not refused: $(head -c 300 "$WORK/body")"
grep -q '"code":"out_of_memory"' "$WORK/body" || fail "large result code: $(head -c 300 "$WORK/body")"
# Administration over HTTP: a user with a password and a token (shown once, in the response).
CAROL_PASSWORD='carol-Pw-0815 secret'
curl -s -o /dev/null "$URL/v1/admin/users" -H "Authorization: Bearer $ADMIN_TOKEN" \
  -d "{\"name\": \"carol\", \"password\": \"$CAROL_PASSWORD\"}"
CAROL_TOKEN="$(curl -s "$URL/v1/admin/tokens" -H "Authorization: Bearer $ADMIN_TOKEN" \
  -d '{"principal": "carol"}' | grep -oE 'tarn_[0-9a-f]{64}')"
[[ -n "$CAROL_TOKEN" ]] || fail "no token from POST /v1/admin/tokens"
# Login with the password (the console's path), when the server has it.
curl -s -o /dev/null "$URL/v1/auth/login" -d "{\"user\": \"ana\", \"password\": \"$PASSWORD\"}"
curl -s -o /dev/null "$URL/v1/auth/login" -d "{\"user\": \"ana\", \"password\": \"wrong-$PASSWORD\"}"

# --- the audit table ----------------------------------------------------------------------------
# A non-administrator: 403, nothing of the log in the body (needs the server's AccessControl).
if [[ $GRANTS == 1 ]]; then
  [[ "$(query "$ANA_TOKEN" "SELECT * FROM tarn_audit_log()")" == 403 ]] ||
    fail "ana reads the audit log: $(head -c 300 "$WORK/body")"
  grep -q '"code":"permission_denied"' "$WORK/body" || fail "audit table denial code"
  grep -q 'sales.orders' "$WORK/body" && fail "denied audit read leaks entries"
fi
# The administrator: ana's query with its object, rows and request id; the denials.
[[ "$(query "$ADMIN_TOKEN" "SELECT principal, action, objects, outcome, rows FROM tarn_audit_log() WHERE request_id = '$ANA_REQUEST'" -H 'Accept: text/csv')" == 200 ]] ||
  fail "admin audit read: $(cat "$WORK/body")"
OBJECTS=""
[[ $GRANTS == 1 ]] && OBJECTS="table:sales.orders:SELECT"
expect_output "ana's entry" 0 "$(printf 'principal,action,objects,outcome,rows\r\nana,query SELECT,%s,success,3\r' "$OBJECTS")" \
  cat "$WORK/body"
# Both statements of the two-statement request; the first returned no bytes.
query "$ADMIN_TOKEN" "SELECT action, rows, bytes = 0 AS nothing_sent FROM tarn_audit_log() WHERE request_id = '$ANA_TWO' ORDER BY sequence" -H 'Accept: text/csv' >/dev/null
expect_output "two statements" 0 "$(printf 'action,rows,nothing_sent\r\nquery SELECT,1,true\r\nquery SELECT,1,false\r')" \
  cat "$WORK/body"
query "$ADMIN_TOKEN" "SELECT principal, action, outcome, error_code FROM tarn_audit_log() WHERE outcome <> 'success' AND principal <> 'local-admin' ORDER BY sequence" -H 'Accept: text/csv' >/dev/null
EXPECTED="principal,action,outcome,error_code"
[[ $GRANTS == 1 ]] && EXPECTED+=$'\r\nbob,query SELECT,denied,permission_denied'
EXPECTED+=$'\r\nanonymous,http POST /v1/query,denied,unauthenticated'
EXPECTED+=$'\r\nadmin,query,error,syntax_error'
EXPECTED+=$'\r\nadmin,query SELECT,error,type_mismatch'
EXPECTED+=$'\r\nadmin,query SELECT,error,invalid_cast'
EXPECTED+=$'\r\nadmin,query SELECT,error,out_of_memory'
[[ $GRANTS == 1 ]] && EXPECTED+=$'\r\nana,query SELECT,denied,permission_denied'
EXPECTED+=$'\r'
# (the login attempts are checked below only for secrecy: their route belongs to the auth layer)
grep -v 'auth/login' "$WORK/body" >"$WORK/denials"
expect_output "denials" 0 "$EXPECTED" cat "$WORK/denials"
if [[ $GRANTS == 1 ]]; then
  query "$ADMIN_TOKEN" "SELECT objects FROM tarn_audit_log() WHERE principal = 'bob'" -H 'Accept: text/csv' >/dev/null
  grep -q 'table:sales.orders:SELECT' "$WORK/body" || fail "bob's denial lacks its object: $(cat "$WORK/body")"
fi
# SQL over the log: GROUP BY principal.
query "$ADMIN_TOKEN" "SELECT principal, count(*) AS n FROM tarn_audit_log() WHERE action LIKE 'query%' AND principal IN ('ana', 'bob') GROUP BY principal ORDER BY principal" -H 'Accept: text/csv' >/dev/null
EXPECTED="principal,n"
[[ $GRANTS == 1 ]] && EXPECTED+=$'\r\nana,6\r\nbob,1' || EXPECTED+=$'\r\nana,3'
expect_output "group by" 0 "$EXPECTED"$'\r' cat "$WORK/body"
# The request id of ana's query is the one of its log line.
grep "\"request_id\":\"$ANA_REQUEST\"" "$WORK/server.log" | grep -q '"route":"/v1/query"' ||
  fail "no log line with ana's request id $ANA_REQUEST"
# Metrics: rows and bytes counters.
curl -s "$URL/metrics" -H "Authorization: Bearer $ADMIN_TOKEN" >"$WORK/metrics"
grep -qE '^tarn_query_rows_returned_total [1-9]' "$WORK/metrics" || fail "no rows metric"
grep -qE '^tarn_query_bytes_returned_total [1-9]' "$WORK/metrics" || fail "no bytes metric"
grep -qE '^tarn_query_bytes_scanned_total [1-9]' "$WORK/metrics" || fail "no bytes scanned metric"
grep -qE '^tarn_queries_total\{outcome="denied"\} [1-9]' "$WORK/metrics" || fail "no denied query metric"

kill -TERM "$PID"
wait "$PID" 2>/dev/null
PID=""

# The local administrator reads it too.
[[ "$(admin_sql "SELECT count(*) FROM tarn_audit_log() WHERE principal = 'ana' AND action LIKE 'query%'" | tail -1)" == $((3 + 3 * GRANTS)) ]] ||
  fail "cli audit table: $(cat "$WORK/cli.err")"

# --- secrecy: tokens, passwords, secret values and the masking key nowhere -----------------------
MASKING_KEY="no-masking-key"
if [[ $GRANTS == 1 ]]; then
  MASKING_KEY="$(admin_sql "SELECT secret('tarn.masking_key')" | tail -1)"
  [[ ${#MASKING_KEY} -ge 32 ]] || fail "no masking key: '$MASKING_KEY'"
  grep -qF -- "$MASKING_KEY" "$WORK/explain_masked" && fail "EXPLAIN shows the masking key"
fi
"$TARN" audit show --data-dir "$D" >"$WORK/show" 2>&1 || fail "audit show: $(cat "$WORK/show")"
grep -q "request $ANA_REQUEST: query SELECT -> success, 3 rows" "$WORK/show" || fail "audit show lacks ana's query"
if [[ $GRANTS == 1 ]]; then
  grep -q "^#[0-9]* .* bob (user) from 127.0.0.1 request [0-9a-f]*: query SELECT -> denied (permission_denied)" "$WORK/show" ||
    fail "audit show lacks bob's denial"
fi
for needle in "$ADMIN_TOKEN" "$ANA_TOKEN" "$BOB_TOKEN" "$BAD_TOKEN" "${ADMIN_TOKEN#tarn_}" \
  "$PASSWORD" "$SECRET" "$CAROL_PASSWORD" "${CAROL_TOKEN:-no-carol-token}" "$MASKING_KEY"; do
  for file in "$WORK/show" "$WORK/server.log" "$D"/audit/*; do
    grep -qF -- "$needle" "$file" && fail "'${needle:0:12}...' appears in $(basename "$file")"
  done
done

# --- integrity ----------------------------------------------------------------------------------
"$TARN" audit verify --data-dir "$D" >"$WORK/verify" 2>&1 || fail "verify: $(cat "$WORK/verify")"
SEGMENT="$D/audit/segment-000001.log"
LINE="$(grep -n '"principal":"ana"' "$SEGMENT" | head -1 | cut -d: -f1)"
SEQ="$(sed -n "${LINE}p" "$SEGMENT" | grep -oE '^\{"seq":[0-9]+' | grep -oE '[0-9]+$')"
sed -i "${LINE}s/\"outcome\":\"[a-z]*\"/\"outcome\":\"success\"/; ${LINE}s/\"principal\":\"ana\"/\"principal\":\"eve\"/" "$SEGMENT"
expect_stderr "tampered segment" 1 "entry $SEQ at segment-000001.log:$LINE was altered" \
  "$TARN" audit verify --data-dir "$D"
finish audit_test
