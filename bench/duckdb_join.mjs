#!/usr/bin/env node
// The join benchmark in DuckDB (the reference peer of bench/join.sh): the SQL of bench/join_sql.txt
// over the same CSV files, DuckDB's default all-core parallelism unless --threads is given.
//   node bench/duckdb_join.mjs --fact FACT.csv --dim DIM.csv --out RESULT.csv [--threads N]
// Writes the result rows as CSV and prints "QUERY_SECONDS <s>" (the query alone) on stderr.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { benchDir, connect, parseOptions, quote, runQueryToCsv } from './duckdb_peer.mjs';

const { fact, dim, out, threads } = parseOptions(
  'duckdb_join.mjs --fact FACT.csv --dim DIM.csv --out RESULT.csv [--threads N]', ['fact', 'dim', 'out']);
const sql = readFileSync(path.join(benchDir, 'join_sql.txt'), 'utf8').trim()
  .replace('@FACT@', quote(fact)).replace('@DIM@', quote(dim));
await runQueryToCsv(await connect(threads), sql, out);
