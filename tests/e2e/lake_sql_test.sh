#!/usr/bin/env bash
# End-to-end test of lake tables through `tarn sql --data-dir`: CREATE / INSERT / UPDATE / DELETE /
# CTAS in one process, the same tables read by new processes (persistence), time travel to every
# version (by version and by commit time), a canary that must appear nowhere in plaintext under the
# data directory (objects, catalog.db and its WAL), and two processes inserting into one table at
# once (no lost snapshot). Expected values are derived by hand from the statements.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1"
unset TARN_MASTER_KEY

DATA="$WORK/lake"
sql() { "$TARN" sql --data-dir "$DATA" --format csv "$@"; }

# Queries over files alone, and reads of tables that do not exist, create no lake and no key (in
# the default data directory ./tarn-data; an explicit --data-dir also keeps an audit log there).
mkdir "$WORK/fresh" && cd "$WORK/fresh" || exit 1
expect_output "file query" 0 'x
42' "$TARN" sql -c "SELECT 42 AS x"
expect_output "unknown table" 1 '' "$TARN" sql -c "SELECT * FROM nothing_here"
expect_output "show tables" 0 'name' "$TARN" sql -c "SHOW TABLES"
[[ -e tarn-data ]] && fail "a read created ./tarn-data"
cd "$WORK" || exit 1

# One process: every kind of write. Versions of t: 1 insert, 2 insert, 3 update, 4 delete.
expect_output "writes in one process" 0 'k,v
2,CANARY_UPDATE_c0d1
3,CANARY_UPDATE_c0d1
4,CANARY_INSERT_7f3a' sql \
  -c "CREATE TABLE shop.t(k INTEGER PRIMARY KEY, v VARCHAR NOT NULL)" \
  -c "INSERT INTO shop.t VALUES (1, 'one'), (2, 'two'), (3, 'three')" \
  -c "INSERT INTO shop.t VALUES (4, 'CANARY_INSERT_7f3a')" \
  -c "UPDATE shop.t SET v = 'CANARY_UPDATE_c0d1' WHERE k IN (2, 3)" \
  -c "DELETE FROM shop.t WHERE k = 1" \
  -c "CREATE TABLE shop.copy AS SELECT k, v || '/CANARY_CTAS_91be' AS v FROM shop.t" \
  -c "SELECT k, v FROM shop.t ORDER BY k"
[[ -e "$DATA/keys/master.key" ]] || fail "the first write did not create the key file"

# New processes see what the first one committed.
expect_output "persisted rows" 0 'k,v
2,CANARY_UPDATE_c0d1
3,CANARY_UPDATE_c0d1
4,CANARY_INSERT_7f3a' sql -c "SELECT k, v FROM shop.t ORDER BY k"
expect_output "persisted CTAS" 0 'k,v
2,CANARY_UPDATE_c0d1/CANARY_CTAS_91be
3,CANARY_UPDATE_c0d1/CANARY_CTAS_91be
4,CANARY_INSERT_7f3a/CANARY_CTAS_91be' sql -c "SELECT k, v FROM shop.copy ORDER BY k"
expect_output "constraints persisted" 1 '' sql -c "INSERT INTO shop.t VALUES (2, 'again')"
grep -qF 'duplicate key value violates unique constraint "t_pkey"' "$WORK/stderr" ||
  fail "constraints persisted: $(cat "$WORK/stderr")"

# Time travel to every version, by number and by commit time.
expect_output "history" 0 'snapshot_id,operation,row_count
1,insert,3
2,insert,4
3,update,4
4,delete,3' sql -c "SELECT snapshot_id, operation, row_count FROM tarn_snapshots('shop.t') ORDER BY 1"
expected_versions=(
  '1,one;2,two;3,three;'
  '1,one;2,two;3,three;4,CANARY_INSERT_7f3a;'
  '1,one;2,CANARY_UPDATE_c0d1;3,CANARY_UPDATE_c0d1;4,CANARY_INSERT_7f3a;'
  '2,CANARY_UPDATE_c0d1;3,CANARY_UPDATE_c0d1;4,CANARY_INSERT_7f3a;'
)
for version in 1 2 3 4; do
  want="${expected_versions[$((version - 1))]}"
  got="$(sql -c "SELECT k, v FROM shop.t FOR VERSION AS OF $version ORDER BY k" | tail -n +2 | tr '\n' ';')"
  [[ "$got" == "$want" ]] || fail "version $version: expected '$want', got '$got'"
  at="$(sql -c "SELECT committed_at FROM tarn_snapshots('shop.t') WHERE snapshot_id = $version" | tail -n 1)"
  got="$(sql -c "SELECT k, v FROM shop.t FOR TIMESTAMP AS OF '$at' ORDER BY k" | tail -n +2 | tr '\n' ';')"
  [[ "$got" == "$want" ]] || fail "time $at (version $version): expected '$want', got '$got'"
done
expect_stderr "unknown version" 1 'snapshot 7 of table' sql -c "SELECT * FROM shop.t FOR VERSION AS OF 7"

# Canary: no plaintext of inserted, CTAS or updated values anywhere under the data directory.
for canary in CANARY_INSERT_7f3a CANARY_UPDATE_c0d1 CANARY_CTAS_91be; do
  if grep -r -a -l -F "$canary" "$DATA" >"$WORK/found"; then
    fail "plaintext $canary in: $(tr '\n' ' ' <"$WORK/found")"
  fi
done
ls "$DATA"/catalog.db* >/dev/null 2>&1 || fail "no catalog.db under the data directory"
# Control: the same check finds the canary in an unencrypted lake, so the grep can fail.
"$TARN" sql --data-dir "$WORK/plain" --no-encryption \
  -c "CREATE TABLE p AS SELECT 'CANARY_PLAIN_e5a9' AS v" >/dev/null 2>&1 ||
  fail "unencrypted control lake"
grep -r -a -q -F CANARY_PLAIN_e5a9 "$WORK/plain" || fail "control: canary not found in a plaintext lake"

# Two processes inserting into one table at once: every row lands, one snapshot per INSERT.
sql -c "CREATE TABLE shop.hits(worker INTEGER, n INTEGER)" >/dev/null 2>&1 || fail "create hits"
insert_script() {
  for n in $(seq 1 25); do echo "INSERT INTO shop.hits VALUES ($1, $n);"; done
}
insert_script 1 >"$WORK/w1.sql"
insert_script 2 >"$WORK/w2.sql"
sql -f "$WORK/w1.sql" >/dev/null 2>"$WORK/w1.err" &
first=$!
sql -f "$WORK/w2.sql" >/dev/null 2>"$WORK/w2.err" &
second=$!
wait $first || fail "writer 1 failed: $(cat "$WORK/w1.err")"
wait $second || fail "writer 2 failed: $(cat "$WORK/w2.err")"
expect_output "concurrent inserts" 0 'worker,count(*),sum(n)
1,25,325
2,25,325' sql -c "SELECT worker, count(*), sum(n) FROM shop.hits GROUP BY worker ORDER BY worker"
expect_output "one snapshot per insert" 0 'n
50' sql -c "SELECT count(*) AS n FROM tarn_snapshots('shop.hits')"

# DROP removes the table and its files.
expect_output "drop" 0 '' sql -c "DROP TABLE shop.copy"
expect_stderr "dropped" 1 'table "shop.copy" does not exist' sql -c "SELECT * FROM shop.copy"
if find "$DATA/lake" -path '*shop/copy/*' -type f | grep -q .; then
  fail "files of a dropped table remain: $(find "$DATA/lake" -path '*shop/copy/*' -type f | head -3)"
fi

finish lake_sql_test
