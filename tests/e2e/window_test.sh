#!/usr/bin/env bash
# End-to-end test of window functions on a multi-morsel CSV file: the same query gives the same
# rows, in the same order and to the last bit, with 1 and 2 threads, and the result is complete.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1"
# ~45 MB: three 16 MiB CSV morsels.
"$TARN" gen seed --rows 600000 --out seed.csv --seed 7 >/dev/null || fail "gen seed"

QUERY="SELECT category, id,
  row_number() OVER (PARTITION BY category ORDER BY value1 DESC),
  rank() OVER (PARTITION BY category % 10 ORDER BY round(value2, 1)),
  sum(value2) OVER (PARTITION BY category ORDER BY id ROWS BETWEEN 5 PRECEDING AND 2 FOLLOWING),
  avg(value3) OVER (PARTITION BY category),
  lag(value1, 2, 0) OVER (PARTITION BY category ORDER BY id),
  sum(value1) OVER (ORDER BY id)
FROM 'seed.csv'"

one="$("$TARN" sql --threads 1 --format csv -c "$QUERY" | md5sum)" || fail "threads 1"
two="$("$TARN" sql --threads 2 --format csv -c "$QUERY" | md5sum)" || fail "threads 2"
[[ "$one" == "$two" ]] || fail "results differ between --threads 1 and --threads 2"

# Every row comes out once; row_number restarts in each of the 1000 categories.
COUNTS="SELECT count(*), count(DISTINCT id), sum(CASE WHEN r = 1 THEN 1 ELSE 0 END), max(r)
FROM (SELECT id, row_number() OVER (PARTITION BY category ORDER BY value1) AS r FROM 'seed.csv') s"
counts="$("$TARN" sql --threads 2 --format csv -c "$COUNTS" | tail -1)"
max_rows="$("$TARN" sql --format csv -c "SELECT max(c) FROM (SELECT count(*) AS c FROM 'seed.csv' GROUP BY category) s" | tail -1)"
[[ "$counts" == "600000,600000,1000,$max_rows" ]] || fail "counts: $counts (largest category $max_rows)"

# EXPLAIN shows the operator with its OVER clause.
plan="$("$TARN" sql --format csv -c "EXPLAIN SELECT rank() OVER (PARTITION BY category ORDER BY id) FROM 'seed.csv'")"
[[ "$plan" == *WINDOW* && "$plan" == *"rank()"* ]] || fail "explain: $plan"

finish "window e2e"
