# Shared plumbing of the bench/*.sh drivers (sourced, not run): the seed CSV, page-cache warming,
# one measured run under bench/measure.py, and best-of bookkeeping. Expects to run from the repo
# root (the drivers cd there first).

BENCH_PYTHON=/usr/bin/python3
BENCH_WORK=bench/.work

# bench_seed_csv TARN ROWS: prints the path of bench/.work/seed-ROWS.csv, generating it with
# `tarn gen seed` the first time.
bench_seed_csv() {
  local tarn="$1" rows="$2" csv="$BENCH_WORK/seed-$2.csv"
  mkdir -p "$BENCH_WORK"
  if [[ ! -s "$csv" ]]; then
    echo "bench: generating $csv ($rows rows) with tarn gen seed" >&2
    "$tarn" gen seed --rows "$rows" --out "$csv" >&2
  fi
  echo "$csv"
}

# bench_warm PATH...: reads every file under the paths into the page cache (before a timed run).
bench_warm() {
  find "$@" -type f -exec cat {} + > /dev/null
}

# bench_measure LOG COMMAND...: runs COMMAND under bench/measure.py with stdout to $BENCH_STDOUT
# (default /dev/null) and stderr to LOG. Sets MEASURED_WALL (seconds), MEASURED_RSS (bytes) and
# MEASURED_QUERY (the engine's own timer: tarn --timer's "Run Time: real", a peer's QUERY_SECONDS;
# empty when absent). Returns the command's exit status.
bench_measure() {
  local log="$1" status=0
  shift
  $BENCH_PYTHON bench/measure.py -- "$@" > "${BENCH_STDOUT:-/dev/null}" 2> "$log" || status=$?
  MEASURED_WALL=$(sed -n 's/.*MEASURE wall_seconds=\([0-9.]*\).*/\1/p' "$log")
  MEASURED_RSS=$(sed -n 's/.*peak_rss_bytes=\([0-9]*\).*/\1/p' "$log")
  MEASURED_QUERY=$(sed -n -e 's/^QUERY_SECONDS \([0-9.]*\).*/\1/p' -e 's/^Run Time: real \([0-9.]*\) s.*/\1/p' "$log" | tail -1)
  return $status
}

# bench_keep_min ARRAY KEY VALUE / bench_keep_max ARRAY KEY VALUE: ARRAY[KEY] = min/max(old, VALUE).
bench_keep_min() {
  local -n array="$1"
  if [[ -z "${array[$2]:-}" ]] || (($(echo "$3 < ${array[$2]}" | bc -l))); then array[$2]=$3; fi
}
bench_keep_max() {
  local -n array="$1"
  if [[ -z "${array[$2]:-}" ]] || (($(echo "$3 > ${array[$2]}" | bc -l))); then array[$2]=$3; fi
}

# bench_machine: one Markdown bullet naming the date, CPU, cores and RAM.
bench_machine() {
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
}

# bench_options SCRIPT HELP_END NAME... -- ARG...: for each '--NAME VALUE' in ARG sets the shell
# variable NAME (dashes become underscores: --fact-rows sets fact_rows); the caller sets defaults
# first. -h/--help prints lines 2..HELP_END of SCRIPT (its header comment) and exits 0; any other
# argument exits 2. Then requires an executable $tarn.
bench_options() {
  local script="$1" help_end="$2" name known=()
  shift 2
  while (($#)) && [[ "$1" != "--" ]]; do known+=("$1"); shift; done
  shift
  while (($#)); do
    if [[ "$1" == "-h" || "$1" == "--help" ]]; then
      sed -n "2,${help_end}p" "$script" | sed 's/^# \{0,1\}//'
      exit 0
    fi
    name=""
    for candidate in "${known[@]}"; do [[ "$1" == "--$candidate" ]] && name="$candidate"; done
    if [[ -z "$name" ]]; then
      echo "$(basename "$script"): unknown argument '$1' (see --help)" >&2
      exit 2
    fi
    (($# >= 2)) || { echo "$(basename "$script"): $1 needs a value" >&2; exit 2; }
    printf -v "${name//-/_}" '%s' "$2"
    shift 2
  done
  [[ -x "$tarn" ]] || { echo "$(basename "$script"): no tarn binary at $tarn (run 'make release' or pass --tarn)" >&2; exit 2; }
}
