#!/usr/bin/env bash
# End-to-end test of `tarn catalog create|set|show|search|vacuum`: starts the real binary ($1) in a
# temp directory and checks business metadata round trips, search (case-insensitive, wildcards
# literal), the show layout, errors naming their cause, and that vacuum deletes an old orphan
# object but not a young one. Expected outputs follow the formats documented in docs/catalog.md
# and the command's --help.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1"
unset TARN_MASTER_KEY

run() {
  local name="$1" expected_rc="$2" rc
  shift 2
  "$@" >"$WORK/out" 2>"$WORK/err"
  rc=$?
  [[ $rc -eq $expected_rc ]] || fail "$name: exit code $rc, expected $expected_rc (stderr: $(cat "$WORK/err"))"
}
expect_out() { grep -qF -- "$2" "$WORK/out" || fail "$1: stdout lacks '$2'; got: $(cat "$WORK/out")"; }
expect_err() { grep -qF -- "$2" "$WORK/err" || fail "$1: stderr lacks '$2'; got: $(cat "$WORK/err")"; }

"$TARN" help catalog | grep -q "^SYNOPSIS" || fail "help catalog has no SYNOPSIS"
"$TARN" catalog --help | grep -q "tarn catalog vacuum" || fail "catalog --help lacks vacuum"

# Reading commands never create a lake.
run "search without lake" 1 "$TARN" catalog search x
expect_err "search without lake" "no lake in './tarn-data'"
[[ ! -e tarn-data/catalog.db ]] || fail "search created a catalog"

run "create" 0 "$TARN" catalog create Sales.Orders --column id:BIGINT --column email:VARCHAR \
  --column dt:DATE --partition dt
expect_out "create" "created table sales.orders at curated/sales/orders/"
expect_err "create" "created master key file ./tarn-data/keys/master.key"
[[ -f tarn-data/catalog.db ]] || fail "no tarn-data/catalog.db"
run "create again" 1 "$TARN" catalog create sales.orders --column id:BIGINT
expect_err "create again" "table 'sales.orders' already exists"
run "create bad column" 1 "$TARN" catalog create sales.x --column id:WIDGET
expect_err "create bad column" "expected --column NAME:TYPE (e.g. id:BIGINT) but got 'id:WIDGET'"

run "set table" 0 "$TARN" catalog set sales.orders owner=ana steward=Bo "description=One row per order_line"
run "set column" 0 "$TARN" catalog set sales.orders.EMAIL sensitivity=PII "description=customer e-mail"
run "set unknown key" 1 "$TARN" catalog set sales.orders color=red
expect_err "set unknown key" "unknown table property 'color' (expected owner, steward, description or retention)"
run "set bad retention" 1 "$TARN" catalog set sales.orders retention=soon
expect_err "set bad retention" "bad retention 'soon': expected a number with d, h, m or s"
run "set bad sensitivity" 1 "$TARN" catalog set sales.orders.email sensitivity=secret
expect_err "set bad sensitivity" "unknown sensitivity 'secret'"
run "set unknown column" 1 "$TARN" catalog set sales.orders.nope description=x
expect_err "set unknown column" "column 'nope' does not exist"
run "set bad name" 1 "$TARN" catalog set orders owner=x
expect_err "set bad name" "expected DATABASE.TABLE or DATABASE.TABLE.COLUMN but got 'orders'"

run "show default retention" 0 "$TARN" catalog show sales.orders
expect_out "show default retention" "retention    7d (default)"
run "set retention" 0 "$TARN" catalog set sales.orders retention=30d
run "show" 0 "$TARN" catalog show SALES.orders
expect_out "show" "retention    30d"
expect_out "show" "table        sales.orders"
expect_out "show" "kind         managed"
expect_out "show" "location     curated/sales/orders/"
expect_out "show" "partitioned  dt"
expect_out "show" "owner        ana"
expect_out "show" "steward      Bo"
expect_out "show" "description  One row per order_line"
expect_out "show" "columns (schema version 1)"
expect_out "show" "$(printf '  %-20s %-16s %-8s %-12s %s' email VARCHAR null pii 'customer e-mail')"
grep -qxF -- "$(printf '  %-20s %-16s %-8s %s' id BIGINT null public)" "$WORK/out" ||
  fail "show: id row missing or padded: $(cat "$WORK/out")"
expect_out "show" "none (the table is empty)"
grep -qE "^ +1  [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC  3 columns$" "$WORK/out" ||
  fail "show: schema version row missing: $(cat "$WORK/out")"
run "show missing" 1 "$TARN" catalog show sales.nope
expect_err "show missing" "table 'sales.nope' does not exist"

# Search: case-insensitive substring; sorted by database, table, column, field.
expect_output "search order" 0 "$(printf '%-32s  %-20s  %s\n' \
  sales.orders description 'One row per order_line' \
  sales.orders 'table name' orders)" "$TARN" catalog search ORDER
expect_output "search column" 0 "$(printf '%-32s  %-20s  %s\n' \
  sales.orders.email 'column description' 'customer e-mail' \
  sales.orders.email 'column name' email)" "$TARN" catalog search MAIL
expect_output "search steward" 0 "$(printf '%-32s  %-20s  %s' sales.orders steward Bo)" \
  "$TARN" catalog search bo
# '_' is literal: it matches only 'order_line', not any character.
expect_output "search underscore" 0 "$(printf '%-32s  %-20s  %s' sales.orders description \
  'One row per order_line')" "$TARN" catalog search r_l
# As a wildcard 'r_o' would match "per order"; literally it matches nothing.
expect_stderr "search wildcard" 0 "no match for 'r_o'" "$TARN" catalog search r_o
expect_stderr "search percent" 0 "no match for '%'" "$TARN" catalog search %

# Vacuum on an unencrypted lake, where a test can plant plain objects: an orphan older than an hour
# goes, a young one and another table's object stay.
run "create plain" 0 "$TARN" catalog create db.t --column a:INTEGER --data-dir plain --no-encryption
mkdir -p plain/lake/curated/db/t plain/lake/curated/db/t2
echo old >plain/lake/curated/db/t/part-old.parquet
echo young >plain/lake/curated/db/t/part-young.parquet
echo other >plain/lake/curated/db/t2/part-other.parquet
touch -d '2 hours ago' plain/lake/curated/db/t/part-old.parquet plain/lake/curated/db/t2/part-other.parquet
expect_output "vacuum" 0 "expired 0 snapshots, deleted 0 data files and 1 orphaned objects" \
  "$TARN" catalog vacuum db.t --retain 0 --data-dir plain --no-encryption
[[ ! -e plain/lake/curated/db/t/part-old.parquet ]] || fail "vacuum kept the old orphan"
[[ -e plain/lake/curated/db/t/part-young.parquet ]] || fail "vacuum deleted the young orphan"
[[ -e plain/lake/curated/db/t2/part-other.parquet ]] || fail "vacuum deleted another table's object"
expect_stderr "vacuum bad retain" 1 "bad retention '7 days'" \
  "$TARN" catalog vacuum db.t --retain '7 days' --data-dir plain --no-encryption
expect_stderr "vacuum missing" 1 "table 'db.nope' does not exist" \
  "$TARN" catalog vacuum db.nope --data-dir plain --no-encryption
expect_stderr "encrypted lake without flag" 1 "was created without encryption" \
  "$TARN" catalog show db.t --data-dir plain

finish catalog_test
