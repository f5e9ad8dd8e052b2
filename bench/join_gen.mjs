#!/usr/bin/env node
// Writes the join benchmark's tables (bench/join.sh) with DuckDB, deterministically:
//   fact.csv  id (0..F-1), dim_id (a scrambled value in [0, 1.1 * D): ~9% match no dimension row),
//             amount (a two-decimal double in [0, 1000))
//   dim.csv   id (0..D-1, shuffled order), region ('region-00'..'region-24'), name (12-16 chars)
//   node bench/join_gen.mjs --fact-rows F --dim-rows D --fact FACT.csv --dim DIM.csv
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
const factRows = Number(option('--fact-rows'));
const dimRows = Number(option('--dim-rows'));
const fact = option('--fact');
const dim = option('--dim');
if (!factRows || !dimRows || !fact || !dim) {
  console.error('usage: join_gen.mjs --fact-rows F --dim-rows D --fact FACT.csv --dim DIM.csv');
  process.exit(2);
}
const quote = (text) => `'${text.replaceAll("'", "''")}'`;
const span = Math.floor(dimRows * 1.1);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
// Multiplying by a large odd constant modulo a power of two is a bijection; the modulo by the
// table size then scatters keys without any random generator (same files everywhere).
await connection.run(`COPY (SELECT i AS id, ((i * 2654435761) % 4294967296) % ${span} AS dim_id,
    ((i * 40503 + 17) % 100000) / 100.0 AS amount FROM range(${factRows}) t(i))
  TO ${quote(fact)} (HEADER, DELIMITER ',')`);
await connection.run(`COPY (SELECT j AS id, 'region-' || lpad(CAST(j % 25 AS VARCHAR), 2, '0') AS region,
    'customer-' || CAST((j * 7919) % 1000003 AS VARCHAR) AS name
    FROM (SELECT ((i * 2654435761) % 4294967296) AS order_key, i AS j FROM range(${dimRows}) t(i)) ORDER BY order_key)
  TO ${quote(dim)} (HEADER, DELIMITER ',')`);
