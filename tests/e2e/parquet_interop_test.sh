#!/usr/bin/env bash
# Parquet interop with DuckDB both ways (tests/e2e/parquet_interop.mjs): DuckDB-written files read
# identically by tarn ($1), tarn-written files read identically by DuckDB. Needs node and
# @duckdb/node-api (scripts/install-deps).
set -u
TARN="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
HERE="$(cd "$(dirname "$0")" && pwd)"
if ! command -v node >/dev/null 2>&1 || [[ ! -d "$HERE/../../.deps/node/node_modules/@duckdb/node-api" ]]; then
  echo "parquet interop: node or @duckdb/node-api missing (run scripts/install-deps)"
  exit 1
fi
exec node "$HERE/parquet_interop.mjs" "$TARN"
