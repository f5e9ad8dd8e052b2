#!/usr/bin/env node
// One SQL query in DuckDB (a peer of bench/lake.sh): runs --sql, writes the result rows as CSV
// (header of the result's column names; doubles in shortest round-trip form) to --out, and prints
// "QUERY_SECONDS <s>" (the query alone, without Node start-up) on stderr.
//   node bench/duckdb_query.mjs --sql 'SELECT ...' --out RESULT.csv [--threads N]
import { connect, parseOptions, runQueryToCsv } from './duckdb_peer.mjs';

const { sql, out, threads } = parseOptions(
  'duckdb_query.mjs --sql SQL --out RESULT.csv [--threads N]', ['sql', 'out']);
await runQueryToCsv(await connect(threads), sql, out);
