#!/usr/bin/env bash
# End-to-end test of database sources: a real PostgreSQL (initdb + pg_ctl on a free loopback port
# in a temp dir) and a SQLite file, read through read_postgres / read_sqlite and loaded into lake
# tables with `tarn ingest <url> --source-table … [--incremental-column …]` (full load, then only
# new rows). Expected values are derived by hand from the INSERTs below.
# Usage: tests/e2e/db_ingest_test.sh path/to/tarn
source "$(dirname "$0")/lib.sh"

LAKE=(--data-dir "$WORK/lake")
# Rows of a query as CSV without the header line; the exit code is tarn's.
sql_rows() {
  local rc=0
  "$TARN" sql --format csv "$@" > "$WORK/rows.csv" || rc=$?
  sed 1d "$WORK/rows.csv"
  return $rc
}
# The column types of a query (DESCRIBE), comma-separated.
column_types() {
  "$TARN" sql --format tsv -c "DESCRIBE $1" 2>/dev/null | sed 1d | cut -f2 | paste -sd, -
}
HAVE_DESCRIBE=0
[[ "$(column_types "SELECT 1 AS a")" == "INTEGER" ]] && HAVE_DESCRIBE=1
# Lake tables in SQL (tarn sql --data-dir) come with the lake SQL work; without it the checks that
# read loaded tables back are skipped (the loads themselves are still checked).
LAKE_SQL=0
"$TARN" sql --data-dir "$WORK/probe" -c "CREATE TABLE p.t AS SELECT 1 AS a" >/dev/null 2>&1 && LAKE_SQL=1
((LAKE_SQL)) || echo "db_ingest_test: lake tables not queryable by SQL in this build; read-back checks SKIPPED"
expect_lake() {  # expect_lake NAME EXPECTED SQL-ARGS...: a query over the lake's tables
  local name="$1" expected="$2"
  shift 2
  ((LAKE_SQL)) && expect_output "$name" 0 "$expected" sql_rows "${LAKE[@]}" "$@"
}
expect_line() {  # expect_line NAME TEXT FILE
  grep -qF -- "$2" "$3" || fail "$1: output lacks '$2'; got: $(cat "$3")"
}

# --- SQLite -----------------------------------------------------------------------------------
if ! command -v sqlite3 >/dev/null; then
  echo "db_ingest_test: sqlite3 CLI missing, SQLite part SKIPPED (scripts/install-deps installs it)"
else
  sqlite3 "$WORK/shop.db" <<'SQL'
CREATE TABLE orders (id INTEGER, customer TEXT, amount DECIMAL(10,2), ratio REAL, paid BOOLEAN,
                     day DATE, at DATETIME);
INSERT INTO orders VALUES (1, 'ann', 10.5, 0.25, 1, '2024-01-01', '2024-01-01 08:00:00');
INSERT INTO orders VALUES (2, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO orders VALUES (3, 'bob''s', 7, 1.5, 0, '2024-02-29', '2024-02-29 23:59:59.5');
CREATE TABLE pics (id INTEGER, data BLOB);
SQL
  SQLITE_ROWS='1,ann,10.50,0.25,true,2024-01-01,2024-01-01 08:00:00
2,,,,,,
3,bob'"'"'s,7.00,1.5,false,2024-02-29,2024-02-29 23:59:59.5'
  expect_output "read_sqlite all types" 0 "$SQLITE_ROWS" \
    sql_rows -c "SELECT * FROM read_sqlite('$WORK/shop.db', 'orders') ORDER BY id"
  if ((HAVE_DESCRIBE)); then
    types="$(column_types "SELECT * FROM read_sqlite('$WORK/shop.db', 'orders')")"
    [[ "$types" == "BIGINT,VARCHAR,DECIMAL(10,2),DOUBLE,BOOLEAN,DATE,TIMESTAMP" ]] ||
      fail "read_sqlite types: $types"
  fi
  expect_stderr "read_sqlite blob" 1 "column 'data' of table 'pics' has type 'BLOB'" \
    "$TARN" sql -c "SELECT * FROM read_sqlite('$WORK/shop.db', 'pics')"
  expect_stderr "read_sqlite missing table" 1 "table 'nope' does not exist" \
    "$TARN" sql -c "SELECT * FROM read_sqlite('$WORK/shop.db', 'nope')"

  # Full first load, then only rows with id above the watermark.
  "$TARN" ingest "sqlite://$WORK/shop.db" --source-table orders --table lite.orders \
    --incremental-column id "${LAKE[@]}" > "$WORK/load1.txt" 2>&1 || fail "sqlite load 1: $(cat "$WORK/load1.txt")"
  expect_line "sqlite load 1" "loaded 3 rows from orders into lite.orders" "$WORK/load1.txt"
  expect_line "sqlite load 1" "watermark id = 3" "$WORK/load1.txt"
  expect_lake "sqlite lake rows 1" "$SQLITE_ROWS" \
    -c "SELECT * FROM lite.orders ORDER BY id"
  sqlite3 "$WORK/shop.db" "INSERT INTO orders VALUES (5, 'eve', 99.99, 2, 1, '2024-03-01', '2024-03-01 00:00:00'),
                                                     (4, 'dan', -1, NULL, NULL, NULL, NULL);
                           UPDATE orders SET customer = 'changed' WHERE id = 1;"
  "$TARN" ingest "sqlite://$WORK/shop.db" --source-table orders --table lite.orders \
    --incremental-column id "${LAKE[@]}" > "$WORK/load2.txt" 2>&1 || fail "sqlite load 2: $(cat "$WORK/load2.txt")"
  expect_line "sqlite load 2" "loaded 2 rows from orders into lite.orders" "$WORK/load2.txt"
  expect_line "sqlite load 2" "incremental, id > 3" "$WORK/load2.txt"
  expect_line "sqlite load 2" "watermark id = 5" "$WORK/load2.txt"
  # Row 1 keeps its first-loaded value: an incremental load only appends rows above the watermark.
  expect_lake "sqlite lake rows 2" "$SQLITE_ROWS
4,dan,-1.00,,,,
5,eve,99.99,2,true,2024-03-01,2024-03-01 00:00:00" \
    -c "SELECT * FROM lite.orders ORDER BY id"
  "$TARN" ingest "sqlite://$WORK/shop.db" --source-table orders --table lite.orders \
    --incremental-column id "${LAKE[@]}" > "$WORK/load3.txt" 2>&1 || fail "sqlite load 3"
  expect_line "sqlite load 3" "no new rows in orders since id = 5" "$WORK/load3.txt"
  expect_lake "sqlite count" "5" -c "SELECT count(*) FROM lite.orders"
  expect_stderr "source table needed" 1 "a database source needs --source-table" \
    "$TARN" ingest "sqlite://$WORK/shop.db" --table lite.x "${LAKE[@]}"
fi

# --- PostgreSQL -------------------------------------------------------------------------------
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [[ -z "$PGBIN" || ! -x "$PGBIN/initdb" || ! -x "$PGBIN/pg_ctl" ]]; then
  echo "db_ingest_test: PostgreSQL server binaries missing (apt-get install postgresql, or"
  echo "scripts/install-deps); PostgreSQL part SKIPPED"
  finish db_ingest_test
  exit 0
fi
# initdb refuses to run as root: run the server as the postgres user then.
as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
free_port() {
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  return 1
}
PGDIR="$WORK/pg"
mkdir -p "$PGDIR"
chmod 755 "$WORK"
PASSWORD='Sup3r-s3cret-pw'
printf '%s\n' "$PASSWORD" > "$PGDIR/pwfile"
[[ $(id -u) -eq 0 ]] && chown -R postgres "$PGDIR"
as_server_user "$PGBIN/initdb" -D "$PGDIR/data" -U tarn --pwfile="$PGDIR/pwfile" \
  --auth=scram-sha-256 -E UTF8 --no-locale >"$WORK/initdb.log" 2>&1 ||
  { cat "$WORK/initdb.log"; fail "initdb"; finish db_ingest_test; }
PGPORT="$(free_port)"
as_server_user "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
  -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null ||
  { cat "$PGDIR/server.log"; fail "pg_ctl start"; finish db_ingest_test; }
trap 'as_server_user "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1; rm -rf "$WORK"' EXIT
URL="postgresql://tarn:$PASSWORD@127.0.0.1:$PGPORT/postgres"
psql_run() {
  PGPASSWORD="$PASSWORD" "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U tarn \
    postgres "$@"
}

psql_run <<'SQL' || fail "create the source table"
CREATE SCHEMA shop;
CREATE TABLE shop.orders (
  id int8 PRIMARY KEY, small int2, medium int4, price numeric(10,2), big numeric(30,5),
  free numeric, f4 float4, f8 float8, name text, code varchar(8), flag char(3), ok bool,
  day date, at timestamp, atz timestamptz, doc jsonb, js json, uid uuid);
INSERT INTO shop.orders VALUES
  (1, -32768, 2147483647, 12345678.91, 123456789012345678901234.5, 0.125, 1.5, 0.1,
   'ann', 'A-1', 'x', true, '2024-01-31', '2024-01-31 23:59:59.123456',
   '2024-01-31 23:30:00+02', '{"b": 1, "a": [1, 2]}', '{"b":1,  "a":2}',
   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
  (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL),
  (3, 7, -1, -0.05, -1, 1e20, -2.5, -1e-300, 'bö "q", c', '', 'ab', false, '1970-01-01',
   '1999-12-31 00:00:00', '2000-01-01 00:00:00-05:30', '[]', 'null',
   '00000000-0000-0000-0000-000000000000');
CREATE TABLE shop.odd (id int, span interval);
SQL

# numeric(30,5) and numeric without precision read as DOUBLE; timestamptz in UTC; char(3) keeps
# its padding; jsonb in PostgreSQL's normalized text, json as written; '' stays an empty string.
PG_ROWS='1,-32768,2147483647,12345678.91,1.2345678901234569e+23,0.125,1.5,0.1,ann,A-1,x  ,true,2024-01-31,2024-01-31 23:59:59.123456,2024-01-31 21:30:00,"{""a"": [1, 2], ""b"": 1}","{""b"":1,  ""a"":2}",a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11
2,,,,,,,,,,,,,,,,,
3,7,-1,-0.05,-1,1e+20,-2.5,-1e-300,"bö ""q"", c","",ab ,false,1970-01-01,1999-12-31 00:00:00,2000-01-01 05:30:00,[],null,00000000-0000-0000-0000-000000000000'
expect_output "read_postgres all types" 0 "$PG_ROWS" \
  sql_rows -c "SELECT * FROM read_postgres('$URL', 'shop.orders') ORDER BY id"
if ((HAVE_DESCRIBE)); then
  types="$(column_types "SELECT * FROM read_postgres('$URL', 'shop.orders')")"
  [[ "$types" == "BIGINT,INTEGER,INTEGER,DECIMAL(10,2),DOUBLE,DOUBLE,DOUBLE,DOUBLE,VARCHAR,VARCHAR,VARCHAR,BOOLEAN,DATE,TIMESTAMP,TIMESTAMP,VARCHAR,VARCHAR,VARCHAR" ]] ||
    fail "read_postgres types: $types"
fi

# The password comes from the URL, PGPASSWORD or ~/.pgpass, and never appears in messages.
NOPW_URL="postgresql://tarn@127.0.0.1:$PGPORT/postgres"
with_pgpassword() { PGPASSWORD="$PASSWORD" sql_rows "$@"; }
with_pgpass_file() { HOME="$WORK/home" sql_rows "$@"; }
expect_output "PGPASSWORD" 0 "3" with_pgpassword -c \
  "SELECT count(*) FROM read_postgres('$NOPW_URL', 'shop.orders')"
mkdir -p "$WORK/home"
printf '127.0.0.1:%s:postgres:tarn:%s\n' "$PGPORT" "$PASSWORD" > "$WORK/home/.pgpass"
chmod 600 "$WORK/home/.pgpass"
expect_output "pgpass" 0 "3" with_pgpass_file -c \
  "SELECT count(*) FROM read_postgres('$NOPW_URL', 'shop.orders')"
expect_stderr "unsupported type" 1 "column 'span' of shop.odd has type interval" \
  "$TARN" sql -c "SELECT * FROM read_postgres('$URL', 'shop.odd')"
expect_stderr "missing table" 1 "table 'shop.nope' does not exist in postgresql://tarn:***@" \
  "$TARN" sql -c "SELECT * FROM read_postgres('$URL', 'shop.nope')"
# (Only the message line: the CLI echoes the SQL text the user typed below it.)
head -1 "$WORK/stderr" | grep -qF -- "$PASSWORD" && fail "the password appears in: $(cat "$WORK/stderr")"
expect_stderr "wrong password" 2 "password authentication failed" \
  "$TARN" sql -c "SELECT * FROM read_postgres('postgresql://tarn:wrong-pw@127.0.0.1:$PGPORT/postgres', 'shop.orders')"
head -1 "$WORK/stderr" | grep -qF "wrong-pw" && fail "a wrong password appears in: $(cat "$WORK/stderr")"

# A full load (no incremental column) copies the table; loading again replaces its rows.
"$TARN" ingest "$URL" --source-table shop.orders --table pg.mirror "${LAKE[@]}" > "$WORK/pg1.txt" 2>&1 ||
  fail "pg full load: $(cat "$WORK/pg1.txt")"
grep -qF -- "$PASSWORD" "$WORK/pg1.txt" && fail "the password appears in the load output"
expect_line "pg full load" "loaded 3 rows from shop.orders into pg.mirror" "$WORK/pg1.txt"
expect_lake "pg lake rows" "$PG_ROWS" -c "SELECT * FROM pg.mirror ORDER BY id"

# Incremental by id, and by a timestamptz column (its watermark is PostgreSQL's text form).
for column in id atz; do
  "$TARN" ingest "$URL" --source-table shop.orders --table "pg.by_$column" \
    --incremental-column "$column" "${LAKE[@]}" > "$WORK/inc1.txt" 2>&1 ||
    fail "pg incremental $column 1: $(cat "$WORK/inc1.txt")"
  expect_line "pg incremental $column 1" "loaded 3 rows" "$WORK/inc1.txt"
done
expect_line "pg watermark" "watermark atz = 2024-01-31 21:30:00+00" "$WORK/inc1.txt"
psql_run -c "INSERT INTO shop.orders (id, name, atz) VALUES
  (4, 'dan', '2024-02-01 00:00:00+00'), (5, 'eve', '2024-01-01 00:00:00+00'), (6, 'fay', NULL)" ||
  fail "insert more rows"
"$TARN" ingest "$URL" --source-table shop.orders --table pg.by_id --incremental-column id \
  "${LAKE[@]}" > "$WORK/inc2.txt" 2>&1 || fail "pg incremental id 2: $(cat "$WORK/inc2.txt")"
expect_line "pg incremental id 2" "loaded 3 rows from shop.orders into pg.by_id" "$WORK/inc2.txt"
expect_line "pg incremental id 2" "incremental, id > 3" "$WORK/inc2.txt"
expect_line "pg incremental id 2" "watermark id = 6" "$WORK/inc2.txt"
"$TARN" ingest "$URL" --source-table shop.orders --table pg.by_atz --incremental-column atz \
  "${LAKE[@]}" > "$WORK/inc3.txt" 2>&1 || fail "pg incremental atz 2: $(cat "$WORK/inc3.txt")"
# Only row 4 is above 2024-01-31 21:30 UTC; row 5 is older and row 6 has no atz.
expect_line "pg incremental atz 2" "loaded 1 rows from shop.orders into pg.by_atz" "$WORK/inc3.txt"
expect_lake "pg by_id rows" "1,ann,2024-01-31 21:30:00
2,,
3,\"bö \"\"q\"\", c\",2000-01-01 05:30:00
4,dan,2024-02-01 00:00:00
5,eve,2024-01-01 00:00:00
6,fay," -c "SELECT id, name, atz FROM pg.by_id ORDER BY id"
expect_lake "pg by_atz rows" "$(printf '1\n2\n3\n4')" \
  -c "SELECT id FROM pg.by_atz ORDER BY id"
"$TARN" ingest "$URL" --source-table shop.orders --table pg.by_id --incremental-column id \
  "${LAKE[@]}" > "$WORK/inc4.txt" 2>&1 || fail "pg incremental id 3"
expect_line "pg incremental id 3" "no new rows in shop.orders since id = 6" "$WORK/inc4.txt"
expect_lake "pg by_id count" "6" -c "SELECT count(*) FROM pg.by_id"

"$TARN" ingest "$URL" --source-table shop.orders --table pg.mirror "${LAKE[@]}" > "$WORK/pg2.txt" 2>&1 ||
  fail "pg full load 2: $(cat "$WORK/pg2.txt")"
expect_lake "pg mirror replaced" "6" -c "SELECT count(*) FROM pg.mirror"

finish db_ingest_test
