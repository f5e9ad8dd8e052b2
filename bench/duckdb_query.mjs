#!/usr/bin/env node
// One SQL query in DuckDB (a peer of bench/lake.sh): runs --sql, writes the result rows as CSV
// (header of the result's column names; doubles in shortest round-trip form) to --out, and prints
// "QUERY_SECONDS <s>" (the query alone, without Node start-up) on stderr.
//   node bench/duckdb_query.mjs --sql 'SELECT ...' --out RESULT.csv [--threads N]
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
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
const sql = option('--sql');
const out = option('--out');
const threads = option('--threads');
if (!sql || !out) {
  console.error('usage: duckdb_query.mjs --sql SQL --out RESULT.csv [--threads N]');
  process.exit(2);
}
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
