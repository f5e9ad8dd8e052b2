#!/usr/bin/env node
// The peer of bench/ingest.sh: DuckDB converting the seed CSV to zstd Parquet,
//   COPY (FROM read_csv('<csv>')) TO '<out>' (FORMAT parquet, COMPRESSION zstd)
// with DuckDB's default all-core parallelism unless --threads is given.
//   node bench/duckdb_csv_to_parquet.mjs --csv FILE --out FILE.parquet [--threads N]
// Prints "QUERY_SECONDS <s>" (the COPY alone, without Node start-up) on stderr.
import { createRequire } from 'node:module';
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
  console.error('usage: duckdb_csv_to_parquet.mjs --csv FILE --out FILE.parquet [--threads N]');
  process.exit(2);
}
const quote = (text) => text.replaceAll("'", "''");
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
if (threads) await connection.run(`SET threads = ${Number(threads)}`);
const start = performance.now();
await connection.run(`COPY (FROM read_csv('${quote(csv)}')) TO '${quote(out)}' (FORMAT parquet, COMPRESSION zstd)`);
console.error(`QUERY_SECONDS ${((performance.now() - start) / 1000).toFixed(3)}`);
