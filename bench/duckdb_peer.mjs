// What the DuckDB peers of the bench/*.sh drivers share (imported by bench/duckdb_*.mjs): their
// command-line options, a connection to an in-memory DuckDB (@duckdb/node-api from .deps/node) with
// --threads applied, and one timed query whose rows are written as CSV.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(benchDir, '../.deps/node/package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

// The values of --NAME options in process.argv; exits with status 2 and 'usage' when one of
// 'required' is missing. Returns { name: value } (undefined for options not given).
export function parseOptions(usage, required, optional = ['threads']) {
  const args = process.argv.slice(2);
  const values = {};
  for (const name of [...required, ...optional]) {
    const index = args.indexOf(`--${name}`);
    values[name] = index >= 0 ? args[index + 1] : undefined;
  }
  if (required.some((name) => !values[name])) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  return values;
}

// 'text' for a single-quoted SQL string literal.
export const quote = (text) => text.replaceAll("'", "''");

// A connection to a new in-memory database; DuckDB's default all-core parallelism unless 'threads'.
export async function connect(threads) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  if (threads) await connection.run(`SET threads = ${Number(threads)}`);
  return connection;
}

// Prints "QUERY_SECONDS <s>" on stderr: the time since 'start' (performance.now()).
export function reportSeconds(start, digits = 4) {
  console.error(`QUERY_SECONDS ${((performance.now() - start) / 1000).toFixed(digits)}`);
}

// Runs 'sql', writes its rows to 'out' as CSV (NULL as an empty field, doubles in shortest
// round-trip form) under a header of 'header(columnNames)' and reports the query's time (the
// query alone, not writing the file).
export async function runQueryToCsv(connection, sql, out, header = (names) => names) {
  const start = performance.now();
  const reader = await connection.runAndReadAll(sql);
  const rows = reader.getRowsJS();
  const seconds = (performance.now() - start) / 1000;
  const lines = [header(reader.columnNames()).join(',')];
  for (const row of rows) lines.push(row.map((value) => (value === null ? '' : String(value))).join(','));
  writeFileSync(out, lines.join('\n') + '\n');
  console.error(`QUERY_SECONDS ${seconds.toFixed(4)}`);
}
