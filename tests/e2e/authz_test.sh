#!/usr/bin/env bash
# End-to-end: Lake Formation-style authorization (docs/authorization.md) — a matrix of principals
# × objects × operations through the real server on a loopback port, and the same few cases
# through `tarn sql --user`. Expected rows are derived by hand from the fixture below; masked and
# pseudonymized values from openssl with the keys set here. Usage: authz_test.sh path/to/tarn
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1"
command -v curl >/dev/null || { echo "authz_test: skipped (needs curl)"; exit 0; }
command -v openssl >/dev/null || { echo "authz_test: skipped (needs openssl)"; exit 0; }

D="$WORK/data"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

MASK_KEY="00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
PSEUDO_KEY="s3cret-Pseudonym-Key"
hmac() { printf '%s' "$1" | openssl dgst -sha256 -hmac "$2" | awk '{print $NF}'; }

# --- fixture (as the local administrator) ------------------------------------------------------
# sales.orders: 4 rows, 2 in EU. sales.customers: email is pii. hr.salaries: nobody but admin.
"$TARN" user list --data-dir "$D" >/dev/null 2>"$WORK/boot"
ADMIN="$(grep -oE '^tarn_[0-9a-f]{64}$' "$WORK/boot")"
[[ -n "$ADMIN" ]] || fail "no admin token: $(cat "$WORK/boot")"
for user in alice:analyst erin:engineer nobody: dave:analyst; do
  name="${user%%:*}" role="${user#*:}"
  "$TARN" user create "$name" ${role:+--role "$role"} --data-dir "$D" >/dev/null 2>&1 || fail "user $name"
done
"$TARN" user create loader --service --data-dir "$D" >/dev/null 2>&1 || fail "service loader"
token() { "$TARN" token create "$1" --data-dir "$D" 2>/dev/null; }
ALICE="$(token alice)" ERIN="$(token erin)" NOBODY="$(token nobody)" DAVE="$(token dave)"
LOADER="$(token loader)"
"$TARN" user disable dave --data-dir "$D" >/dev/null 2>&1 || fail "disable dave"
printf '%s' "$PSEUDO_KEY" | "$TARN" secret set pseudonym_key --data-dir "$D" >/dev/null 2>&1 || fail "secret"
printf '%s' "$MASK_KEY" | "$TARN" secret set tarn.masking_key --data-dir "$D" >/dev/null 2>&1 || fail "mask key"

cat >"$WORK/setup.sql" <<'SQL'
CREATE TABLE sales.orders (id INTEGER, region VARCHAR, amount INTEGER, customer_id INTEGER);
INSERT INTO sales.orders VALUES (1, 'EU', 100, 10), (2, 'US', 200, 20), (3, 'EU', 300, 20), (4, 'APAC', 400, 10);
CREATE TABLE sales.customers (id INTEGER, name VARCHAR, email VARCHAR);
INSERT INTO sales.customers VALUES (10, 'Ann', 'ann@example.com'), (20, 'Bob', 'bob@example.com');
ALTER TABLE sales.customers ALTER COLUMN email SET SENSITIVITY pii;
CREATE TABLE hr.salaries (name VARCHAR, salary INTEGER);
INSERT INTO hr.salaries VALUES ('Ann', 5000);
CREATE ROLE engineer;
GRANT SELECT ON TABLE sales.orders (region, amount) TO ROLE analyst;
CREATE ROW FILTER eu_only ON sales.orders FOR ROLE analyst USING (region = 'EU');
GRANT ALL ON DATABASE sales TO ROLE engineer;
GRANT USAGE ON SECRET pseudonym_key TO ROLE engineer;
GRANT INSERT ON TABLE sales.orders TO USER loader;
SQL
"$TARN" sql --data-dir "$D" -f "$WORK/setup.sql" >/dev/null 2>"$WORK/err" || fail "setup: $(cat "$WORK/err")"

# Precise errors of the statements themselves (local administrator).
expect_stderr "grant to missing role" 1 "role ghosts does not exist" \
  "$TARN" sql --data-dir "$D" -c "GRANT SELECT ON TABLE sales.orders TO ROLE ghosts"
expect_stderr "grant on missing column" 1 'column "nope" of relation "sales.orders" does not exist' \
  "$TARN" sql --data-dir "$D" -c "GRANT SELECT ON TABLE sales.orders (nope) TO ROLE analyst"
expect_stderr "revoke not granted" 1 "no such grant: DELETE on table sales.orders to role analyst" \
  "$TARN" sql --data-dir "$D" -c "REVOKE DELETE ON TABLE sales.orders FROM ROLE analyst"
expect_stderr "bad row filter" 1 "invalid row filter" \
  "$TARN" sql --data-dir "$D" -c "CREATE ROW FILTER f ON sales.orders FOR ROLE engineer USING (nope = 1)"
expect_output "show grants for analyst" 0 "grantee_type,grantee,privilege,object_type,object,columns,row_filter
ROLE,analyst,SELECT,TABLE,sales.orders,\"amount,region\",eu_only: (region = 'EU')" \
  "$TARN" sql --data-dir "$D" --format csv -c "SHOW GRANTS FOR ROLE analyst"

# --- the server ----------------------------------------------------------------------------------
"$TARN" serve --data-dir "$D" --listen 127.0.0.1:0 --rate-per-address 0 --rate-per-principal 0 \
  2>"$WORK/serve.log" &
PIDS+=($!)
PORT=""
for _ in $(seq 1 200); do
  PORT="$(grep -o '"msg":"listening".*"port":[0-9]*' "$WORK/serve.log" 2>/dev/null | grep -o '[0-9]*$')"
  [[ -n "$PORT" ]] && break
  sleep 0.05
done
[[ -n "$PORT" ]] || { fail "server did not start: $(cat "$WORK/serve.log")"; finish authz_test; }
URL="http://127.0.0.1:$PORT/v1/query"

# post TOKEN SQL: POSTs the query for CSV; sets STATUS and BODY (CR removed).
post() {
  local sql_json
  sql_json="$(printf '%s' "$2" | python3 -c 'import json,sys; print(json.dumps({"sql": sys.stdin.read()}))')"
  STATUS="$(curl -s -o "$WORK/body" -w '%{http_code}' "$URL" -H "Authorization: Bearer $1" \
    -H "Accept: text/csv" -d "$sql_json")"
  BODY="$(tr -d '\r' <"$WORK/body")"
}
# No fixture value a denied principal may not read shows up in an error body.
leak_free() {
  local value
  for value in 5000 ann@example.com bob@example.com APAC "$PSEUDO_KEY" "$MASK_KEY"; do
    [[ "$BODY" == *"$value"* ]] && fail "$1: body leaks '$value': $BODY"
  done
  return 0
}
# rows NAME TOKEN SQL EXPECTED_CSV
rows() {
  post "$2" "$3"
  if [[ "$STATUS" != 200 ]]; then
    fail "$1: status $STATUS, expected 200 (body: $BODY)"
  elif [[ "$BODY" != "$4" ]]; then
    fail "$1: rows differ"
    diff <(printf '%s\n' "$4") <(printf '%s\n' "$BODY") | head -10
  fi
}
# denied NAME TOKEN SQL: 403 permission_denied.
denied() {
  post "$2" "$3"
  if [[ "$STATUS" != 403 || "$BODY" != *'"code":"permission_denied"'* ]]; then
    fail "$1: status $STATUS, expected 403 permission_denied (body: $BODY)"
  fi
  leak_free "$1"
}
# invisible NAME TOKEN SQL: the object behaves as if it did not exist (404, or the binder's 400).
invisible() {
  post "$2" "$3"
  if [[ ("$STATUS" != 404 && "$STATUS" != 400) || "$BODY" != *"does not exist"* ]]; then
    fail "$1: status $STATUS, expected 'does not exist' (body: $BODY)"
  fi
  leak_free "$1"
}

# admin: everything, in clear.
rows "admin salaries" "$ADMIN" "SELECT * FROM hr.salaries" "name,salary
Ann,5000"
rows "admin pii in clear" "$ADMIN" "SELECT email FROM sales.customers ORDER BY id" "email
ann@example.com
bob@example.com"

# alice (analyst): SELECT (region, amount) on sales.orders, rows where region = 'EU'.
rows "analyst select *" "$ALICE" "SELECT * FROM sales.orders ORDER BY amount" "region,amount
EU,100
EU,300"
rows "analyst named column" "$ALICE" "SELECT amount FROM sales.orders ORDER BY amount" "amount
100
300"
rows "analyst cte" "$ALICE" "WITH o AS (SELECT region, amount FROM sales.orders) SELECT count(*) AS c FROM o" "c
2"
rows "analyst subquery" "$ALICE" "SELECT max(amount) AS m FROM (SELECT amount FROM sales.orders) s" "m
300"
rows "analyst scalar subquery" "$ALICE" "SELECT (SELECT sum(amount) FROM sales.orders) AS s" "s
400"
rows "analyst self join" "$ALICE" \
  "SELECT a.amount AS x, b.amount AS y FROM sales.orders a JOIN sales.orders b ON a.amount < b.amount" "x,y
100,300"
rows "analyst view" "$ALICE" \
  "CREATE TEMP VIEW v AS SELECT amount FROM sales.orders; SELECT count(*) AS c FROM v" "c
2"
denied "analyst unreadable column" "$ALICE" "SELECT id FROM sales.orders"
denied "analyst unreadable column in where" "$ALICE" "SELECT amount FROM sales.orders WHERE customer_id = 10"
invisible "analyst join hidden table" "$ALICE" \
  "SELECT o.amount FROM sales.orders o JOIN sales.customers c ON o.amount = c.id"
invisible "analyst hr" "$ALICE" "SELECT * FROM hr.salaries"
invisible "analyst view over hidden table" "$ALICE" \
  "CREATE TEMP VIEW v AS SELECT * FROM hr.salaries; SELECT * FROM v"
invisible "analyst cte over hidden table" "$ALICE" "WITH s AS (SELECT * FROM hr.salaries) SELECT * FROM s"
invisible "analyst subquery over hidden table" "$ALICE" \
  "SELECT amount FROM sales.orders WHERE amount IN (SELECT salary FROM hr.salaries)"
denied "analyst insert" "$ALICE" "INSERT INTO sales.orders VALUES (9, 'EU', 1, 10)"
denied "analyst update" "$ALICE" "UPDATE sales.orders SET amount = 0"
denied "analyst delete" "$ALICE" "DELETE FROM sales.orders"
denied "analyst drop" "$ALICE" "DROP TABLE sales.orders"
denied "analyst alter" "$ALICE" "ALTER TABLE sales.orders SET OWNER 'alice'"
denied "analyst grant" "$ALICE" "GRANT SELECT ON TABLE sales.orders TO USER alice"
denied "analyst secret" "$ALICE" "SELECT secret('pseudonym_key') AS s"
rows "analyst show tables" "$ALICE" "SHOW TABLES FROM sales" "name
orders"
rows "analyst information_schema.tables" "$ALICE" \
  "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ('sales', 'hr') ORDER BY 1, 2" \
  "table_schema,table_name
sales,orders"
rows "analyst information_schema.columns" "$ALICE" \
  "SELECT column_name FROM information_schema.columns WHERE table_schema IN ('sales', 'hr') ORDER BY ordinal_position" \
  "column_name
region
amount"
invisible "analyst describe hidden" "$ALICE" "DESCRIBE hr.salaries"
rows "analyst describe" "$ALICE" "DESCRIBE sales.orders" "column_name,column_type,null,key,default,sensitivity,description
region,VARCHAR,YES,,,public,
amount,INTEGER,YES,,,public,"
rows "analyst select * exclude" "$ALICE" "SELECT * EXCLUDE (amount) FROM sales.orders" "region
EU
EU"
rows "analyst time travel" "$ALICE" "SELECT count(*) AS c FROM sales.orders FOR VERSION AS OF 1" "c
2"
rows "analyst show databases" "$ALICE" "SHOW DATABASES" "database_name
main
sales"
invisible "analyst explain hidden" "$ALICE" "EXPLAIN SELECT * FROM hr.salaries"
invisible "analyst time travel hidden" "$ALICE" "SELECT * FROM hr.salaries FOR VERSION AS OF 1"
invisible "analyst snapshots hidden" "$ALICE" "SELECT * FROM tarn_snapshots('hr.salaries')"
invisible "analyst use hidden" "$ALICE" "USE hr"
rows "analyst show grants" "$ALICE" "SHOW GRANTS" "grantee_type,grantee,privilege,object_type,object,columns,row_filter
ROLE,analyst,SELECT,TABLE,sales.orders,\"amount,region\",eu_only: (region = 'EU')"

# erin (engineer): ALL on database sales (no UNMASK), USAGE on the pseudonym key.
rows "engineer join" "$ERIN" \
  "SELECT o.id, c.name FROM sales.orders o JOIN sales.customers c ON o.customer_id = c.id ORDER BY o.id" "id,name
1,Ann
2,Bob
3,Bob
4,Ann"
rows "engineer masked pii" "$ERIN" "SELECT id, email FROM sales.customers ORDER BY id" "id,email
10,$(hmac ann@example.com "$MASK_KEY")
20,$(hmac bob@example.com "$MASK_KEY")"
rows "engineer masked join key stays joinable" "$ERIN" \
  "SELECT count(*) AS c FROM sales.customers a JOIN sales.customers b ON a.email = b.email" "c
2"
rows "engineer secret" "$ERIN" "SELECT hmac_sha256('ann', secret('pseudonym_key')) AS p" "p
$(hmac ann "$PSEUDO_KEY")"
rows "engineer insert" "$ERIN" "INSERT INTO sales.orders VALUES (5, 'EU', 50, 10); SELECT count(*) AS c FROM sales.orders" "c
5"
rows "engineer update" "$ERIN" "UPDATE sales.orders SET amount = 60 WHERE id = 5; SELECT amount FROM sales.orders WHERE id = 5" "amount
60"
rows "engineer delete" "$ERIN" "DELETE FROM sales.orders WHERE id = 5; SELECT count(*) AS c FROM sales.orders" "c
4"
rows "engineer create, alter, drop" "$ERIN" \
  "CREATE TABLE sales.scratch (a INTEGER); ALTER TABLE sales.scratch SET OWNER 'erin'; DROP TABLE sales.scratch; SELECT 1 AS ok" "ok
1"
invisible "engineer hr" "$ERIN" "SELECT count(*) FROM hr.salaries"
invisible "engineer create in hr" "$ERIN" "CREATE TABLE hr.mine (a INTEGER)"
rows "engineer show tables" "$ERIN" "SHOW TABLES FROM sales" "name
customers
orders"

# nobody: no grants — nothing exists.
invisible "nobody orders" "$NOBODY" "SELECT * FROM sales.orders"
invisible "nobody salaries" "$NOBODY" "SELECT * FROM hr.salaries"
invisible "nobody insert" "$NOBODY" "INSERT INTO sales.orders VALUES (9, 'EU', 1, 10)"
invisible "nobody drop" "$NOBODY" "DROP TABLE hr.salaries"
invisible "nobody describe" "$NOBODY" "DESCRIBE sales.customers"
denied "nobody secret" "$NOBODY" "SELECT secret('pseudonym_key') AS s"
rows "nobody information_schema" "$NOBODY" \
  "SELECT count(*) AS c FROM information_schema.tables WHERE table_schema IN ('sales', 'hr')" "c
0"
rows "nobody works without tables" "$NOBODY" "SELECT 1 + 1 AS two" "two
2"

# dave: disabled — its token no longer authenticates.
post "$DAVE" "SELECT 1"
[[ "$STATUS" == 401 ]] || fail "disabled user: status $STATUS (body: $BODY)"

# loader (service): INSERT only on sales.orders.
denied "loader select" "$LOADER" "SELECT * FROM sales.orders"
denied "loader update" "$LOADER" "UPDATE sales.orders SET amount = 0"
denied "loader delete" "$LOADER" "DELETE FROM sales.orders"
invisible "loader customers" "$LOADER" "SELECT * FROM sales.customers"
post "$LOADER" "INSERT INTO sales.orders VALUES (6, 'US', 60, 20)"
[[ "$STATUS" == 200 ]] || fail "loader insert: status $STATUS (body: $BODY)"
rows "loader insert landed" "$ADMIN" "SELECT id, region, amount FROM sales.orders WHERE id = 6" "id,region,amount
6,US,60"
# The analyst's filter hides the new US row.
rows "analyst after insert" "$ALICE" "SELECT count(*) AS c FROM sales.orders" "c
2"

# A GRANT by the administrator takes effect for the next request; REVOKE takes it away.
post "$ADMIN" "GRANT SELECT ON TABLE hr.salaries TO USER nobody"
[[ "$STATUS" == 200 ]] || fail "admin grant over http: status $STATUS (body: $BODY)"
rows "nobody after grant" "$NOBODY" "SELECT salary FROM hr.salaries" "salary
5000"
post "$ADMIN" "REVOKE SELECT ON TABLE hr.salaries FROM USER nobody"
invisible "nobody after revoke" "$NOBODY" "SELECT salary FROM hr.salaries"

# A table dropped and created again does not inherit the old table's grants.
post "$ADMIN" "CREATE TABLE hr.bonus (v INTEGER); INSERT INTO hr.bonus VALUES (7); GRANT SELECT ON TABLE hr.bonus TO USER nobody"
[[ "$STATUS" == 200 ]] || fail "admin create bonus: status $STATUS (body: $BODY)"
rows "nobody reads bonus" "$NOBODY" "SELECT v FROM hr.bonus" "v
7"
post "$ADMIN" "DROP TABLE hr.bonus; CREATE TABLE hr.bonus (v INTEGER); INSERT INTO hr.bonus VALUES (9)"
[[ "$STATUS" == 200 ]] || fail "admin recreate bonus: status $STATUS (body: $BODY)"
invisible "nobody after recreate" "$NOBODY" "SELECT v FROM hr.bonus"

# --- the same through tarn sql --user ------------------------------------------------------------
expect_output "cli analyst" 0 "amount
100
300" "$TARN" sql --data-dir "$D" --format csv --user alice -c "SELECT amount FROM sales.orders ORDER BY amount"
expect_stderr "cli analyst denied" 1 "permission denied" \
  "$TARN" sql --data-dir "$D" --user alice -c "SELECT id FROM sales.orders"
expect_stderr "cli nobody hidden" 1 "does not exist" \
  "$TARN" sql --data-dir "$D" --user nobody -c "SELECT * FROM hr.salaries"
expect_stderr "cli analyst grant" 1 "permission denied: GRANT requires the admin role" \
  "$TARN" sql --data-dir "$D" --user alice -c "GRANT SELECT ON TABLE hr.salaries TO USER alice"
expect_stderr "cli unknown user" 1 "--user: no user or service principal named 'mallory'" \
  "$TARN" sql --data-dir "$D" --user mallory -c "SELECT 1"
expect_stderr "cli disabled user" 1 "--user: principal 'dave' is disabled" \
  "$TARN" sql --data-dir "$D" --user dave -c "SELECT 1"
# --user runs are audited under the principal's name, with the objects and the outcome.
# Actions are named as the server names them.
expect_output "cli --user audited" 0 "principal,action,objects,outcome
alice,query SELECT,table:sales.orders:SELECT,success
alice,query SELECT,table:sales.orders:SELECT,denied
alice,query GRANT,table:hr.salaries:GRANT,denied" "$TARN" sql --data-dir "$D" --format csv -c \
  "SELECT principal, action, objects, outcome FROM tarn_audit_log() WHERE source_address LIKE '%--user%' AND principal = 'alice' ORDER BY sequence"
expect_stderr "cli nobody copy hidden" 1 'table "hr.salaries" does not exist' \
  "$TARN" sql --data-dir "$D" --user nobody -c "COPY (SELECT * FROM hr.salaries) TO '$WORK/leak.csv'"
[[ -e "$WORK/leak.csv" ]] && fail "cli nobody copy wrote a file"
expect_output "cli analyst copy" 0 "" \
  "$TARN" sql --data-dir "$D" --user alice -c "COPY (SELECT amount FROM sales.orders ORDER BY amount) TO '$WORK/eu.csv'"
expect_output "cli analyst copied rows" 0 "amount
100
300" cat "$WORK/eu.csv"
expect_output "cli local admin" 0 "salary
5000" "$TARN" sql --data-dir "$D" --format csv -c "SELECT salary FROM hr.salaries"

# The local administrator's statements are audited under the same action names; the failed
# parse of a script statement is "query".
"$TARN" sql --data-dir "$D" -c "SELEC 1" >/dev/null 2>&1
expect_output "cli admin actions" 0 "action,outcome
query SELECT,success
query,error" "$TARN" sql --data-dir "$D" --format csv -c \
  "SELECT action, outcome FROM tarn_audit_log() WHERE principal = 'local-admin' AND statement IN ('SELECT salary FROM hr.salaries', 'SELEC 1') ORDER BY sequence"

# DROP TABLE takes the table's grants and row filters along (SHOW GRANTS no longer lists them).
"$TARN" sql --data-dir "$D" -c "CREATE TABLE sales.tmp (a INTEGER); GRANT SELECT ON TABLE sales.tmp TO ROLE analyst; CREATE ROW FILTER tmp_a ON sales.tmp FOR ROLE analyst USING (a = 1)" \
  >/dev/null 2>"$WORK/err" || fail "tmp grants: $(cat "$WORK/err")"
"$TARN" sql --data-dir "$D" --format csv -c "SHOW GRANTS FOR ROLE analyst" | grep -qF 'sales.tmp,"",tmp_a' ||
  fail "no grant on sales.tmp before DROP"
"$TARN" sql --data-dir "$D" -c "DROP TABLE sales.tmp" >/dev/null 2>"$WORK/err" || fail "drop: $(cat "$WORK/err")"
expect_output "drop forgets grants" 0 "grantee_type,grantee,privilege,object_type,object,columns,row_filter
ROLE,analyst,SELECT,TABLE,sales.orders,\"amount,region\",eu_only: (region = 'EU')" \
  "$TARN" sql --data-dir "$D" --format csv -c "SHOW GRANTS FOR ROLE analyst"

finish authz_test
