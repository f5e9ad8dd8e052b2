#!/usr/bin/env node
// The seed job in DuckDB (the reference peer of bench/seed.sh): the same SQL over the same CSV
// (bench/seed_sql.txt), DuckDB's default all-core parallelism unless --threads is given.
//   node bench/duckdb_seed.mjs --csv FILE --out RESULT.csv [--threads N]
// Writes the result rows as CSV (doubles in shortest round-trip form) and prints
// "QUERY_SECONDS <s>" (the query alone, without Node start-up) on stderr.
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
const csv = option('--csv');
const out = option('--out');
const threads = option('--threads');
if (!csv || !out) {
  console.error('usage: duckdb_seed.mjs --csv FILE --out RESULT.csv [--threads N]');
  process.exit(2);
}

const sql = readFileSync(path.join(here, 'seed_sql.txt'), 'utf8').trim().replace('@CSV@', csv.replaceAll("'", "''"));
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
if (threads) await connection.run(`SET threads = ${Number(threads)}`);
const start = performance.now();
const reader = await connection.runAndReadAll(sql);
const rows = reader.getRowsJS();
const seconds = (performance.now() - start) / 1000;
const header = reader.columnNames().map((_, index) => (index === 0 ? 'category' : `c${index}`));
const lines = [header.join(',')];
for (const row of rows) lines.push(row.map((value) => (value === null ? '' : String(value))).join(','));
writeFileSync(out, lines.join('\n') + '\n');
console.error(`QUERY_SECONDS ${seconds.toFixed(4)}`);
