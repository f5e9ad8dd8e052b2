#!/usr/bin/env bash
# Lake queries side by side (issue 4, benchmarks b and c), one run:
#   (b) the seed job (bench/seed_sql.txt) on a lake table — the seed CSV ingested with `tarn ingest`
#       (zstd Parquet, AES-256-GCM encrypted at rest) — against DuckDB running the same SQL on the
#       same rows as one plain Parquet file DuckDB wrote itself (COPY ... (FORMAT parquet,
#       COMPRESSION zstd)). Target: tarn <= 0.7x DuckDB's time.
#   (c) `WHERE category = 7` on the table partitioned by category (`--partition-by category`):
#       bytes of the table's data objects the tarn process read (bench/read_bytes.py: its reads
#       traced by file; catalog and key envelopes reported beside) against the bytes of all of
#       them, with EXPLAIN ANALYZE's pruning line. Target: < 2%.
#
#   bench/lake.sh [--rows N (10000000)] [--runs 3] [--threads T (all cores)] [--tarn build/release/tarn]
#
# The lake (bench/.work/lake-N) and the Parquet file are rebuilt on every run of the script. Before
# each timed run the lake's objects and the Parquet file are read into the page cache; both engines
# get the same thread count; best of --runs wall and query seconds (bench/measure.py; query = tarn
# --timer, DuckDB's in-script timer). Results are compared value by value with DuckDB's
# (bench/compare_results.py). Writes the table to bench/.work/lake-N.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

rows=10000000
runs=3
threads=$(nproc)
tarn=build/release/tarn
bench_options "$0" 18 rows runs threads tarn -- "$@"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
work=$BENCH_WORK
csv=$(bench_seed_csv "$tarn" "$rows")
csv_bytes=$(stat -c %s "$csv")
lake="$work/lake-$rows"
key="$work/lake.key"
parquet="$work/lake-duckdb-$rows.parquet"
lake_args=(--data-dir "$lake" --key-file "$key")
tarn_sql() { "$tarn" sql "${lake_args[@]}" --threads "$threads" --format csv "$@"; }

# --- the data: two lake tables and DuckDB's Parquet file
rm -rf "$lake" "$parquet"
echo "lake.sh: ingesting $csv into bench.seed and bench.seed_by_category (partitioned)" >&2
bench_measure "$work/lake-log-ingest-$rows.txt" "$tarn" ingest "$csv" --table bench.seed "${lake_args[@]}" \
  --threads "$threads" || { cat "$work/lake-log-ingest-$rows.txt" >&2; exit 1; }
ingest_wall=$MEASURED_WALL
"$tarn" ingest "$csv" --table bench.seed_by_category --partition-by category "${lake_args[@]}" \
  --threads "$threads" > /dev/null
quote=${parquet//\'/\'\'}
node bench/duckdb_csv_to_parquet.mjs --csv "$csv" --out "$parquet" --threads "$threads" 2> /dev/null
for table in seed seed_by_category; do
  count=$(tarn_sql -c "SELECT count(*) AS n FROM bench.$table" | tail -1)
  [[ "$count" == "$rows" ]] || { echo "lake.sh: bench.$table has $count rows, expected $rows" >&2; exit 1; }
done
seed_bytes=$(du -sb "$lake/lake/raw/bench/seed" | cut -f1)
parquet_bytes=$(stat -c %s "$parquet")

# --- (b) the seed job
tarn_query=$(sed "s|'@CSV@'|bench.seed|" bench/seed_sql.txt)
duckdb_query=$(sed "s|@CSV@|$quote|" bench/seed_sql.txt)
declare -A best_wall best_query peak_rss
run_engine() {  # run_engine NAME OUT COMMAND...
  local engine="$1" out="$2" log="$work/lake-log-$1-$rows.txt" run
  shift 2
  for ((run = 1; run <= runs; ++run)); do
    bench_warm "$lake" "$parquet"
    if ! BENCH_STDOUT="$out" bench_measure "$log" "$@"; then
      tail -n 5 "$log" >&2
      echo "lake.sh: $engine failed, see $log" >&2
      exit 1
    fi
    printf '  %-7s run %d: %8.3f s wall, %8.3f s query, %7.0f MiB peak RSS\n' "$engine" "$run" \
      "$MEASURED_WALL" "${MEASURED_QUERY:-0}" "$(echo "$MEASURED_RSS / 1048576" | bc -l)" >&2
    bench_keep_min best_wall "$engine" "$MEASURED_WALL"
    bench_keep_min best_query "$engine" "${MEASURED_QUERY:-0}"
    bench_keep_max peak_rss "$engine" "$MEASURED_RSS"
  done
}
run_engine tarn "$work/lake-out-tarn-$rows.csv" "$tarn" sql "${lake_args[@]}" --threads "$threads" \
  --format csv --timer -c "$tarn_query"
run_engine duckdb "$work/lake-out-duckdb-$rows.csv" node bench/duckdb_query.mjs --sql "$duckdb_query" \
  --out "$work/lake-out-duckdb-$rows.csv" --threads "$threads"
seed_check=$($BENCH_PYTHON bench/compare_results.py "$work/lake-out-duckdb-$rows.csv" \
  "$work/lake-out-tarn-$rows.csv" || true)

# --- (c) one category of the partitioned table
filter_sql="SELECT category, count(*) AS n, sum(value1) AS s1, min(value2) AS min2, max(value3) AS max3 FROM @T@ WHERE category = 7 GROUP BY category"
table_dir="$lake/lake/raw/bench/seed_by_category"
read_paths=(--path data="$table_dir" --path keys="$lake/lake/_keys" --path catalog="$lake/catalog.db")
read_bytes() {  # read_bytes LOG LABEL: a figure of bench/read_bytes.py's report in LOG
  sed -n "s/^READ_BYTES $2 \([0-9]*\)/\1/p" "$1"
}
bench_warm "$lake"
$BENCH_PYTHON bench/read_bytes.py "${read_paths[@]}" -- "$tarn" sql "${lake_args[@]}" --threads "$threads" \
  --format csv -c "${filter_sql//@T@/bench.seed_by_category}" > "$work/lake-out-tarn-filter-$rows.csv" \
  2> "$work/lake-log-filter-$rows.txt"
$BENCH_PYTHON bench/read_bytes.py "${read_paths[@]}" -- "$tarn" sql "${lake_args[@]}" --threads "$threads" \
  --format csv -c "SELECT count(*) AS n, sum(value1) AS s1 FROM bench.seed_by_category" > /dev/null \
  2> "$work/lake-log-full-$rows.txt"
table_bytes=$(du -sb "$table_dir" | cut -f1)
partitions=$(find "$table_dir" -mindepth 1 -maxdepth 1 -type d | wc -l)
pruning=$(tarn_sql -c "EXPLAIN ANALYZE ${filter_sql//@T@/bench.seed_by_category}" | grep -o 'files: scanned [^"|]*' | head -1 || true)
node bench/duckdb_query.mjs --sql "${filter_sql//@T@/\'$quote\'}" --out "$work/lake-out-duckdb-filter-$rows.csv" \
  --threads "$threads" 2> /dev/null
filter_check=$($BENCH_PYTHON bench/compare_results.py "$work/lake-out-duckdb-filter-$rows.csv" \
  "$work/lake-out-tarn-filter-$rows.csv" || true)
filter_log="$work/lake-log-filter-$rows.txt" full_log="$work/lake-log-full-$rows.txt"
percent=$(echo "100 * $(read_bytes "$filter_log" data) / $table_bytes" | bc -l)
percent_all=$(echo "100 * $(read_bytes "$filter_log" total) / $table_bytes" | bc -l)

report="$work/lake-$rows.md"
{
  echo "### Lake: the seed job on an encrypted lake table vs DuckDB on Parquet, $rows rows, best of $runs"
  echo
  bench_machine
  echo "- Load average (1/5/15 min): $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "- Versions: $("$tarn" --version 2>&1 | head -1); DuckDB $(node -e "console.log(require('./.deps/node/node_modules/@duckdb/node-api/package.json').version)") (@duckdb/node-api); threads: $threads for both"
  echo "- Data: seed CSV $(echo "$csv_bytes / 1000000" | bc -l | xargs printf '%.0f') MB; bench.seed $seed_bytes bytes (tarn ingest $(printf '%.2f' "$ingest_wall") s: zstd Parquet, AES-256-GCM); DuckDB's Parquet $parquet_bytes bytes (zstd)"
  echo
  echo "(b) seed job"
  echo
  echo "| engine | input | wall s (best) | query s (best) | peak RSS MiB | result vs DuckDB |"
  echo "|---|---|---:|---:|---:|---|"
  for engine in tarn duckdb; do
    input=$([[ $engine == tarn ]] && echo "lake table bench.seed (encrypted)" || echo "Parquet file")
    check=$([[ $engine == tarn ]] && echo "$seed_check" || echo "reference")
    printf '| %s | %s | %.3f | %.3f | %.0f | %s |\n' "$engine" "$input" "${best_wall[$engine]}" \
      "${best_query[$engine]}" "$(echo "${peak_rss[$engine]} / 1048576" | bc -l)" "$check"
  done
  echo
  printf 'tarn / DuckDB: %.2fx wall, %.2fx query (target <= 0.7x)\n' \
    "$(echo "${best_wall[tarn]} / ${best_wall[duckdb]}" | bc -l)" \
    "$(echo "${best_query[tarn]} / ${best_query[duckdb]}" | bc -l)"
  echo
  echo "(c) \`WHERE category = 7\` on bench.seed_by_category ($partitions partitions)"
  echo
  echo "| figure | value |"
  echo "|---|---:|"
  echo "| table's data objects (bytes) | $table_bytes |"
  echo "| catalog.db (bytes) | $(stat -c %s "$lake/catalog.db") |"
  echo "| read by tarn, WHERE category = 7: data objects / key envelopes / catalog / other (bytes) | $(read_bytes "$filter_log" data) / $(read_bytes "$filter_log" keys) / $(read_bytes "$filter_log" catalog) / $(read_bytes "$filter_log" other) |"
  echo "| read by tarn, whole table: data objects / key envelopes / catalog / other (bytes) | $(read_bytes "$full_log" data) / $(read_bytes "$full_log" keys) / $(read_bytes "$full_log" catalog) / $(read_bytes "$full_log" other) |"
  printf '| data objects read / table data objects | %.3f%% (target < 2%%) |\n' "$percent"
  printf '| everything read (catalog, libraries too) / table data objects | %.3f%% |\n' "$percent_all"
  echo "| EXPLAIN ANALYZE | ${pruning:-no pruning line} |"
  echo "| result vs DuckDB | $filter_check |"
  echo
  echo "wall = whole process (start-up included); query = the engine's own timer. Bytes read: every"
  echo "read/pread of the tarn process by file (bench/read_bytes.py, strace), page cache or disk."
} > "$report"
cat "$report"
echo "lake.sh: wrote $report" >&2
