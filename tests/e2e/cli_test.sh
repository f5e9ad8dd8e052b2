#!/usr/bin/env bash
# End-to-end test of the tarn command line: starts the real binary ($1) in a temp directory and
# checks exit codes, output formats, error carets, the slt runner and --version. Expected outputs
# are derived by hand from the documented formats.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1"
printf 'a,b,c\n1,x,0.1\n2,"q,r",2.5\n3,"say ""hi""",-1e-07\n' >"$WORK/t.csv"

# --version and help
version="$("$TARN" --version)" || fail "--version exit code"
[[ "$(head -1 <<<"$version")" == "tarn 0.1.0" ]] || fail "--version first line: $version"
[[ "$("$TARN" version | head -1)" == "tarn 0.1.0" ]] || fail "version command"
"$TARN" help sql | grep -q "^SYNOPSIS" || fail "help sql has no SYNOPSIS"
"$TARN" sql --help | grep -q "^EXAMPLES" || fail "sql --help has no EXAMPLES"
"$TARN" help slt | grep -q "hashing to" || fail "help slt does not explain hashes"
expect_stderr "unknown command" 1 "" "$TARN" bogus
expect_stderr "unknown help topic" 1 "unknown command 'bogus'" "$TARN" help bogus

# Output formats over a tiny CSV (stdout is not a terminal: csv by default). The sniffer reads
# integer columns as BIGINT (format/type_detection.h).
query="SELECT a, b, c FROM 't.csv' ORDER BY a"
expect_output "csv default" 0 'a,b,c
1,x,0.1
2,"q,r",2.5
3,"say ""hi""",-1e-07' "$TARN" sql -c "$query"
expect_output "json" 0 '[{"a":1,"b":"x","c":0.1},
{"a":2,"b":"q,r","c":2.5},
{"a":3,"b":"say \"hi\"","c":-1e-07}]' "$TARN" sql --format json -c "$query"
expect_output "ndjson" 0 '{"a":1,"b":"x","c":0.1}
{"a":2,"b":"q,r","c":2.5}
{"a":3,"b":"say \"hi\"","c":-1e-07}' "$TARN" sql --format ndjson -c "$query"
expect_output "tsv" 0 "$(printf 'a\tb\tc\n1\tx\t0.1\n2\tq,r\t2.5\n3\tsay "hi"\t-1e-07')" "$TARN" sql --format tsv -c "$query"
expect_output "table" 0 '┌────────┬──────────┬────────┐
│   a    │    b     │   c    │
│ bigint │ varchar  │ double │
├────────┼──────────┼────────┤
│      1 │ x        │    0.1 │
│      2 │ q,r      │    2.5 │
│      3 │ say "hi" │ -1e-07 │
└────────┴──────────┴────────┘
3 rows' "$TARN" sql --format table -c "$query"
expect_output "null in csv and json" 0 'n,s
,x' "$TARN" sql -c "SELECT CAST(NULL AS INTEGER) AS n, 'x' AS s"
expect_output "null in json" 0 '[{"n":null,"s":"x"}]' \
  "$TARN" sql --format json -c "SELECT CAST(NULL AS INTEGER) AS n, 'x' AS s"

# -c runs in order; stdin and -f run scripts statement by statement
expect_output "repeated -c" 0 'x
1
y
2' "$TARN" sql -c "SELECT 1 AS x" -c "SELECT 2 AS y"
expect_output "stdin script" 0 'x
1
y
2' bash -c "printf 'SELECT 1 AS x;\n-- comment; with a semicolon\nSELECT 2 AS y;\n' | '$TARN' sql"
printf "SELECT count(*) AS n FROM 't.csv';\n" >"$WORK/script.sql"
expect_output "-f file" 0 'n
3' "$TARN" sql -f "$WORK/script.sql"
expect_output "--param" 0 'p
hello' "$TARN" sql --param hello -c 'SELECT $1 AS p'

# Errors: message and caret on stderr, exit codes by class
"$TARN" sql -c "SELECT nope FROM 't.csv'" >/dev/null 2>"$WORK/stderr"
rc=$?
[[ $rc -eq 1 ]] || fail "binder error exit code $rc"
grep -q "^Error: binder error: " "$WORK/stderr" || fail "binder error message: $(cat "$WORK/stderr")"
grep -qxF "LINE 1: SELECT nope FROM 't.csv'" "$WORK/stderr" || fail "error line: $(cat "$WORK/stderr")"
grep -qxF "               ^" "$WORK/stderr" || fail "caret under 'nope': $(cat "$WORK/stderr")"
# The caret of a later statement points into the whole -c text; earlier results are printed.
out="$("$TARN" sql -c "SELECT 1 AS x; SELECT nope" 2>"$WORK/stderr")"
rc=$?
[[ $rc -eq 1 ]] || fail "second statement error exit code $rc"
[[ "$out" == $'x\n1' ]] || fail "first statement output before the error: $out"
grep -qxF "LINE 1: SELECT 1 AS x; SELECT nope" "$WORK/stderr" || fail "multi-statement error line: $(cat "$WORK/stderr")"
grep -qxF "$(printf '%31s' '^')" "$WORK/stderr" || fail "multi-statement caret: $(cat "$WORK/stderr")"
expect_stderr "syntax error" 1 "Error: syntax error" "$TARN" sql -c "SELEC 1"
expect_stderr "not supported named once" 1 "Error: not supported: LATERAL" "$TARN" sql -c "SELECT * FROM (SELECT 1) t, LATERAL (SELECT 2)"
expect_stderr "missing script" 2 "Error: i/o error: cannot open file" "$TARN" sql -f "$WORK/missing.sql"
expect_stderr "missing csv" 2 "Error: i/o error" "$TARN" sql -c "SELECT * FROM 'missing.csv'"
expect_stderr "bad format" 1 "unknown output format 'xml'" "$TARN" sql --format xml -c "SELECT 1"
expect_stderr "bad memory limit" 1 "Error: invalid argument" "$TARN" sql --memory-limit lots -c "SELECT 1"

# The sqllogictest runner
mkdir -p "$WORK/tests/sql" "$WORK/tests/data"
cp "$WORK/t.csv" "$WORK/tests/data/t.csv"
# The hash is printf '1\n2\n3\n' | md5sum.
cat >"$WORK/tests/sql/pass.test" <<'SLT'
# name: pass.test
query IT
SELECT a, b FROM 'data/t.csv' WHERE a < 3 ORDER BY a
----
1	x
2	q,r

query R
SELECT c FROM '__TEST_DIR__/../data/t.csv' WHERE a = 2
----
2.500

query I rowsort
SELECT a FROM 'data/t.csv'
----
1
2
3

query I
SELECT a FROM 'data/t.csv' ORDER BY a
----
3 values hashing to c0710d6b4f15dfa88f600b0e6b624077

statement error
SELECT nope FROM 'data/t.csv'
----
nope

onlyif mysql
query I
SELECT 'not run'
----
1

skipif tarn
statement ok
SELECT 'not run either'
SLT
expect_output "slt pass" 0 "5 passed, 0 failed, 2 skipped" "$TARN" slt "$WORK/tests/sql/pass.test"
cat >"$WORK/tests/sql/fail.test" <<'SLT'
statement ok
SELECT 1

query I
SELECT 41 + 1
----
43
SLT
"$TARN" slt --recursive "$WORK/tests/sql" >"$WORK/stdout" 2>&1
rc=$?
[[ $rc -eq 1 ]] || fail "slt with a failure exit code $rc"
[[ "$(tail -1 "$WORK/stdout")" == "6 passed, 1 failed, 2 skipped" ]] || fail "slt summary: $(tail -1 "$WORK/stdout")"
grep -q "^FAIL .*fail.test:4" "$WORK/stdout" || fail "slt failure location: $(cat "$WORK/stdout")"
grep -q "^42$" "$WORK/stdout" || fail "slt failure shows the actual value"

finish "cli e2e"
