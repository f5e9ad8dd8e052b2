#!/bin/sh
# Runs the SQLite sqllogictest corpus files present in tests/sqlite-corpus/ (select1.test ...
# select5.test; third-party, not committed, fetched by hand — see tests/sqlite-corpus/README) with
# `tarn slt` and prints the pass rate of each. Fetches nothing.
#   scripts/sqlite-corpus.sh [path/to/tarn]     (default: build/release/tarn)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
tarn=${1:-$root/build/release/tarn}
dir=$root/tests/sqlite-corpus
[ -x "$tarn" ] || { echo "no tarn binary at $tarn (pass its path)" >&2; exit 2; }
found=0
for file in "$dir"/select*.test; do
  [ -e "$file" ] || continue
  found=1
  summary=$("$tarn" slt "$file" 2>&1 | tail -n 1)
  passed=$(echo "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
  failed=$(echo "$summary" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
  if [ -z "$passed" ]; then
    echo "$(basename "$file"): no result ($summary)"
    continue
  fi
  total=$((passed + failed))
  echo "$(basename "$file"): $passed/$total passed ($(awk "BEGIN{printf \"%.1f\", 100*$passed/$total}")%)"
done
[ "$found" = 1 ] || echo "no corpus files in $dir"
