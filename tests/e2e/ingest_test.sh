#!/usr/bin/env bash
# End-to-end test of `tarn ingest` with the real binary ($1): CSV, NDJSON and Parquet sources,
# globs, partitioning, dedupe and --force, quarantine (reasons and lines), schema widening, the
# narrowing error, and a kill -9 loop proving an ingest is all or nothing. Results are read back
# with `tarn sql --data-dir`. Expected values are derived by hand from the generated inputs (and
# agree with DuckDB's read_csv/read_json on the same files).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1"
unset TARN_MASTER_KEY
DATA="$WORK/lake"

sql() { "$TARN" sql --data-dir "$DATA" --format csv -c "$1"; }
# expect_ok NAME COMMAND...: exit code 0; stdout in $WORK/stdout, stderr in $WORK/stderr.
expect_ok() {
  local name="$1" rc
  shift
  "$@" >"$WORK/stdout" 2>"$WORK/stderr"
  rc=$?
  [[ $rc -eq 0 ]] || fail "$name: exit code $rc (stderr: $(cat "$WORK/stderr"))"
}

# 1000 rows: id i, name n(i%7), amount i/2, day 2024-01-(1+i%3).
mkdir -p in
awk 'BEGIN { print "id,name,amount,day"; for (i = 1; i <= 1000; i++) printf "%d,n%d,%.1f,2024-01-0%d\n", i, i % 7, i / 2, 1 + i % 3 }' > in/a.csv
# rows 1001..1500 split over two files of a glob
awk 'BEGIN { print "id,name,amount,day"; for (i = 1001; i <= 1200; i++) printf "%d,n%d,%.1f,2024-01-0%d\n", i, i % 7, i / 2, 1 + i % 3 }' > in/part-1.csv
awk 'BEGIN { print "id,name,amount,day"; for (i = 1201; i <= 1500; i++) printf "%d,n%d,%.1f,2024-01-0%d\n", i, i % 7, i / 2, 1 + i % 3 }' > in/part-2.csv

# --- CSV, creates the table; partitioned by day
expect_ok "ingest csv" "$TARN" ingest in/a.csv --table shop.sales --partition-by day --data-dir "$DATA"
grep -q "ingested 1 file(s), 1000 rows" "$WORK/stdout" || fail "ingest csv summary: $(cat "$WORK/stdout")"
grep -q "snapshot 1 " "$WORK/stdout" || fail "ingest csv snapshot id: $(cat "$WORK/stdout")"
# sum(i/2, i=1..1000) = 250250; days: i%3==0 -> 01 (333 rows), 1 -> 02 (334), 2 -> 03 (333)
expect_output "csv rows" 0 "count_star(),sum(amount),count(DISTINCT name)
1000,250250,7" sql "SELECT count(*) AS \"count_star()\", sum(amount), count(DISTINCT name) FROM shop.sales"
expect_output "csv partitions" 0 "day,n
2024-01-01,333
2024-01-02,334
2024-01-03,333" sql "SELECT day, count(*) AS n FROM shop.sales GROUP BY day ORDER BY day"
ls "$DATA"/lake/raw/shop/sales/ | grep -q "day=2024-01-02" || fail "no Hive partition folder day=2024-01-02"

# --- dedupe and --force
expect_stderr "dedupe" 0 "skipped in/a.csv: already ingested into shop.sales (use --force" \
  "$TARN" ingest in/a.csv --table shop.sales --data-dir "$DATA"
grep -q "nothing to ingest" "$WORK/stdout" || fail "dedupe summary: $(cat "$WORK/stdout")"
expect_output "dedupe rows" 0 "n
1000" sql "SELECT count(*) AS n FROM shop.sales"

# --- glob of two new files plus the old one: the old one is skipped
expect_stderr "glob" 0 "skipped in/a.csv" "$TARN" ingest 'in/*.csv' --table shop.sales --data-dir "$DATA"
grep -q "ingested 2 file(s), 500 rows" "$WORK/stdout" || fail "glob summary: $(cat "$WORK/stdout")"
# sum(i/2, i=1..1500) = 562875
expect_output "glob rows" 0 "n,s
1500,562875" sql "SELECT count(*) AS n, sum(amount) AS s FROM shop.sales"

expect_ok "force" "$TARN" ingest in/part-1.csv --table shop.sales --force --data-dir "$DATA"
expect_output "force rows" 0 "n
1700" sql "SELECT count(*) AS n FROM shop.sales"

# --- NDJSON with a new column (added) and a widened one (id BIGINT stays; amount DOUBLE stays)
printf '{"id": 2001, "name": "j1", "amount": 1.25, "day": "2024-01-04", "note": "first"}\n{"id": 2002, "name": "j2", "amount": 2, "day": "2024-01-04"}\n' > in/more.ndjson
expect_ok "ndjson" "$TARN" ingest in/more.ndjson --table shop.sales --data-dir "$DATA"
grep -q "schema version 2" "$WORK/stdout" || fail "ndjson schema change: $(cat "$WORK/stdout")"
expect_output "ndjson rows" 0 "id,amount,note
2001,1.25,first
2002,2,
1,0.5," sql "SELECT id, amount, note FROM shop.sales WHERE id > 2000 OR id = 1 ORDER BY note NULLS LAST, id DESC"

# --- widening: an INTEGER-valued column becomes DOUBLE in a new schema version
printf 'k,v\n1,10\n2,20\n' > w1.csv
printf 'k,v\n3,2.5\n' > w2.csv
expect_ok "widen 1" "$TARN" ingest w1.csv --table shop.w --data-dir "$DATA"
expect_ok "widen 2" "$TARN" ingest w2.csv --table shop.w --data-dir "$DATA"
expect_output "widened" 0 "k,v
1,10
2,20
3,2.5" sql "SELECT k, v FROM shop.w ORDER BY k"

# --- narrowing: v is DOUBLE, a file with text in v is refused, nothing committed
printf 'k,v\n4,abc\n' > w3.csv
expect_stderr "narrowing" 1 "column 'v' of shop.w is DOUBLE but the source has VARCHAR" \
  "$TARN" ingest w3.csv --table shop.w --data-dir "$DATA"
expect_output "narrowing rows" 0 "n
3" sql "SELECT count(*) AS n FROM shop.w"

# --- Parquet written by tarn's COPY
"$TARN" sql -c "COPY (SELECT * FROM 'w1.csv') TO 'w.parquet' (FORMAT parquet)" >/dev/null || fail "copy to parquet"
expect_ok "parquet" "$TARN" ingest w.parquet --table shop.p --zone curated --data-dir "$DATA"
expect_output "parquet rows" 0 "k,v
1,10
2,20" sql "SELECT k, v FROM shop.p ORDER BY k"
ls "$DATA"/lake/curated/shop/p/ >/dev/null 2>&1 || fail "curated zone folder missing"

# --- on-error: fail names file:line:column; quarantine keeps reasons and lines
{ echo "id,v"; for i in $(seq 1 25000); do echo "$i,$i"; done; echo "25001,oops"; echo "25002,1,extra"; echo "25003,3"; } > q.csv
expect_stderr "on-error fail" 1 "value of column 'v' is not a valid BIGINT" \
  "$TARN" ingest q.csv --table shop.q --data-dir "$DATA"
grep -qF "(at q.csv:25002:2)" "$WORK/stderr" || fail "on-error fail location: $(cat "$WORK/stderr")"
expect_ok "on-error skip" "$TARN" ingest q.csv --table shop.qs --on-error skip --data-dir "$DATA"
grep -q "rejected 2 row(s)" "$WORK/stdout" || fail "skip summary: $(cat "$WORK/stdout")"
expect_ok "on-error quarantine" "$TARN" ingest q.csv --table shop.q --on-error quarantine --data-dir "$DATA"
grep -q "rejected 2 row(s) -> shop.q__quarantine" "$WORK/stdout" || fail "quarantine summary: $(cat "$WORK/stdout")"
expect_output "quarantine rows" 0 "n
25001" sql "SELECT count(*) AS n FROM shop.q"
expect_output "quarantine table" 0 "line,raw_row,reason
25002,\"25001,oops\",value of column 'v' is not a valid BIGINT
25003,\"25002,1,extra\",expected 2 fields but found 3" \
  sql "SELECT line, raw_row, split_part(reason, ' (', 1) AS reason FROM shop.q__quarantine ORDER BY line"

# NDJSON: a line that is not JSON goes to quarantine with its line; "a" mixes numbers and a string,
# so it is VARCHAR holding each value's JSON text (the string keeps its quotes, as DuckDB's JSON type)
printf '{"a": 1, "b": "x"}\n{"a": 2, "b": \n{"a": "three", "b": "y"}\n{"a": 4}\n' > q.ndjson
expect_ok "ndjson quarantine" "$TARN" ingest q.ndjson --table shop.j --on-error quarantine \
  --data-dir "$DATA"
grep -q "ingested 1 file(s), 3 rows" "$WORK/stdout" || fail "ndjson quarantine summary: $(cat "$WORK/stdout")"
expect_output "ndjson values" 0 "a,b
\"\"\"three\"\"\",y
1,x
4," sql "SELECT a, b FROM shop.j ORDER BY a"
expect_output "ndjson quarantine table" 0 "line,raw_row
2,\"{\"\"a\"\": 2, \"\"b\"\": \"" \
  sql "SELECT line, raw_row FROM shop.j__quarantine ORDER BY line"

# --- kill -9 at random moments: the table is always at a committed snapshot (a multiple of N rows)
N=1000000
awk -v n=$N 'BEGIN { print "id,x"; for (i = 1; i <= n; i++) printf "%d,%d.5\n", i, i % 1000 }' > big.csv
"$TARN" ingest big.csv --table shop.k --data-dir "$DATA" >/dev/null 2>&1 || fail "kill test first ingest"
RANDOM=42
previous=$N
interrupted=0
for attempt in $(seq 1 10); do
  "$TARN" ingest big.csv --table shop.k --force --data-dir "$DATA" >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '0.%02d' $((RANDOM % 100)))"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  count="$(sql "SELECT count(*) AS n FROM shop.k" | tail -1)"
  if [[ -z "$count" || $((count % N)) -ne 0 || $count -lt $previous || $count -gt $((previous + N)) ]]; then
    fail "after kill $attempt: $count rows, not the previous $previous or one more ingest"
  fi
  [[ "$count" == "$previous" ]] && interrupted=$((interrupted + 1))
  previous=$count
done
echo "kill test: $interrupted of 10 ingests killed before their commit, $previous rows at the end"

finish ingest_test
