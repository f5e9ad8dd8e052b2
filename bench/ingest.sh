#!/usr/bin/env bash
# Batch ingestion side by side: `tarn ingest` of the seed CSV into a lake table (zstd Parquet,
# encrypted at rest, one snapshot) and DuckDB's COPY (FROM read_csv(...)) TO 'x.parquet'
# (COMPRESSION zstd) on the same file, the same machine, one run each per round.
#
#   bench/ingest.sh --rows N [--runs 3] [--threads T] [--tarn build/release/tarn]
#
# The CSV (bench/.work/seed-N.csv, made by `tarn gen seed` as bench/seed.sh does) is read into the
# page cache right before each timed run; each tarn run ingests into a fresh data directory. Wall
# seconds and peak RSS come from bench/measure.py; MB/s is CSV bytes / best wall seconds. tarn's
# run includes hashing the file (SHA-256, for dedupe), encryption and the catalog commit. Writes
# the table to bench/.work/ingest-N.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

rows=""
runs=3
threads=""
tarn=build/release/tarn
bench_options "$0" 13 rows runs threads tarn -- "$@"
[[ -n "$rows" ]] || { echo "ingest.sh: --rows N is required" >&2; exit 2; }
cores=$(nproc)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

work=$BENCH_WORK
csv=$(bench_seed_csv "$tarn" "$rows")
csv_bytes=$(stat -c %s "$csv")
lake="$work/ingest-lake"
parquet="$work/ingest-duckdb-$rows.parquet"

declare -A best_wall peak_rss
run_engine() {  # run_engine NAME COMMAND...
  local engine="$1" log="$work/log-ingest-$1-$rows.txt"
  shift
  bench_warm "$csv"
  if ! BENCH_STDOUT="$log.out" bench_measure "$log" "$@"; then
    tail -n 5 "$log" >&2
    echo "ingest.sh: $engine failed, see $log" >&2
    exit 1
  fi
  cat "$log.out" >> "$log" && rm -f "$log.out"
  printf '  %-7s %8.3f s wall, %7.0f MiB peak RSS, %6.0f MB/s of CSV\n' "$engine" "$MEASURED_WALL" \
    "$(echo "$MEASURED_RSS / 1048576" | bc -l)" "$(echo "$csv_bytes / 1000000 / $MEASURED_WALL" | bc -l)" >&2
  bench_keep_min best_wall "$engine" "$MEASURED_WALL"
  bench_keep_max peak_rss "$engine" "$MEASURED_RSS"
}

thread_args=()
[[ -n "$threads" ]] && thread_args=(--threads "$threads")
for ((run = 1; run <= runs; ++run)); do
  rm -rf "$lake"
  run_engine tarn "$tarn" ingest "$csv" --table bench.seed --data-dir "$lake" --key-file "$work/ingest.key" "${thread_args[@]}"
  rm -f "$parquet"
  run_engine duckdb node bench/duckdb_csv_to_parquet.mjs --csv "$csv" --out "$parquet" "${thread_args[@]}"
done
tarn_rows=$("$tarn" sql --data-dir "$lake" --key-file "$work/ingest.key" --format csv -c "SELECT count(*) AS n FROM bench.seed" | tail -1)
[[ "$tarn_rows" == "$rows" ]] || { echo "ingest.sh: tarn table has $tarn_rows rows, expected $rows" >&2; exit 1; }
tarn_bytes=$(du -sb "$lake/lake" | cut -f1)
duckdb_bytes=$(stat -c %s "$parquet")

report="$work/ingest-$rows.md"
{
  echo "### Ingest: seed CSV -> zstd Parquet, $rows rows ($(echo "$csv_bytes / 1000000" | bc -l | xargs printf '%.0f') MB CSV), best of $runs"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $cores cores"
  echo "- Load average (1/5/15 min): $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "- Threads: ${threads:-all ($cores)}; tarn: encrypted (AES-256-GCM), SHA-256 of the source, catalog commit"
  echo
  echo "| engine | wall s (best) | MB/s of CSV | peak RSS MiB | output bytes |"
  echo "|---|---:|---:|---:|---:|"
  for engine in tarn duckdb; do
    bytes=$([[ $engine == tarn ]] && echo "$tarn_bytes" || echo "$duckdb_bytes")
    printf '| %s | %.3f | %.0f | %.0f | %s |\n' "$engine" "${best_wall[$engine]}" \
      "$(echo "$csv_bytes / 1000000 / ${best_wall[$engine]}" | bc -l)" \
      "$(echo "${peak_rss[$engine]} / 1048576" | bc -l)" "$bytes"
  done
  echo
  echo "wall = whole process (start-up included). tarn output = the lake folder (data objects, key envelopes)."
} > "$report"
cat "$report"
echo "ingest.sh: wrote $report" >&2
