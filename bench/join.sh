#!/usr/bin/env bash
# The join benchmark side by side: tarn and DuckDB on the same two CSV files, one run.
#
#   bench/join.sh [--fact-rows 10000000] [--dim-rows 1000000] [--runs 3] [--threads T]
#                 [--tarn build/release/tarn]
#
# A fact table (id, dim_id, amount) and a dimension table (id, region, name) are generated once
# into bench/.work/ by bench/join_gen.mjs (DuckDB COPY, deterministic); ~9% of fact rows match no
# dimension row. The query (bench/join_sql.txt) joins them on fact.dim_id = dim.id and sums the
# amount per region. For each engine and run the files are read into the page cache first
# (cat > /dev/null), then the engine runs under bench/measure.py (wall seconds, peak RSS).
# Reports best-of-N wall and query seconds, peak RSS, each engine's wall and query time relative
# to DuckDB's (target: tarn <= 1.0x), and whether tarn's
# result agrees with DuckDB's (bench/join_compare.py, 1e-9 relative); writes the table to
# bench/.work/join-<F>x<D>.md (the source of the figures in bench/RESULTS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

fact_rows=10000000
dim_rows=1000000
runs=3
threads=""
tarn=build/release/tarn
bench_options "$0" 16 fact-rows dim-rows runs threads tarn -- "$@"
python=/usr/bin/python3
cores=$(nproc)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

work=bench/.work
mkdir -p "$work"
fact="$work/join-fact-$fact_rows.csv"
dim="$work/join-dim-$dim_rows.csv"
if [[ ! -s "$fact" || ! -s "$dim" ]]; then
  echo "join.sh: generating $fact and $dim with bench/join_gen.mjs" >&2
  node bench/join_gen.mjs --fact-rows "$fact_rows" --dim-rows "$dim_rows" --fact "$fact.tmp" --dim "$dim.tmp"
  mv "$fact.tmp" "$fact"
  mv "$dim.tmp" "$dim"
fi
sql=$(sed -e "s|@FACT@|$fact|" -e "s|@DIM@|$dim|" bench/join_sql.txt)
tag="$fact_rows"x"$dim_rows"

command_for() {  # prints the command line of one engine, one argument per line
  case "$1" in
    tarn)
      printf '%s\n' "$tarn" sql --format csv --timer -c "$sql"
      [[ -n "$threads" ]] && printf '%s\n' --threads "$threads" ;;
    duckdb)
      printf '%s\n' node bench/duckdb_join.mjs --fact "$fact" --dim "$dim" --out "$work/join-out-duckdb-$tag.csv"
      [[ -n "$threads" ]] && printf '%s\n' --threads "$threads" ;;
  esac
  return 0
}

engines=(tarn duckdb)
declare -A best_wall best_query peak_rss failed
for engine in "${engines[@]}"; do
  mapfile -t command < <(command_for "$engine")
  out="$work/join-out-$engine-$tag.csv"
  log="$work/join-log-$engine-$tag.txt"
  : > "$log"
  for ((run = 1; run <= runs; ++run)); do
    cat "$fact" "$dim" > /dev/null
    status=0
    if [[ "$engine" == tarn ]]; then
      $python bench/measure.py -- "${command[@]}" > "$out" 2> "$log.run" || status=$?
    else
      $python bench/measure.py -- "${command[@]}" > /dev/null 2> "$log.run" || status=$?
    fi
    cat "$log.run" >> "$log"
    if ((status != 0)); then
      tail -n 5 "$log.run" >&2
      failed[$engine]="FAILED (exit $status; see $log)"
      break
    fi
    wall=$(sed -n 's/.*MEASURE wall_seconds=\([0-9.]*\).*/\1/p' "$log.run")
    rss=$(sed -n 's/.*peak_rss_bytes=\([0-9]*\).*/\1/p' "$log.run")
    query=$(sed -n -e 's/^QUERY_SECONDS \([0-9.]*\).*/\1/p' -e 's/^Run Time: real \([0-9.]*\) s.*/\1/p' "$log.run" | tail -1)
    printf '  %-7s run %d: %8.3f s wall, %8.3f s query, %7.0f MiB peak RSS (load %s)\n' "$engine" "$run" "$wall" \
      "${query:-0}" "$(echo "$rss / 1048576" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)" >&2
    if [[ -z "${best_wall[$engine]:-}" ]] || (($(echo "$wall < ${best_wall[$engine]}" | bc -l))); then
      best_wall[$engine]=$wall
    fi
    if [[ -z "${best_query[$engine]:-}" ]] || (($(echo "${query:-0} < ${best_query[$engine]}" | bc -l))); then
      best_query[$engine]=${query:-0}
    fi
    if [[ -z "${peak_rss[$engine]:-}" ]] || ((rss > ${peak_rss[$engine]})); then
      peak_rss[$engine]=$rss
    fi
  done
  rm -f "$log.run"
done

if [[ -n "${failed[tarn]:-}" ]]; then
  check=${failed[tarn]}
elif [[ -n "${failed[duckdb]:-}" ]]; then
  check="not checked (DuckDB failed)"
else
  check=$($python bench/join_compare.py "$work/join-out-duckdb-$tag.csv" "$work/join-out-tarn-$tag.csv" || true)
fi

report="$work/join-$tag.md"
{
  echo "### Join: $fact_rows-row fact x $dim_rows-row dimension ($(echo "$(stat -c %s "$fact") / 1000000" | bc -l | xargs printf '%.0f') + $(echo "$(stat -c %s "$dim") / 1000000" | bc -l | xargs printf '%.0f') MB CSV), best of $runs"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $cores cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "- Load average (1/5/15 min): $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end (other work on the machine shows here)"
  echo "- Versions: $("$tarn" --version 2>&1 | head -1); DuckDB $(node -e "console.log(require('./.deps/node/node_modules/@duckdb/node-api/package.json').version)") (@duckdb/node-api)"
  echo "- Threads: ${threads:-all ($cores)}; query: \`$(sed -e 's|@FACT@|fact.csv|' -e 's|@DIM@|dim.csv|' bench/join_sql.txt)\`"
  echo
  echo "| engine | wall s (best) | query s (best) | peak RSS MiB | wall / DuckDB wall | query / DuckDB query | result vs DuckDB |"
  echo "|---|---:|---:|---:|---:|---:|---|"
  for engine in "${engines[@]}"; do
    result=$([[ "$engine" == duckdb ]] && echo reference || echo "$check")
    if [[ -z "${best_wall[$engine]:-}" ]]; then
      printf '| %s | - | - | - | - | - | %s |\n' "$engine" "${failed[$engine]:-$result}"
      continue
    fi
    ratio="-"
    query_ratio="-"
    if [[ -n "${best_wall[tarn]:-}" && -n "${best_wall[duckdb]:-}" ]]; then
      ratio=$(echo "${best_wall[$engine]} / ${best_wall[duckdb]}" | bc -l | xargs printf '%.2fx')
      query_ratio=$(echo "${best_query[$engine]} / ${best_query[duckdb]}" | bc -l | xargs printf '%.2fx')
    fi
    printf '| %s | %.3f | %.3f | %.0f | %s | %s | %s |\n' "$engine" "${best_wall[$engine]}" "${best_query[$engine]}" \
      "$(echo "${peak_rss[$engine]} / 1048576" | bc -l)" "$ratio" "$query_ratio" "$result"
  done
  echo
  echo "wall = whole process (start-up included: Node + DuckDB load); query = the engine's own timer"
  echo "(tarn --timer, DuckDB in-script). Peak RSS = max(ru_maxrss, sampled tree sum), bench/measure.py."
} > "$report"
echo >&2
cat "$report"
echo >&2
echo "join.sh: wrote $report" >&2
