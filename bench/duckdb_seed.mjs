#!/usr/bin/env node
// The seed job in DuckDB (the reference peer of bench/seed.sh): the same SQL over the same CSV
// (bench/seed_sql.txt), DuckDB's default all-core parallelism unless --threads is given.
//   node bench/duckdb_seed.mjs --csv FILE --out RESULT.csv [--threads N]
// Writes the result rows as CSV (doubles in shortest round-trip form) and prints
// "QUERY_SECONDS <s>" (the query alone, without Node start-up) on stderr.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { benchDir, connect, parseOptions, quote, runQueryToCsv } from './duckdb_peer.mjs';

const { csv, out, threads } = parseOptions(
  'duckdb_seed.mjs --csv FILE --out RESULT.csv [--threads N]', ['csv', 'out']);
const sql = readFileSync(path.join(benchDir, 'seed_sql.txt'), 'utf8').trim().replace('@CSV@', quote(csv));
// tarn's seed output names the aggregates c1, c2, ...
await runQueryToCsv(await connect(threads), sql, out,
                    (names) => names.map((_, index) => (index === 0 ? 'category' : `c${index}`)));
