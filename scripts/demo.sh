#!/usr/bin/env bash
# The main job end to end (`make demo`): generates ROWS rows of the seed dataset under
# ./tarn-data/seed-<ROWS>.csv (reused when present), runs the seed job through tarn and shows the
# first result rows and how long the query took.
#   scripts/demo.sh BINARY ROWS
set -euo pipefail

binary=${1:?usage: scripts/demo.sh BINARY ROWS}
rows=${2:?usage: scripts/demo.sh BINARY ROWS}
[[ -x "$binary" ]] || { echo "demo: no tarn binary at $binary (run 'make release')" >&2; exit 2; }

mkdir -p tarn-data
csv="tarn-data/seed-$rows.csv"
if [[ -s "$csv" ]]; then
  echo "Using $csv ($(du -h "$csv" | cut -f1), generated earlier)."
else
  echo "Generating $rows rows of the seed dataset into $csv ..."
  start=$(date +%s.%N)
  "$binary" gen seed --rows "$rows" --out "$csv"
  echo "  done in $(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.1f') s ($(du -h "$csv" | cut -f1))."
fi

sql="SELECT category, avg(value1), stddev(value1), min(value1), max(value1), avg(value2), stddev(value2), min(value2), max(value2), avg(value3), stddev(value3), min(value3), max(value3), avg(value1) * stddev(value2) + max(value3) - min(value1) AS combined FROM '$csv' GROUP BY category ORDER BY category"

echo
echo "Running the seed job on $(nproc) cores:"
echo "  $binary sql -c \"SELECT category, avg(value1), stddev(value1), ... FROM '$csv' GROUP BY category ORDER BY category\""
echo

result=$(mktemp)
timing=$(mktemp)
trap 'rm -f "$result" "$timing"' EXIT
cat "$csv" > /dev/null  # read the file into the page cache once, so the timing shows the engine
if ! "$binary" sql --format csv --timer -c "$sql" > "$result" 2> "$timing"; then
  cat "$timing" >&2
  exit 1
fi

# The first 10 groups, numbers rounded to 4 decimals so a row fits on a screen.
head -n 11 "$result" | awk -F, '
  NR == 1 {
    for (i = 1; i <= NF; ++i) {
      name = $i
      gsub(/"/, "", name); sub(/\(value/, "", name); sub(/\)$/, "", name)
      sub(/^category$/, "cat", name); sub(/^combined$/, "comb.", name)
      printf "%s%9s", (i > 1 ? " " : ""), name
    }
    printf "\n"
    next
  }
  {
    for (i = 1; i <= NF; ++i) printf "%s%9s", (i > 1 ? " " : ""), (i == 1 ? $i : sprintf("%.4f", $i))
    printf "\n"
  }'
groups=$(($(wc -l < "$result") - 1))
elapsed=$(sed -n 's/^Run Time: real \([0-9.]*\) s.*/\1/p' "$timing" | tail -1)
echo "  ... $groups groups in all (columns: avg, stddev, min, max of value1, value2, value3, then combined)"
echo
echo "tarn answered the seed job over $rows rows in ${elapsed:-?} s."
echo "Full result: $binary sql --format table -c \"...\"  |  benchmark against DuckDB, pandas, Dask: make bench"
