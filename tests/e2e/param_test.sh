#!/usr/bin/env bash
# End-to-end test of `tarn sql --param`: values bind $1, $2 ... in every -c statement, take the type
# their use asks for (compared with, added to or stored into a typed column), else follow the
# literal rules (number or VARCHAR); missing values and values that do not convert are errors.
# Expected outputs are derived by hand from the documented rules (tarn sql --help).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" "$1"
# zip is text with leading zeros, n an integer column, d a date (the sniffer reads them so).
printf 'zip,n,d\n00501,7,2024-03-01\n10001,12,2024-03-02\n501,7,2024-03-03\n' >"$WORK/z.csv"

# No context: the literal rules. JSON shows the types: 42 a number, 2.5 a number, x a string.
expect_output "literal rules" 0 '[{"i":42,"d":2.5,"s":"x","big":3000000000}]' \
  "$TARN" sql --format json --param 42 --param 2.5 --param x --param 3000000000 \
  -c 'SELECT $1 AS i, $2 AS d, $3 AS s, $4 AS big'
expect_output "arithmetic of two parameters" 0 'sum
5' "$TARN" sql --param 2 --param 3 -c 'SELECT $1 + $2 AS sum'

# Compared with a VARCHAR column the text stays text: 00501 is not 501.
expect_output "varchar context keeps leading zeros" 0 'zip,n
00501,7' "$TARN" sql --param 00501 -c "SELECT zip, n FROM read_csv('z.csv', columns={'zip': 'VARCHAR', 'n': 'INTEGER', 'd': 'DATE'}) WHERE zip = \$1"
# Compared with an integer column it is a number; with a date column a date.
expect_output "integer context" 0 'zip
00501
501' "$TARN" sql --param 7 -c "SELECT zip FROM read_csv('z.csv', columns={'zip': 'VARCHAR', 'n': 'INTEGER', 'd': 'DATE'}) WHERE n = \$1 ORDER BY d"
expect_output "date context" 0 'zip
10001' "$TARN" sql --param 2024-03-02 -c "SELECT zip FROM read_csv('z.csv', columns={'zip': 'VARCHAR', 'n': 'INTEGER', 'd': 'DATE'}) WHERE d = \$1"
expect_output "arithmetic with a column" 0 'n
17
22
17' "$TARN" sql --param 10 -c "SELECT n + \$1 AS n FROM read_csv('z.csv', columns={'zip': 'VARCHAR', 'n': 'INTEGER', 'd': 'DATE'}) ORDER BY d"

# Stored into columns: converted to each column's type; every -c statement sees the values.
expect_output "insert and update with parameters" 0 'id,name,day
7,00501,2024-03-01' "$TARN" sql --param 7 --param 00501 --param 2024-03-01 \
  -c 'CREATE TEMP TABLE t(id INTEGER, name VARCHAR, day DATE)' \
  -c 'INSERT INTO t VALUES ($1, $2, $3)' \
  -c 'UPDATE t SET name = $2 WHERE id = $1' \
  -c 'SELECT * FROM t'
expect_output "status lines in table format" 0 'CREATE TABLE
INSERT 2
UPDATE 1
DELETE 1' "$TARN" sql --format table --param 5 \
  -c 'CREATE TEMP TABLE t(a INTEGER)' -c 'INSERT INTO t VALUES ($1), ($1 + 1)' \
  -c 'UPDATE t SET a = a * 2 WHERE a = $1' -c 'DELETE FROM t WHERE a >= $1 + 5'
expect_output "prepared statement with a parameter value" 0 'x
8' "$TARN" sql --param 4 -c 'PREPARE twice AS SELECT $1 * 2 AS x; EXECUTE twice($1)'

# Errors: a missing value, a value that does not convert, a wrong EXECUTE count.
expect_stderr "missing value" 1 'no value given for parameter $2' \
  "$TARN" sql --param 1 -c 'SELECT $1, $2'
expect_stderr "does not convert" 1 "INTEGER" \
  "$TARN" sql --param seven -c "SELECT zip FROM read_csv('z.csv', columns={'zip': 'VARCHAR', 'n': 'INTEGER', 'd': 'DATE'}) WHERE n = \$1"
expect_stderr "not a date" 1 "DATE" \
  "$TARN" sql --param 2024-13-45 -c 'CREATE TEMP TABLE t(d DATE); INSERT INTO t VALUES ($1)'
expect_stderr "execute count" 1 'wrong number of parameters for prepared statement "p": expected 2 but got 1' \
  "$TARN" sql -c 'PREPARE p AS SELECT $1 + $2; EXECUTE p(1)'
"$TARN" sql --help | grep -q -- "--param" || fail "--help does not document --param"
"$TARN" sql --help | grep -q "literal rules" || fail "--help does not explain parameter typing"

finish "param e2e"
