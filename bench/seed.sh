#!/usr/bin/env bash
# The seed job side by side: tarn, DuckDB, pandas and Dask on the same CSV, the same machine, one run.
#
#   bench/seed.sh --rows N [--runs 3] [--slow-runs R] [--threads T] [--skip pandas,dask]
#                 [--tarn build/release/tarn]
#
# For each engine and each of --runs runs: the CSV is read once into the page cache (cat > /dev/null)
# right before the timed run, then the engine runs under bench/measure.py, which reports wall-clock
# seconds and peak RSS (max of getrusage's ru_maxrss — GNU time's "Maximum resident set size" — and
# the sampled sum over the whole process tree, which is what counts for Dask's worker processes).
# Reports best-of-N wall seconds (whole process, start-up included), best-of-N query seconds (each
# engine's own timer: without interpreter start-up and Dask cluster start-up), the largest peak RSS
# seen, tarn's speed-up over each peer (peer wall / tarn wall), and whether each result agrees with
# DuckDB's to 1e-9 relative per value. Writes the table to bench/.work/seed-<N>.md (the source of the
# figures in bench/RESULTS.md). --threads T limits tarn and DuckDB to T threads and Dask to T workers
# (default: all cores); pandas is single-threaded. --slow-runs R gives pandas and Dask their own number
# of runs (default: --runs), for large N where one run of each takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

rows=""
runs=3
slow_runs=""
threads=""
skip=""
tarn=build/release/tarn
bench_options "$0" 20 rows runs slow-runs threads skip tarn -- "$@"
[[ -n "$rows" ]] || { echo "seed.sh: --rows N is required" >&2; exit 2; }
python=/usr/bin/python3
cores=$(nproc)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

work=$BENCH_WORK
csv=$(bench_seed_csv "$tarn" "$rows")
csv_bytes=$(stat -c %s "$csv")
sql=$(sed "s|@CSV@|$csv|" bench/seed_sql.txt)

engines=()
for engine in tarn duckdb pandas dask; do
  [[ ",$skip," == *",$engine,"* ]] || engines+=("$engine")
done

command_for() {  # prints the command line of one engine, one argument per line
  local out="$work/out-$1-$rows.csv"
  case "$1" in
    tarn)
      printf '%s\n' "$tarn" sql --format csv --timer -c "$sql"
      [[ -n "$threads" ]] && printf '%s\n' --threads "$threads" ;;
    duckdb)
      printf '%s\n' node bench/duckdb_seed.mjs --csv "$csv" --out "$out"
      [[ -n "$threads" ]] && printf '%s\n' --threads "$threads" ;;
    pandas) printf '%s\n' "$python" bench/pandas_seed.py --csv "$csv" --out "$out" ;;
    dask)
      printf '%s\n' "$python" bench/dask_seed.py --csv "$csv" --out "$out" --workers "${threads:-$cores}" ;;
  esac
  return 0
}

declare -A best_wall best_query peak_rss check failed
for engine in "${engines[@]}"; do
  mapfile -t command < <(command_for "$engine")
  out="$work/out-$engine-$rows.csv"
  log="$work/log-$engine-$rows.txt"
  : > "$log"
  engine_runs=$runs
  [[ -n "$slow_runs" && ( "$engine" == pandas || "$engine" == dask ) ]] && engine_runs=$slow_runs
  for ((run = 1; run <= engine_runs; ++run)); do
    bench_warm "$csv"
    status=0
    stdout=/dev/null
    [[ "$engine" == tarn ]] && stdout=$out
    BENCH_STDOUT=$stdout bench_measure "$log.run" "${command[@]}" || status=$?
    cat "$log.run" >> "$log"
    if ((status != 0)); then  # e.g. killed for lack of memory: report it, keep the other engines
      tail -n 5 "$log.run" >&2
      failed[$engine]="FAILED (exit $status, peak RSS $(( ${MEASURED_RSS:-0} / 1048576 )) MiB; see $log)"
      break
    fi
    printf '  %-7s run %d: %8.3f s wall, %8.3f s query, %7.0f MiB peak RSS\n' "$engine" "$run" "$MEASURED_WALL" \
      "${MEASURED_QUERY:-0}" "$(echo "$MEASURED_RSS / 1048576" | bc -l)" >&2
    bench_keep_min best_wall "$engine" "$MEASURED_WALL"
    bench_keep_min best_query "$engine" "${MEASURED_QUERY:-0}"
    bench_keep_max peak_rss "$engine" "$MEASURED_RSS"
  done
  rm -f "$log.run"
done

reference="$work/out-duckdb-$rows.csv"
for engine in "${engines[@]}"; do
  if [[ -n "${failed[$engine]:-}" ]]; then
    check[$engine]=${failed[$engine]}
  elif [[ "$engine" == duckdb ]]; then
    check[$engine]="reference"
  elif [[ " ${engines[*]} " == *" duckdb "* ]]; then
    check[$engine]=$($python bench/compare_results.py "$reference" "$work/out-$engine-$rows.csv" || true)
  else
    check[$engine]="not checked (DuckDB skipped)"
  fi
done

report="$work/seed-$rows.md"
{
  echo "### Seed job, $rows rows ($(echo "$csv_bytes / 1000000000" | bc -l | xargs printf '%.2f') GB CSV), best of $runs${slow_runs:+ (pandas, Dask: $slow_runs)}"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $cores cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "- Load average (1/5/15 min): $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (other work on the machine shows here)"
  echo "- Versions: $("$tarn" --version 2>&1 | head -1); DuckDB $(node -e "console.log(require('./.deps/node/node_modules/@duckdb/node-api/package.json').version)") (@duckdb/node-api); pandas $($python -c 'import pandas; print(pandas.__version__)'); Dask $($python -c 'import dask; print(dask.__version__)')"
  echo "- Threads: tarn and DuckDB ${threads:-all ($cores)}; Dask ${threads:-$cores} worker processes x 1 thread; pandas 1"
  echo
  echo "| engine | wall s (best) | query s (best) | peak RSS MiB | tarn speed-up (wall) | result vs DuckDB |"
  echo "|---|---:|---:|---:|---:|---|"
  for engine in "${engines[@]}"; do
    if [[ -z "${best_wall[$engine]:-}" ]]; then
      printf '| %s | - | - | - | - | %s |\n' "$engine" "${check[$engine]}"
      continue
    fi
    if [[ " ${engines[*]} " == *" tarn "* && -n "${best_wall[tarn]:-}" ]]; then
      ratio=$(echo "${best_wall[$engine]} / ${best_wall[tarn]}" | bc -l | xargs printf '%.2fx')
    else
      ratio="-"
    fi
    printf '| %s | %.3f | %.3f | %.0f | %s | %s |\n' "$engine" "${best_wall[$engine]}" "${best_query[$engine]}" \
      "$(echo "${peak_rss[$engine]} / 1048576" | bc -l)" "$ratio" "${check[$engine]}"
  done
  echo
  echo "wall = whole process (start-up included: Node + DuckDB load, Python imports, Dask cluster start);"
  echo "query = the engine's own timer around the query (tarn --timer, DuckDB/pandas/Dask in-script)."
  echo "Peak RSS = max(ru_maxrss, sampled sum over the process tree), bench/measure.py."
} > "$report"
echo >&2
cat "$report"
echo >&2
echo "seed.sh: wrote $report" >&2
