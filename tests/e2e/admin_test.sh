#!/usr/bin/env bash
# End-to-end test of the catalog, job, admin and auth routes of `tarn serve` and of OIDC sign-on:
# the real binary ($1) on a free loopback port, curl as the client. Keys and JWTs are made here
# with openssl; expected values come from the data written here and from docs/server.md.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1"
command -v curl >/dev/null || { echo "admin_test: skipped (needs curl)"; exit 0; }
command -v python3 >/dev/null || { echo "admin_test: skipped (needs python3)"; exit 0; }
command -v openssl >/dev/null || { echo "admin_test: skipped (needs openssl)"; exit 0; }

DATA="$WORK/data"
PIDS=()
cleanup_servers() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup_servers EXIT

# --- an OIDC issuer: an RSA key, its JWKS, and JWTs signed with it ---------------------------
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/idp.pem" 2>/dev/null
MODULUS="$(openssl rsa -in "$WORK/idp.pem" -noout -modulus | cut -d= -f2)"
python3 - "$MODULUS" >"$WORK/jwks.json" <<'PY'
import base64, json, sys
n = bytes.fromhex(sys.argv[1])
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
print(json.dumps({"keys": [{"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
                            "n": b64(n), "e": b64((65537).to_bytes(3, "big"))}]}))
PY
# jwt CLAIMS_JSON: a compact RS256 JWT over CLAIMS_JSON signed by the issuer key.
jwt() {
  local signing_input
  signing_input="$(python3 -c '
import base64, sys
b64 = lambda s: base64.urlsafe_b64encode(s.encode()).rstrip(b"=").decode()
print(b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}") + "." + b64(sys.argv[1]))' "$1")"
  printf '%s.%s' "$signing_input" "$(printf '%s' "$signing_input" |
    openssl dgst -sha256 -sign "$WORK/idp.pem" -binary | basenc --base64url | tr -d '=\n')"
}

# --- server ----------------------------------------------------------------------------------
# start_server LOG ARGS...: the server on a free port over $DATA; sets PORT and SERVER_PID.
start_server() {
  local log="$1"
  shift
  "$TARN" serve --data-dir "$DATA" --listen 127.0.0.1:0 --rate-per-address 0 \
    --rate-per-principal 0 --session-ttl 10m --oidc-issuer https://idp.test \
    --oidc-audience tarn-api --oidc-jwks "$WORK/jwks.json" "$@" 2>"$log" &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  PORT=""
  for _ in $(seq 1 200); do
    PORT="$(grep -o '"msg":"listening".*"port":[0-9]*' "$log" 2>/dev/null | grep -o '[0-9]*$')"
    [[ -n "$PORT" ]] && return 0
    sleep 0.05
  done
  fail "server did not start: $(cat "$log")"
  finish admin_test
}
LOG="$WORK/server.log"
start_server "$LOG"
URL="http://127.0.0.1:$PORT"
ADMIN_TOKEN="$(grep -A1 "store it safely" "$LOG" | tail -1)"
ADMIN=(-H "Authorization: Bearer $ADMIN_TOKEN")

# call NAME EXPECTED_STATUS CURL_ARGS...: checks the status; the body is in $WORK/body.
call() {
  local name="$1" expected="$2"
  shift 2
  local status
  status="$(curl -s -o "$WORK/body" -w '%{http_code}' "$@")"
  [[ "$status" == "$expected" ]] || fail "$name: status $status, expected $expected ($(cat "$WORK/body"))"
}
# body_has NAME TEXT: the last body contains TEXT.
body_has() {
  grep -qF -- "$2" "$WORK/body" || fail "$1: body lacks '$2': $(cat "$WORK/body")"
}
body_lacks() {
  ! grep -qF -- "$2" "$WORK/body" || fail "$1: body has '$2': $(cat "$WORK/body")"
}
json_field() {  # json_field KEY: a top-level string field of the last body
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$WORK/body" "$1"
}

# --- jobs: ingest a CSV, then query it --------------------------------------------------------
printf 'id,name,email\n1,ann,ann@example.com\n2,bob,bob@example.com\n3,cy,cy@example.com\n' \
  >"$WORK/people.csv"
call "start ingest" 202 "$URL/v1/jobs" "${ADMIN[@]}" \
  -d "{\"kind\": \"ingest\", \"table\": \"crm.people\", \"source\": \"$WORK/people.csv\"}"
JOB="$(json_field job_id)"
for _ in $(seq 1 200); do
  call "poll job" 200 "$URL/v1/jobs/$JOB" "${ADMIN[@]}"
  grep -qE '"status":"(succeeded|failed)"' "$WORK/body" && break
  sleep 0.05
done
body_has "job succeeded" '"status":"succeeded"'
body_has "job rows" '"rows":3'
call "list jobs" 200 "$URL/v1/jobs" "${ADMIN[@]}"
body_has "job listed" "\"job_id\":\"$JOB\""
call "ingested rows" 200 "$URL/v1/query" "${ADMIN[@]}" \
  -d '{"sql": "SELECT count(*) AS n, max(name) AS m FROM crm.people"}'
body_has "count" '"rows":[[3,"cy"]]'
# A crawl registers the CSV folders below a directory as external tables of database "landing".
mkdir -p "$WORK/landing/orders/dt=2026-01-01" "$WORK/landing/orders/dt=2026-01-02"
printf 'order_id,amount\n1,9.5\n2,3.0\n' >"$WORK/landing/orders/dt=2026-01-01/a.csv"
printf 'order_id,amount\n3,1.25\n' >"$WORK/landing/orders/dt=2026-01-02/b.csv"
call "start crawl" 202 "$URL/v1/jobs" "${ADMIN[@]}" \
  -d "{\"kind\": \"crawl\", \"path\": \"$WORK/landing\", \"database\": \"landing\"}"
CRAWL="$(json_field job_id)"
for _ in $(seq 1 200); do
  call "poll crawl" 200 "$URL/v1/jobs/$CRAWL" "${ADMIN[@]}"
  grep -qE '"status":"(succeeded|failed)"' "$WORK/body" && break
  sleep 0.05
done
body_has "crawl succeeded" '"status":"succeeded"'
body_has "crawl result" '{"table":"landing.orders","action":"created","files":2}'
call "crawled table" 200 "$URL/v1/catalog/tables/landing/orders" "${ADMIN[@]}"
body_has "partition column" '"partition_columns":["dt"]'
call "unknown job" 404 "$URL/v1/jobs/job_0000000000000000" "${ADMIN[@]}"
call "bad job kind" 400 "$URL/v1/jobs" "${ADMIN[@]}" -d '{"kind": "dance"}'
call "cancel finished job" 409 -X DELETE "$URL/v1/jobs/$JOB" "${ADMIN[@]}"

# --- catalog as admin ------------------------------------------------------------------------
call "databases" 200 "$URL/v1/catalog/databases" "${ADMIN[@]}"
body_has "crm listed" '{"name":"crm"}'
call "tables" 200 "$URL/v1/catalog/tables?database=crm" "${ADMIN[@]}"
body_has "people listed" '"database":"crm","name":"people"'
call "describe" 200 "$URL/v1/catalog/tables/crm/people" "${ADMIN[@]}"
body_has "columns" '{"name":"email","type":"VARCHAR"'
body_has "snapshot" '"row_count":3'
call "patch metadata" 200 -X PATCH "$URL/v1/catalog/tables/crm/people" "${ADMIN[@]}" \
  -d '{"description": "customer contacts", "owner": "sales-ops", "columns": {"email": {"sensitivity": "pii", "description": "work address"}}}'
body_has "description set" '"description":"customer contacts"'
body_has "sensitivity set" '"sensitivity":"pii","description":"work address"'
call "search" 200 "$URL/v1/catalog/search?q=contacts" "${ADMIN[@]}"
body_has "search hit" '"database":"crm","table":"people"'
call "missing table" 404 "$URL/v1/catalog/tables/crm/nope" "${ADMIN[@]}"
call "bad sensitivity" 400 -X PATCH "$URL/v1/catalog/tables/crm/people" "${ADMIN[@]}" \
  -d '{"columns": {"email": {"sensitivity": "secret"}}}'
call "unknown column" 404 -X PATCH "$URL/v1/catalog/tables/crm/people" "${ADMIN[@]}" \
  -d '{"columns": {"nope": {"description": "x"}}}'

# --- admin routes ----------------------------------------------------------------------------
PASSWORD="correct-horse-$RANDOM-battery"
call "create user" 201 "$URL/v1/admin/users" "${ADMIN[@]}" \
  -d "{\"name\": \"bob\", \"roles\": [\"analyst\"], \"password\": \"$PASSWORD\"}"
body_has "user roles" '"roles":["analyst"]'
call "duplicate user" 409 "$URL/v1/admin/users" "${ADMIN[@]}" -d '{"name": "bob"}'
call "list users" 200 "$URL/v1/admin/users" "${ADMIN[@]}"
body_has "bob listed" '"name":"bob","kind":"user"'
call "roles" 200 "$URL/v1/admin/roles" "${ADMIN[@]}"
body_has "analyst role" '{"name":"analyst","members":["bob"]}'
call "token for bob" 201 "$URL/v1/admin/tokens" "${ADMIN[@]}" -d '{"principal": "bob", "expires": "1h"}'
BOB_API="$(json_field token)"
BOB_API_ID="$(json_field id)"
call "list tokens" 200 "$URL/v1/admin/tokens" "${ADMIN[@]}"
body_has "token listed" "\"id\":\"$BOB_API_ID\""
body_lacks "token secret not listed" "$BOB_API"
call "bob's api token works" 200 "$URL/v1/jobs" -H "Authorization: Bearer $BOB_API"
call "revoke token" 200 -X DELETE "$URL/v1/admin/tokens/$BOB_API_ID" "${ADMIN[@]}"
call "revoked token" 401 "$URL/v1/jobs" -H "Authorization: Bearer $BOB_API"
call "not a grant" 400 "$URL/v1/admin/grants" "${ADMIN[@]}" -d '{"statement": "DROP TABLE crm.people"}'
call "two statements" 400 "$URL/v1/admin/grants" "${ADMIN[@]}" \
  -d '{"statement": "GRANT SELECT ON TABLE crm.people TO ROLE analyst; DROP TABLE crm.people"}'
call "table survived" 200 "$URL/v1/catalog/tables/crm/people" "${ADMIN[@]}"
call "rotate keys" 200 -X POST "$URL/v1/admin/keys/rotate" "${ADMIN[@]}"
body_has "new key version" '"version":2,"rotated":true,"encrypted":true'
call "data readable after rotation" 200 "$URL/v1/query" "${ADMIN[@]}" \
  -d '{"sql": "SELECT count(*) FROM crm.people"}'
body_has "count after rotation" '"rows":[[3]]'

# --- login and logout --------------------------------------------------------------------------
call "wrong password" 401 "$URL/v1/auth/login" -d '{"user": "bob", "password": "nope"}'
body_has "login error code" '"code":"invalid_credentials"'
call "unknown user" 401 "$URL/v1/auth/login" -d '{"user": "nobody", "password": "nope"}'
call "login" 200 "$URL/v1/auth/login" -d "{\"user\": \"bob\", \"password\": \"$PASSWORD\"}"
SESSION="$(json_field token)"
[[ "$SESSION" == tarn_* ]] || fail "no session token: $(cat "$WORK/body")"
BOB=(-H "Authorization: Bearer $SESSION")
call "session works" 200 "$URL/v1/jobs" "${BOB[@]}"
call "session token listed with scope" 200 "$URL/v1/admin/tokens" "${ADMIN[@]}"
body_has "session scope" '"scopes":["session"]'
# Non-administrators: every admin route is 403.
call "admin users as bob" 403 "$URL/v1/admin/users" "${BOB[@]}"
call "admin create as bob" 403 "$URL/v1/admin/users" "${BOB[@]}" -d '{"name": "mallory"}'
call "admin grants as bob" 403 "$URL/v1/admin/grants" "${BOB[@]}" -d '{"statement": "CREATE ROLE x"}'
call "admin tokens as bob" 403 "$URL/v1/admin/tokens" "${BOB[@]}" -d '{"principal": "admin"}'
call "admin rotate as bob" 403 -X POST "$URL/v1/admin/keys/rotate" "${BOB[@]}"
call "jobs need file access" 403 "$URL/v1/jobs" "${BOB[@]}" \
  -d "{\"kind\": \"ingest\", \"table\": \"crm.people\", \"source\": \"$WORK/people.csv\"}"
call "admin job invisible to bob" 404 "$URL/v1/jobs/$JOB" "${BOB[@]}"

# Catalog filtered by grants (security/authz): bob's role may read crm.people's id and name only.
call "create role" 200 "$URL/v1/admin/grants" "${ADMIN[@]}" -d '{"statement": "CREATE ROLE analyst"}'
call "grant" 200 "$URL/v1/admin/grants" "${ADMIN[@]}" \
  -d '{"statement": "GRANT SELECT ON TABLE crm.people (id, name) TO ROLE analyst"}'
body_has "grant status" '"status":"GRANT"'
call "a table bob holds nothing on" 200 "$URL/v1/query" "${ADMIN[@]}" \
  -d '{"sql": "CREATE TABLE crm.secret AS SELECT 1 AS x"}'
call "bob's databases" 200 "$URL/v1/catalog/databases" "${BOB[@]}"
body_has "bob sees crm" '{"name":"crm"}'
call "bob's tables" 200 "$URL/v1/catalog/tables" "${BOB[@]}"
body_has "bob sees people" '"name":"people"'
body_lacks "bob does not see secret" '"name":"secret"'
call "bob describes people" 200 "$URL/v1/catalog/tables/crm/people" "${BOB[@]}"
body_has "granted column" '{"name":"name","type":"VARCHAR"'
body_lacks "ungranted column" '"name":"email"'
body_has "bob sees totals without a row filter" '"row_count":'
body_lacks "bob's totals are numbers" '"row_count":null'
call "row filter for bob" 200 "$URL/v1/admin/grants" "${ADMIN[@]}" \
  -d '{"statement": "CREATE ROW FILTER few ON crm.people FOR ROLE analyst USING (id < 0)"}'
call "bob describes filtered people" 200 "$URL/v1/catalog/tables/crm/people" "${BOB[@]}"
body_has "no totals under a row filter" '"row_count":null,"file_count":null'
call "drop bob's row filter" 200 "$URL/v1/admin/grants" "${ADMIN[@]}" \
  -d '{"statement": "DROP ROW FILTER few ON crm.people"}'
call "invisible = missing" 404 "$URL/v1/catalog/tables/crm/secret" "${BOB[@]}"
call "bob cannot alter" 403 -X PATCH "$URL/v1/catalog/tables/crm/people" "${BOB[@]}" \
  -d '{"description": "mine"}'
call "grants listed" 200 "$URL/v1/admin/grants?role=analyst" "${ADMIN[@]}"
body_has "grant row" 'SELECT'
call "bob's search" 200 "$URL/v1/catalog/search?q=e" "${BOB[@]}"
body_lacks "search hides the ungranted column" '"column":"email"'
body_lacks "search hides the invisible table" '"table":"secret"'
call "admin's search" 200 "$URL/v1/catalog/search?q=e" "${ADMIN[@]}"
body_has "admin finds the column" '"column":"email"'

call "logout" 200 -X POST "$URL/v1/auth/logout" "${BOB[@]}"
body_has "logged out" '"revoked":true'
call "session revoked" 401 "$URL/v1/jobs" "${BOB[@]}"

# --- OIDC ------------------------------------------------------------------------------------
NOW="$(date +%s)"
CLAIMS="{\"iss\":\"https://idp.test\",\"aud\":[\"other\",\"tarn-api\"],\"sub\":\"carol@idp\",\"exp\":$((NOW + 300)),\"iat\":$NOW,\"roles\":[\"analyst\",\"no-such-role\"]}"
JWT="$(jwt "$CLAIMS")"
call "jwt accepted" 200 "$URL/v1/jobs" -H "Authorization: Bearer $JWT"
call "jwt user is no admin" 403 "$URL/v1/admin/users" -H "Authorization: Bearer $JWT"
ADMIN_JWT="$(jwt "${CLAIMS/\"analyst\"/\"admin\"}")"
call "jwt with admin role" 200 "$URL/v1/admin/users" -H "Authorization: Bearer $ADMIN_JWT"
# Tampered: the payload of the admin token spliced onto the analyst token's signature.
IFS=. read -r H1 P1 S1 <<<"$JWT"
IFS=. read -r H2 P2 S2 <<<"$ADMIN_JWT"
call "tampered jwt" 401 "$URL/v1/admin/users" -H "Authorization: Bearer $H1.$P2.$S1"
call "expired jwt" 401 "$URL/v1/jobs" -H "Authorization: Bearer $(jwt "${CLAIMS/$((NOW + 300))/$((NOW - 120))}")"
call "wrong audience" 401 "$URL/v1/jobs" -H "Authorization: Bearer $(jwt "${CLAIMS/tarn-api/other-api}")"
UNSIGNED="$(printf '{"alg":"none"}' | basenc --base64url | tr -d '=\n').$P1."
call "alg none" 401 "$URL/v1/jobs" -H "Authorization: Bearer $UNSIGNED"

# --- jobs of a non-administrator on a server with --allow-file-access ---------------------------
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
LOG2="$WORK/server2.log"
start_server "$LOG2" --allow-file-access
URL="http://127.0.0.1:$PORT"
call "login again" 200 "$URL/v1/auth/login" -d "{\"user\": \"bob\", \"password\": \"$PASSWORD\"}"
SESSION2="$(json_field token)"
BOB=(-H "Authorization: Bearer $SESSION2")
call "ingest without INSERT" 403 "$URL/v1/jobs" "${BOB[@]}" \
  -d "{\"kind\": \"ingest\", \"table\": \"crm.people\", \"source\": \"$WORK/people.csv\"}"
call "ingest without CREATE" 404 "$URL/v1/jobs" "${BOB[@]}" \
  -d "{\"kind\": \"ingest\", \"table\": \"sandbox.mine\", \"source\": \"$WORK/people.csv\"}"
call "grant create" 200 "$URL/v1/admin/grants" "${ADMIN[@]}" \
  -d '{"statement": "GRANT CREATE ON DATABASE sandbox TO ROLE analyst"}'
call "ingest into a new table" 202 "$URL/v1/jobs" "${BOB[@]}" \
  -d "{\"kind\": \"ingest\", \"table\": \"sandbox.mine\", \"source\": \"$WORK/people.csv\"}"
JOB2="$(json_field job_id)"
for _ in $(seq 1 200); do
  call "poll bob's job" 200 "$URL/v1/jobs/$JOB2" "${BOB[@]}"
  grep -qE '"status":"(succeeded|failed)"' "$WORK/body" && break
  sleep 0.05
done
body_has "bob's job succeeded" '"status":"succeeded"'
call "bob's jobs only" 200 "$URL/v1/jobs" "${BOB[@]}"
body_has "bob's job listed" "\"job_id\":\"$JOB2\""
body_lacks "admin's job not listed" "\"job_id\":\"$JOB\""
# The creator owns the table: every column, and INSERT for a second ingest.
call "bob reads his table" 200 "$URL/v1/query" "${BOB[@]}" \
  -d '{"sql": "SELECT count(*), max(email) FROM sandbox.mine"}'
body_has "bob's rows" '"rows":[[3,"cy@example.com"]]'
call "bob describes his table" 200 "$URL/v1/catalog/tables/sandbox/mine" "${BOB[@]}"
body_has "all columns" '"name":"email"'

# Password guessing: the login limiter (10 at once per address, then one per 5 s) answers 429.
for i in $(seq 1 12); do
  curl -s -o "$WORK/guess$i" -w '%{http_code}' "$URL/v1/auth/login" \
    -d '{"user": "bob", "password": "guess"}' >"$WORK/guess$i.status" &
done
wait_for=0
for i in $(seq 1 12); do
  while [[ ! -s "$WORK/guess$i.status" && $wait_for -lt 200 ]]; do sleep 0.05; wait_for=$((wait_for + 1)); done
done
LIMITED="$(cat "$WORK"/guess*.status | grep -o 429 | wc -l)"
[[ "$LIMITED" -ge 2 ]] || fail "login limiter: $LIMITED of 12 guesses answered 429 ($(cat "$WORK"/guess*.status))"
call "limited login" 429 "$URL/v1/auth/login" -d "{\"user\": \"bob\", \"password\": \"$PASSWORD\"}"
body_has "limited code" '"code":"rate_limited"'

# --- secrets stay out of the logs ------------------------------------------------------------
grep -qF -- "$PASSWORD" "$LOG" "$LOG2" && fail "the password is in the server log"
grep -qF -e "$SESSION" -e "$SESSION2" "$LOG" "$LOG2" && fail "a session token is in the server log"
grep -qF -- "$BOB_API" "$LOG" "$LOG2" && fail "an api token is in the server log"
grep -rqF -- "$PASSWORD" "$DATA" && fail "the password is in the data directory"
call "audit log" 200 "$URL/v1/query" "${ADMIN[@]}" -H "Accept: application/x-ndjson" \
  -d '{"sql": "SELECT * FROM tarn_audit_log()"}'
body_has "logins are audited" '/v1/auth/login'
body_lacks "no password in the audit log" "$PASSWORD"
body_lacks "no session token in the audit log" "$SESSION"

finish admin_test
