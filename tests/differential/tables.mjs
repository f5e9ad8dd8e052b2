// Random small tables for the differential test: typed columns with NULLs, duplicates, negative
// numbers, empty and long strings, written as CSV that tarn and DuckDB read with the same schema.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export const kSqlType = {
  int: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  varchar: 'VARCHAR',
  date: 'DATE',
  bool: 'BOOLEAN',
};

const kStrings = ['', 'a', 'A', 'ab', 'abc', 'b', 'B', 'x_y', 'a%b', ' pad ', 'hello world',
  'with,comma', 'quote"d', 'abcdefghijklm', 'the quick brown fox', 'ZZZ', 'çé', '0', '-1', 'line\nbreak'];

function randomValue(random, type, domain, strings) {
  switch (type) {
    case 'int':
      return String(domain === 'small' ? random.int(-4, 6) : random.int(-100000, 100000));
    case 'bigint':
      return String(domain === 'small' ? random.int(-3, 8)
                                       : random.int(-1e6, 1e6) * random.pick([1, 1000003, 999983]));
    case 'double': {
      if (domain === 'small') return String(random.int(-8, 8) / 4);
      if (random.chance(0.2)) return String(random.next() * 2000 - 1000);
      return String(random.int(-40000, 40000) / 8);
    }
    case 'varchar':
      return domain === 'small' ? random.pick(strings.slice(0, 8)) : random.pick(strings);
    case 'date': {
      const day = domain === 'small' ? random.int(0, 5) * 37 : random.int(-9000, 12000);
      return new Date(Date.UTC(1995, 0, 1) + day * 86400000).toISOString().slice(0, 10);
    }
    case 'bool':
      return random.chance(0.5) ? 'true' : 'false';
  }
  throw new Error(`unknown type ${type}`);
}

function csvField(type, value) {
  if (value === null) return '';
  if (type !== 'varchar') return value;
  if (value === '' || /[",\n\r]/.test(value) || value !== value.trim()) {
    return `"${value.replaceAll('"', '""')}"`;
  }
  return value;
}

// Returns {name, columns: [{name, type, domain}], rows: [[string|null]]}. 'large' tables have
// thousands of rows (several vectors) and small key domains.
export function randomTable(random, name, large, avoid = new Set()) {
  const strings = avoid.has('non-ascii-case') ? kStrings.filter((text) => /^[\x00-\x7f]*$/.test(text)) : kStrings;
  const types = Object.keys(kSqlType);
  const columns = [{ name: 'k', type: random.pick(['int', 'int', 'bigint', 'varchar']), domain: 'small' }];
  const extra = random.int(2, 6);
  for (let c = 0; c < extra; ++c) {
    columns.push({ name: `c${c}`, type: random.pick(types), domain: random.chance(0.4) ? 'small' : 'wide' });
  }
  const nullRate = columns.map(() => random.pick([0, 0, 0.1, 0.3]));
  const rowCount = large ? random.int(2100, 5000) : random.pick([0, 1, 2, 3, random.int(4, 12), random.int(10, 40)]);
  const rows = [];
  for (let r = 0; r < rowCount; ++r) {
    if (r > 0 && random.chance(0.1)) {  // an exact duplicate row
      rows.push([...rows[random.int(0, r - 1)]]);
      continue;
    }
    rows.push(columns.map((column, c) =>
      random.chance(nullRate[c]) ? null : randomValue(random, column.type, column.domain, strings)));
  }
  return { name, columns, rows };
}

// Writes 'table' to DIR/<name>.csv (header line, then rows) and returns the path.
export function writeTableCsv(table, directory) {
  const file = path.join(directory, `${table.name}.csv`);
  const lines = [table.columns.map((column) => column.name).join(',')];
  for (const row of table.rows) {
    lines.push(row.map((value, c) => csvField(table.columns[c].type, value)).join(','));
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

// The read_csv call both engines use for 'table' stored at 'file'.
export function readCsvCall(table, file, dialect) {
  const columns = table.columns.map((column) => `'${column.name}': '${kSqlType[column.type]}'`).join(', ');
  const extra = dialect === 'duckdb' ? ', allow_quoted_nulls=false, auto_detect=false, delim=\',\', quote=\'"\', escape=\'"\'' : '';
  return `read_csv('${file.replaceAll("'", "''")}', header=true, columns={${columns}}${extra})`;
}
