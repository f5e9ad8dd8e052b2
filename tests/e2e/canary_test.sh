#!/usr/bin/env bash
# Encryption at rest, checked end to end: one canary string is written through every path that
# stores table data or secrets under a data directory — tarn ingest (CSV, NDJSON, Parquet, the
# quarantine table), a database load (SQLite), a managed crawl, INSERT, CTAS, UPDATE, a DEFAULT
# value, a secret, and SQL text in the audit log — and must then appear nowhere under
# the data directory in plaintext (nor hex-encoded). A control run on a lake created with
# --no-encryption must find it, so the check itself can fail. (Business metadata — COMMENT ON
# descriptions, owners — is catalog metadata kept searchable, not table data; docs/catalog.md.)
# Usage: tests/e2e/canary_test.sh path/to/tarn
source "$(dirname "$0")/lib.sh"

CANARY="canary-7f3e9a1c-do-not-leak"
HEX_CANARY="$(printf '%s' "$CANARY" | od -An -tx1 | tr -d ' \n')"

# Sources holding the canary.
printf 'id,name\n1,%s\n2,plain\n' "$CANARY" > rows.csv
printf '{"id": 3, "name": "%s"}\n{"id": 4, "name": "x"}\n' "$CANARY" > rows.ndjson
printf 'id,name\n1,a\n2,b\n5,%s,extra-field\n' "$CANARY" > bad.csv
mkdir -p crawl/events
printf 'id,name\n6,%s\n' "$CANARY" > crawl/events/part1.csv
python3 -c "
import sqlite3
db = sqlite3.connect('source.db')
db.execute('CREATE TABLE people (id INTEGER, name TEXT)')
db.execute(\"INSERT INTO people VALUES (7, '$CANARY')\")
db.commit()"

write_everything() {
  local dir="$1"
  shift
  local options=("--data-dir" "$dir" "$@")
  "$TARN" ingest rows.csv --table shop.csv_rows "${options[@]}" >/dev/null 2>&1 || fail "ingest csv ($dir)"
  "$TARN" ingest rows.ndjson --table shop.json_rows "${options[@]}" >/dev/null 2>&1 || fail "ingest ndjson ($dir)"
  "$TARN" ingest bad.csv --table shop.bad --on-error quarantine "${options[@]}" >/dev/null 2>&1 ||
    fail "ingest with quarantine ($dir)"
  "$TARN" sql -c "COPY (SELECT 8 AS id, '$CANARY' AS name) TO '$WORK/rows.parquet' (FORMAT parquet)" \
    >/dev/null 2>&1 || fail "copy to parquet"
  "$TARN" ingest rows.parquet --table shop.parquet_rows "${options[@]}" >/dev/null 2>&1 ||
    fail "ingest parquet ($dir)"
  "$TARN" ingest "sqlite://$WORK/source.db" --source-table people --table shop.people \
    --incremental-column id "${options[@]}" >/dev/null 2>&1 || fail "sqlite load ($dir)"
  "$TARN" crawl crawl --database crawled --managed "${options[@]}" >/dev/null 2>&1 ||
    fail "managed crawl ($dir)"
  "$TARN" sql "${options[@]}" \
    -c "CREATE TABLE shop.t (id INTEGER, name VARCHAR DEFAULT '$CANARY-default')" \
    -c "INSERT INTO shop.t VALUES (1, '$CANARY'), (2, 'other')" \
    -c "INSERT INTO shop.t (id) VALUES (3)" \
    -c "CREATE TABLE shop.t2 AS SELECT id, name || '' AS name FROM shop.t" \
    -c "UPDATE shop.t SET name = '$CANARY-updated' WHERE id = 2" >/dev/null 2>&1 ||
    fail "sql writes ($dir)"
  # Secrets are always sealed (the secret store needs the keyring even for a plaintext lake).
  if [[ "$*" != *--no-encryption* ]]; then
    printf '%s-secret\n' "$CANARY" | "$TARN" secret set pseudonym_key --data-dir "$dir" \
      >/dev/null 2>&1 || fail "secret set ($dir)"
  fi
}

leaks() {  # prints the files under $1 holding the canary in plaintext or hex
  grep -rlaF -e "$CANARY" -e "$HEX_CANARY" "$1" 2>/dev/null
}

write_everything "$WORK/lake"
# Every write landed: the rows read back with the right key.
expect_output "rows read back" 0 "$(printf '%s\n' name "$CANARY" "$CANARY" "$CANARY" "$CANARY" "$CANARY" "$CANARY" "$CANARY-updated")" \
  "$TARN" sql --data-dir "$WORK/lake" --format csv -c "
    SELECT name FROM (
      SELECT 1 AS k, name FROM shop.csv_rows WHERE id = 1 UNION ALL
      SELECT 2, name FROM shop.json_rows WHERE id = 3 UNION ALL
      SELECT 3, name FROM shop.parquet_rows UNION ALL
      SELECT 4, name FROM shop.people UNION ALL
      SELECT 5, name FROM crawled.events UNION ALL
      SELECT 6, name FROM shop.t WHERE id = 1 UNION ALL
      SELECT 7, name FROM shop.t WHERE id = 2) ORDER BY k" 
expect_output "quarantined row kept" 0 "$(printf "count(*)\n1")" \
  "$TARN" sql --data-dir "$WORK/lake" --format csv -c "SELECT count(*) FROM shop.bad__quarantine" 
[[ -n "$(find "$WORK/lake" -type f | head -1)" ]] || fail "nothing was written under the data dir"
found="$(leaks "$WORK/lake")"
[[ -z "$found" ]] || fail "canary in plaintext under the data dir: $found"

# Control: the same writes into an unencrypted lake must show the canary, or grep proves nothing.
write_everything "$WORK/plain" --no-encryption
[[ -n "$(leaks "$WORK/plain")" ]] || fail "control: canary not found in an unencrypted lake (the check cannot fail)"

finish canary_test
