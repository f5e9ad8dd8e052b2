#!/usr/bin/env bash
# Faults and bad input against the lake with the real binary ($1): corrupt, truncated, empty and
# non-Parquet files given to read_parquet and to `tarn ingest`; a data object of a lake table
# corrupted or truncated on disk; a key file with mode 0644; a wrong master key; disk full during
# ingest and during INSERT (a 2 MB tmpfs when root may mount one, else RLIMIT_FSIZE); a schema
# conflict on ingest; kill -9 during INSERT. Each case checks the exit code, a fragment of the
# error text (naming the file or object), and the table afterwards: still its last snapshot (row
# count, sum, object count).
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$REPO/tests/e2e/lib.sh" "$1"
unset TARN_MASTER_KEY
DATA="$WORK/lake"

sql() { "$TARN" sql --data-dir "$DATA" --format csv -c "$1"; }
objects() { find "$1/lake/raw" -name '*.parquet' 2>/dev/null | wc -l; }
# expect_table NAME DATA_DIR TABLE ROWS SUM_ID OBJECTS: the table holds ROWS rows whose ids sum to
# SUM_ID, in OBJECTS data objects (no half-written or orphan object left by a failed write).
expect_table() {
  local name="$1" dir="$2" table="$3" rows="$4" sum="$5" count="$6" got
  got="$("$TARN" sql --data-dir "$dir" --format csv -c "SELECT count(*) AS n, sum(id) AS s FROM $table" 2>&1 | tail -1)"
  [[ "$got" == "$rows,$sum" ]] || fail "$name: table $table holds '$got', expected $rows rows summing to $sum"
  [[ "$(objects "$dir")" == "$count" ]] || fail "$name: $(objects "$dir") data objects, expected $count"
}

# The table: ids 1..1000 (sum 500500), v = 2 * id; one snapshot, one data object.
awk 'BEGIN { print "id,v"; for (i = 1; i <= 1000; i++) printf "%d,%d\n", i, 2 * i }' > t.csv
"$TARN" ingest t.csv --table shop.t --data-dir "$DATA" >/dev/null 2>&1 || fail "first ingest"
expect_table "setup" "$DATA" shop.t 1000 500500 1

# --- bad Parquet files: read_parquet and ingest both fail naming the file; the table is unchanged
# 100000 rows (id, v = 2 id) as zstd Parquet written by tarn, then damaged copies of it.
awk 'BEGIN { print "id,v"; for (i = 1; i <= 100000; i++) printf "%d,%d\n", i, 2 * i }' > n.csv
"$TARN" sql -c "COPY (SELECT * FROM 'n.csv') TO 'good.parquet' (FORMAT parquet, COMPRESSION zstd)" >/dev/null ||
  fail "COPY good.parquet"
printf 'id,v\n1,2\n3,4\n5,6\n' > text.parquet  # not Parquet at all
: > empty.parquet                              # zero bytes
head -c 5000 good.parquet > truncated.parquet  # cut in the middle: no footer
python3 - <<'EOF'
data = open("good.parquet", "rb").read()
footer = int.from_bytes(data[-8:-4], "little") + 8
# the column chunks cut short, the footer kept: its byte ranges point past the data
open("spliced.parquet", "wb").write(data[:3000] + data[-footer:])
# every footer byte flipped, magic numbers kept
body = bytearray(data)
for i in range(len(data) - footer, len(data) - 8):
    body[i] ^= 0x5A
open("footer.parquet", "wb").write(bytes(body))
EOF
expect_output "good parquet" 0 "n,s
100000,5000050000" "$TARN" sql --format csv -c "SELECT count(*) AS n, sum(id) AS s FROM read_parquet('good.parquet')"
check_bad_parquet() {  # check_bad_parquet FILE ERROR_FRAGMENT
  expect_stderr "read_parquet $1" 1 "$2" "$TARN" sql -c "SELECT sum(id) FROM read_parquet('$1')"
  grep -qF " $1" "$WORK/stderr" || fail "read_parquet $1: error does not name the file: $(cat "$WORK/stderr")"
  expect_stderr "ingest $1" 1 "$2" "$TARN" ingest "$1" --table shop.t --data-dir "$DATA"
  grep -qF " $1" "$WORK/stderr" || fail "ingest $1: error does not name the file: $(cat "$WORK/stderr")"
  expect_table "after ingest $1" "$DATA" shop.t 1000 500500 1
}
check_bad_parquet text.parquet "corrupt data: parquet: missing PAR1 magic (not a parquet file) in text.parquet"
check_bad_parquet empty.parquet "corrupt data: parquet: file of 0 bytes is too small to be parquet in empty.parquet"
check_bad_parquet truncated.parquet "missing PAR1 magic at the end (truncated file?) in truncated.parquet"
check_bad_parquet spliced.parquet "outside the data of column id in row group 0 of spliced.parquet"
check_bad_parquet footer.parquet "corrupt data: parquet:"
# a new table is not created by a failed ingest either
expect_stderr "ingest into new table" 1 "not a parquet file" "$TARN" ingest text.parquet --table shop.new --data-dir "$DATA"
expect_stderr "no new table" 1 "shop.new" sql "SELECT count(*) FROM shop.new"

# Nested columns are not supported: a clear error (the file comes from DuckDB when it is installed).
NODE_MODULES="$REPO/.deps/node/node_modules"
if command -v node >/dev/null && [[ -d "$NODE_MODULES/@duckdb/node-api" ]]; then
  NODE_PATH="$NODE_MODULES" node -e "
    const { DuckDBInstance } = require('@duckdb/node-api');
    (async () => {
      const connection = await (await DuckDBInstance.create(':memory:')).connect();
      await connection.run(\"COPY (SELECT 1 AS id, {'a': 1} AS s) TO 'nested.parquet' (FORMAT parquet)\");
    })();" || fail "DuckDB writing nested.parquet"
  expect_stderr "read nested" 1 "not supported: nested parquet column s in nested.parquet" \
    "$TARN" sql -c "SELECT * FROM 'nested.parquet'"
  expect_stderr "ingest nested" 1 "not supported: nested parquet column s in nested.parquet" \
    "$TARN" ingest nested.parquet --table shop.t --data-dir "$DATA"
  expect_table "after ingest nested" "$DATA" shop.t 1000 500500 1
else
  echo "lake_faults_test: nested Parquet case skipped (needs node and @duckdb/node-api)"
fi

# --- schema conflict: v is BIGINT in the table, text in the source; nothing committed
printf 'id,v\n5000,abc\n' > conflict.csv
expect_stderr "schema conflict csv" 1 "column 'v' of shop.t is BIGINT but the source has VARCHAR" \
  "$TARN" ingest conflict.csv --table shop.t --data-dir "$DATA"
expect_table "after schema conflict csv" "$DATA" shop.t 1000 500500 1
"$TARN" sql -c "COPY (SELECT id, 'x' || v AS v FROM 'n.csv') TO 'conflict.parquet' (FORMAT parquet)" >/dev/null ||
  fail "COPY conflict.parquet"
expect_stderr "schema conflict parquet" 1 "column 'v' of shop.t is BIGINT but the source has VARCHAR" \
  "$TARN" ingest conflict.parquet --table shop.t --data-dir "$DATA"
expect_table "after schema conflict parquet" "$DATA" shop.t 1000 500500 1

# --- a data object of the table damaged on disk: the query fails naming the object, no crash
object="$(find "$DATA/lake/raw/shop/t" -name '*.parquet')"
key="raw/shop/t/$(basename "$object")"
cp "$object" object.bak
size=$(stat -c %s "$object")
python3 -c "
import sys
path = sys.argv[1]
data = bytearray(open(path, 'rb').read())
data[len(data) // 2] ^= 1
open(path, 'wb').write(data)" "$object"
expect_stderr "bit flip in object" 1 "decryption failed for object '$key': wrong key or corrupted data" \
  sql "SELECT sum(v) FROM shop.t"
cp object.bak "$object"
truncate -s $((size - 10)) "$object"
expect_stderr "truncated object" 1 "decryption failed for object '$key'" sql "SELECT sum(v) FROM shop.t"
truncate -s 0 "$object"
expect_stderr "empty object" 1 "object '$key' has no tarn encryption header" sql "SELECT sum(v) FROM shop.t"
rm "$object"
expect_stderr "missing object" 1 "$key" sql "SELECT sum(v) FROM shop.t"
cp object.bak "$object"
expect_table "object restored" "$DATA" shop.t 1000 500500 1

# --- keys: loose permissions, another lake's key, a wrong TARN_MASTER_KEY
chmod 0644 "$DATA/keys/master.key"
expect_stderr "key file 0644 (query)" 1 "key file '$DATA/keys/master.key' has mode 0644; it must be readable by its owner only" \
  sql "SELECT count(*) FROM shop.t"
expect_stderr "key file 0644 (ingest)" 1 "has mode 0644; it must be readable by its owner only" \
  "$TARN" ingest n.csv --table shop.t --data-dir "$DATA"
chmod 0600 "$DATA/keys/master.key"
expect_table "after key file 0644" "$DATA" shop.t 1000 500500 1
"$TARN" sql --data-dir other -c "CREATE TABLE x (a INTEGER)" >/dev/null 2>&1 || fail "other lake"
expect_stderr "another lake's key file" 1 "wrong master key for the lake" \
  "$TARN" sql --data-dir "$DATA" --key-file other/keys/master.key -c "SELECT count(*) FROM shop.t"
wrong_key="1:$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
expect_stderr "wrong TARN_MASTER_KEY" 1 "wrong master key for the lake" \
  env TARN_MASTER_KEY="$wrong_key" "$TARN" sql --data-dir "$DATA" -c "SELECT count(*) FROM shop.t"
# Writes with a wrong key are refused before anything is sealed under it (the lake's key check).
expect_stderr "ingest with a wrong TARN_MASTER_KEY" 1 "wrong master key for the lake" \
  env TARN_MASTER_KEY="$wrong_key" "$TARN" ingest n.csv --table shop.t --force --data-dir "$DATA"
expect_stderr "CTAS with a wrong TARN_MASTER_KEY" 1 "wrong master key for the lake" \
  env TARN_MASTER_KEY="$wrong_key" "$TARN" sql --data-dir "$DATA" -c "CREATE TABLE d.u AS SELECT 1"
expect_table "after wrong keys" "$DATA" shop.t 1000 500500 1

# --- disk full during ingest and during INSERT: the write fails, the table keeps its snapshot.
# Incompressible rows (random 32-hex v) make ~3 MB of Parquet.
python3 -c "
import os
print('id,v')
for i in range(1, 100001):
    print(f'{i},{os.urandom(16).hex()}')" > random.csv
printf 'id,v\n1,a\n2,b\n' > small.csv
full="$WORK/full"
mkdir -p "$full"
if [[ $(id -u) -eq 0 ]] && mount -t tmpfs -o size=2m tmpfs "$full" 2>/dev/null; then
  trap 'umount "$full" 2>/dev/null; rm -rf "$WORK"' EXIT
  limited() { "$@"; }
  full_error="no space left on device"
else  # no tmpfs: a 1 MiB file size limit; SIGXFSZ ignored so write(2) fails with EFBIG
  limited() { (ulimit -f 1024; trap '' XFSZ; "$@"); }
  full_error="file too large"
fi
"$TARN" ingest small.csv --table shop.f --data-dir "$full/lake" >/dev/null 2>&1 || fail "ingest on the small disk"
expect_table "small disk" "$full/lake" shop.f 2 3 1
expect_stderr "disk full: ingest" 2 "cannot write object: $full_error (at raw/shop/f/part-" \
  limited "$TARN" ingest random.csv --table shop.f --data-dir "$full/lake"
expect_table "after disk full: ingest" "$full/lake" shop.f 2 3 1
expect_stderr "disk full: INSERT" 2 "cannot write object: $full_error (at raw/shop/f/part-" \
  limited "$TARN" sql --data-dir "$full/lake" -c "INSERT INTO shop.f SELECT * FROM '$WORK/random.csv'"
expect_table "after disk full: INSERT" "$full/lake" shop.f 2 3 1
# and the table still takes writes once there is room
expect_output "insert after disk full" 0 "" "$TARN" sql --data-dir "$full/lake" -c "INSERT INTO shop.f VALUES (3, 'c')"
expect_table "insert after disk full" "$full/lake" shop.f 3 6 2

# --- kill -9 at random moments during INSERT (ingest has its own loop in ingest_test.sh): the
# table is always at a committed snapshot, a multiple of the 100000 rows each INSERT adds.
RANDOM=7
previous=1000
interrupted=0
for attempt in 1 2 3 4 5; do
  "$TARN" sql --data-dir "$DATA" -c "INSERT INTO shop.t SELECT * FROM 'n.csv'" >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '0.%02d' $((RANDOM % 60)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  count="$(sql "SELECT count(*) AS n FROM shop.t" | tail -1)"
  if [[ -z "$count" || $(((count - 1000) % 100000)) -ne 0 || $count -lt $previous || $count -gt $((previous + 100000)) ]]; then
    fail "after kill $attempt of an INSERT: '$count' rows, not $previous or $((previous + 100000))"
  fi
  [[ "$count" == "$previous" ]] && interrupted=$((interrupted + 1))
  previous=${count:-$previous}
done
echo "lake_faults_test: $interrupted of 5 INSERTs killed before their commit, $previous rows at the end"

finish lake_faults_test
