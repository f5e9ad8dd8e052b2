#!/usr/bin/env bash
# End-to-end test of `tarn crawl`: a tree with CSV, NDJSON and Parquet datasets and Hive partition
# folders is registered as external tables; a second crawl changes nothing; an added column makes
# schema version 2; a narrowed type is reported as a conflict. Expected schemas are derived by
# hand from the files written below.
# Usage: tests/e2e/crawl_test.sh path/to/tarn
source "$(dirname "$0")/lib.sh"

LAKE=(--data-dir "$WORK/lake" --no-encryption)
DATA="$WORK/landing"
mkdir -p "$DATA/sales/year=2024/region=eu" "$DATA/sales/year=2025/region=us" "$DATA/events" \
  "$DATA/logs/dt=2024-01-01" "$DATA/logs/dt=2024-01-02" "$DATA/.git"
"$TARN" sql -c "COPY (SELECT 1 AS id, 10.5::DOUBLE AS amount UNION ALL SELECT 2, 20) TO
  '$DATA/sales/year=2024/region=eu/part-0.parquet' (FORMAT parquet)" >/dev/null ||
  fail "write parquet 1"
"$TARN" sql -c "COPY (SELECT 3 AS id, 30.25::DOUBLE AS amount) TO
  '$DATA/sales/year=2025/region=us/part-0.parquet' (FORMAT parquet)" >/dev/null ||
  fail "write parquet 2"
printf '{"user": "ann", "n": 1, "ok": true}\n{"user": "bob", "n": 2, "ok": false}\n' \
  > "$DATA/events/e1.ndjson"
printf 'level,message,code\ninfo,started,1\nwarn,slow,2.5\n' > "$DATA/logs/dt=2024-01-01/a.csv"
printf 'level,message,code\nerror,failed,3\n' > "$DATA/logs/dt=2024-01-02/b.csv"
printf 'ignored' > "$DATA/.git/HEAD.csv"
printf 'not data\n' > "$DATA/README.txt"

# Parquet's INTEGER from `1 AS id`; CSV integers and decimals sniff as BIGINT and DOUBLE;
# partition folders type as BIGINT (year), VARCHAR (region) and DATE (dt).
"$TARN" crawl "$DATA" "${LAKE[@]}" > "$WORK/crawl1.txt" 2>&1 || fail "first crawl: $(cat "$WORK/crawl1.txt")"
expect_crawl() {
  grep -qF -- "$1" "$2" || fail "crawl output lacks '$1'; got: $(cat "$2")"
}
expect_crawl "created   main.sales (parquet, 2 files) at $DATA/sales/year=*/region=*/*.parquet" "$WORK/crawl1.txt"
expect_crawl "columns: id INTEGER, amount DOUBLE, year BIGINT, region VARCHAR" "$WORK/crawl1.txt"
expect_crawl "partitioned by year, region" "$WORK/crawl1.txt"
expect_crawl "created   main.logs (csv, 2 files) at $DATA/logs/dt=*/*.csv" "$WORK/crawl1.txt"
expect_crawl "columns: level VARCHAR, message VARCHAR, code DOUBLE, dt DATE" "$WORK/crawl1.txt"
if "$TARN" sql -c "SELECT * FROM '$DATA/events/e1.ndjson'" >/dev/null 2>&1; then
  expect_crawl "created   main.events (ndjson, 1 file) at $DATA/events/*.ndjson" "$WORK/crawl1.txt"
  expect_crawl "5 data files in 3 datasets: 3 created, 0 updated, 0 unchanged, 0 conflicts, 0 failed" "$WORK/crawl1.txt"
else
  echo "crawl_test: NDJSON reader not built yet; events dataset expected to fail"
fi
grep -q "HEAD.csv\|README" "$WORK/crawl1.txt" && fail "hidden folder or non-data file crawled"

# A second crawl of the unchanged tree changes nothing.
"$TARN" crawl "$DATA" "${LAKE[@]}" > "$WORK/crawl2.txt" 2>&1
expect_crawl "unchanged main.sales" "$WORK/crawl2.txt"
expect_crawl "unchanged main.logs" "$WORK/crawl2.txt"
expect_crawl "0 created, 0 updated" "$WORK/crawl2.txt"
cp "$WORK/lake/catalog.db" "$WORK/catalog-before.db" 2>/dev/null

# An added column (and a new file) makes schema version 2.
printf 'level,message,code,host\ninfo,started,1,a\nwarn,slow,2.5,b\n' > "$DATA/logs/dt=2024-01-01/a.csv"
printf 'level,message,code,host\nerror,failed,3,c\n' > "$DATA/logs/dt=2024-01-02/b.csv"
mkdir -p "$DATA/logs/dt=2024-01-03"
printf 'level,message,code,host\ninfo,done,4,d\n' > "$DATA/logs/dt=2024-01-03/c.csv"
"$TARN" crawl "$DATA" "${LAKE[@]}" > "$WORK/crawl3.txt" 2>&1 || fail "third crawl: $(cat "$WORK/crawl3.txt")"
expect_crawl "updated   main.logs (csv, 3 files)" "$WORK/crawl3.txt"
expect_crawl "schema version 2: added column host VARCHAR" "$WORK/crawl3.txt"
expect_crawl "files: 1 added, 0 removed, 2 changed" "$WORK/crawl3.txt"
expect_crawl "unchanged main.sales" "$WORK/crawl3.txt"

# A narrowed type (code: DOUBLE in the table, only integers now) is a conflict: exit code 1,
# the table keeps its schema.
printf 'level,message,code,host\ninfo,started,1,a\n' > "$DATA/logs/dt=2024-01-01/a.csv"
printf 'level,message,code,host\nerror,failed,3,c\n' > "$DATA/logs/dt=2024-01-02/b.csv"
"$TARN" crawl "$DATA" "${LAKE[@]}" > "$WORK/crawl4.txt" 2>&1
[[ $? -eq 1 ]] || fail "a conflict must exit with 1"
expect_crawl "conflict  main.logs" "$WORK/crawl4.txt"
expect_crawl "column 'code' is DOUBLE in the table but BIGINT in the files: a narrower type" "$WORK/crawl4.txt"

# --managed copies datasets into managed tables through the file ingest; again loads only new files.
mkdir -p "$WORK/flat/orders"
printf 'id,total\n1,9.5\n2,3\n' > "$WORK/flat/orders/a.csv"
printf 'id,total\n3,1.25\n' > "$WORK/flat/orders/b.csv"
"$TARN" crawl "$WORK/flat" --managed --database m "${LAKE[@]}" > "$WORK/managed1.txt" 2>&1 ||
  fail "managed crawl: $(cat "$WORK/managed1.txt")"
expect_crawl "created   m.orders (csv, 2 files, 3 rows) snapshot 1" "$WORK/managed1.txt"
"$TARN" crawl "$WORK/flat" --managed --database m "${LAKE[@]}" > "$WORK/managed2.txt" 2>&1
expect_crawl "unchanged m.orders (csv, 2 files already ingested)" "$WORK/managed2.txt"
printf 'id,total\n4,7\n' > "$WORK/flat/orders/c.csv"
"$TARN" crawl "$WORK/flat" --managed --database m "${LAKE[@]}" > "$WORK/managed3.txt" 2>&1
expect_crawl "updated   m.orders (csv, 1 files, 1 rows) snapshot 2" "$WORK/managed3.txt"
"$TARN" crawl "$DATA" --managed --database m "${LAKE[@]}" > "$WORK/managed4.txt" 2>&1
[[ $? -eq 1 ]] || fail "a dataset --managed cannot take must exit with 1"
expect_crawl "failed    m.sales (parquet, 2 files): not supported: --managed for Hive-partitioned" "$WORK/managed4.txt"
expect_stderr "missing root" 2 "not a directory" "$TARN" crawl "$WORK/nope" "${LAKE[@]}"

# External tables are queryable through SQL (partition columns from the folder names) — once the
# lake SQL work (tarn sql --data-dir resolving catalog tables) is in the build.
if ! "$TARN" sql --data-dir "$WORK/probe" -c "CREATE TABLE p.t AS SELECT 1 AS a" >/dev/null 2>&1; then
  echo "crawl_test: lake tables not queryable by SQL in this build; query check SKIPPED"
  finish crawl_test
  exit 0
fi
expect_output "query sales" 0 "$(printf 'id,amount,year,region\n1,10.5,2024,eu\n2,20,2024,eu\n3,30.25,2025,us')" \
  "$TARN" sql --format csv "${LAKE[@]}" -c "SELECT * FROM main.sales ORDER BY id"
expect_output "query logs v2" 0 "$(printf 'n,hosts\n3,3')" \
  "$TARN" sql --format csv "${LAKE[@]}" -c "SELECT count(*) AS n, count(host) AS hosts FROM main.logs"
expect_output "query managed" 0 "$(printf 's\n20.75')" \
  "$TARN" sql --format csv "${LAKE[@]}" -c "SELECT sum(total) AS s FROM m.orders"

finish crawl_test
