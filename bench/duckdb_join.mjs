#!/usr/bin/env node
// The join benchmark in DuckDB (the reference peer of bench/join.sh): the SQL of bench/join_sql.txt
// over the same CSV files, DuckDB's default all-core parallelism unless --threads is given.
//   node bench/duckdb_join.mjs --fact FACT.csv --dim DIM.csv --out RESULT.csv [--threads N]
// Writes the result rows as CSV and prints "QUERY_SECONDS <s>" (the query alone) on stderr.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../.deps/node/package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const fact = option('--fact');
const dim = option('--dim');
const out = option('--out');
const threads = option('--threads');
if (!fact || !dim || !out) {
  console.error('usage: duckdb_join.mjs --fact FACT.csv --dim DIM.csv --out RESULT.csv [--threads N]');
  process.exit(2);
}
const quote = (text) => text.replaceAll("'", "''");
const sql = readFileSync(path.join(here, 'join_sql.txt'), 'utf8').trim()
  .replace('@FACT@', quote(fact)).replace('@DIM@', quote(dim));
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
if (threads) await connection.run(`SET threads = ${Number(threads)}`);
const start = performance.now();
const reader = await connection.runAndReadAll(sql);
const rows = reader.getRowsJS();
const seconds = (performance.now() - start) / 1000;
const lines = [reader.columnNames().join(',')];
for (const row of rows) lines.push(row.map((value) => (value === null ? '' : String(value))).join(','));
writeFileSync(out, lines.join('\n') + '\n');
console.error(`QUERY_SECONDS ${seconds.toFixed(4)}`);
