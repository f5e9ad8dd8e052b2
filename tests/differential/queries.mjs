// Random SELECT queries over the random tables, as a plain-data tree (so it can be cloned and
// shrunk) rendered to SQL per dialect. Only constructs on which PostgreSQL (tarn's semantics) and
// DuckDB agree are generated: integer division renders as '/' for tarn and '//' for DuckDB,
// divisors are never zero (constants or NULLIF(x, 0)), ORDER BY always names every output column
// and both NULL placements explicitly, substr starts at 1 or later, no float -> text casts;
// window functions only where peers cannot change the result.
import { kSqlType } from './tables.mjs';

const kNumeric = ['int', 'bigint', 'double'];
const kLikePatterns = ['%a%', 'a%', '_b%', '%', '', 'a_c', 'hello%', '%o%l%', 'A%', '%,%'];
const kStringLiterals = ['a', 'ab', 'abc', '', 'B', 'hello world', 'zz', 'abcdefghijklm'];

function numericResult(a, b) {
  if (a === 'double' || b === 'double') return 'double';
  if (a === 'bigint' || b === 'bigint') return 'bigint';
  return 'int';
}

function quote(text) {
  return `'${text.replaceAll("'", "''")}'`;
}

// ---- Generation ----------------------------------------------------------------------------------

class Generator {
  constructor(random, tables, options) {
    this.random = random;
    this.tables = tables;
    this.options = options;
  }

  literal(type) {
    const r = this.random;
    if (r.chance(0.04)) return { k: 'null', t: type };
    switch (type) {
      // Wide values come from columns only: a product of literals that overflows is folded to an
      // error at plan time by PostgreSQL and tarn but not always by DuckDB.
      case 'int': return { k: 'lit', t: type, v: String(r.int(-5, 10)) };
      case 'bigint': return { k: 'lit', t: type, v: `CAST(${r.int(-1e6, 1e6) * 1009} AS BIGINT)` };
      case 'double': return { k: 'lit', t: type, v: `CAST(${r.int(-40, 40) / 4} AS DOUBLE)` };
      case 'varchar': return { k: 'lit', t: type, v: quote(r.pick(kStringLiterals)) };
      case 'date': {
        const day = r.int(-2000, 8000);
        return { k: 'lit', t: type, v: `DATE '${new Date(Date.UTC(1995, 0, 1) + day * 86400000).toISOString().slice(0, 10)}'` };
      }
      case 'bool': return { k: 'lit', t: type, v: r.chance(0.5) ? 'true' : 'false' };
    }
    throw new Error(type);
  }

  column(type, scope) {
    if (scope.aggregates) return null;
    const matching = scope.columns.filter((column) => column.t === type);
    if (matching.length === 0) return null;
    const column = this.random.pick(matching);
    return { k: 'col', t: type, v: column.sql };
  }

  // Returns an expression of 'type' over 'scope' ({columns, aggregates: bool, keys: [expr]}).
  expr(type, scope, depth) {
    const r = this.random;
    if (depth <= 0 || r.chance(0.3)) {
      if (scope.keys && scope.keys.length && r.chance(0.5)) {
        const keys = scope.keys.filter((key) => key.t === type);
        if (keys.length) return structuredClone(r.pick(keys));
      }
      if (scope.aggregates && r.chance(0.6)) {
        const aggregate = this.aggregate(type, scope, depth);
        if (aggregate) return aggregate;
      }
      if (!scope.aggregates || !scope.keys) {
        const column = r.chance(0.8) && !scope.aggregates ? this.column(type, scope) : null;
        if (column) return column;
      }
      return this.literal(type);
    }
    const next = depth - 1;
    if (scope.aggregates && r.chance(0.3)) {
      const aggregate = this.aggregate(type, scope, depth);
      if (aggregate) return aggregate;
    }
    if (r.chance(0.08)) {
      return { k: 'case', t: type, args: [this.expr('bool', scope, next), this.expr(type, scope, next), this.expr(type, scope, next)] };
    }
    if (r.chance(0.08)) {
      return { k: 'func', t: type, name: 'coalesce', args: [this.expr(type, scope, next), this.expr(type, scope, next)] };
    }
    if (r.chance(0.03) && this.options.subqueries && !scope.aggregates && !scope.noSubqueries && type !== 'bool') {
      const query = this.query({ depth: 0, aggregateOnly: true, itemTypes: [type] });
      if (query) return { k: 'scalar', t: type, query };
    }
    switch (type) {
      case 'int':
      case 'bigint':
      case 'double': return this.numeric(type, scope, next);
      case 'varchar': return this.text(scope, next);
      case 'date': {
        const form = r.weighted({ plus: 2, leaf: 1 });
        if (form === 'plus') return { k: 'bin', t: 'date', op: r.pick(['+', '-']), args: [this.expr('date', scope, next), this.expr('int', scope, 0)] };
        return this.column('date', scope) || this.literal('date');
      }
      case 'bool': return this.predicate(scope, next);
    }
    throw new Error(type);
  }

  numeric(type, scope, depth) {
    const r = this.random;
    const integral = type === 'double' ? r.pick(['int', 'bigint']) : type;
    const form = r.weighted({ arith: 5, div: 2, mod: 1, neg: 1, abs: 1, length: type === 'int' ? 1 : 0, cast: type === 'double' ? 2 : 0,
      datediff: type === 'bigint' || type === 'int' ? 0.5 : 0, nullif: 0.5 });
    switch (form) {
      case 'arith': {
        const a = type === 'double' && r.chance(0.5) ? integral : type;
        const op = r.pick(['+', '-', '*']);
        const left = this.expr(a, scope, depth);
        const right = this.expr(type, scope, depth);
        return { k: 'bin', t: numericResult(left.t, right.t), op, args: [left, right] };
      }
      case 'div':
      case 'mod': {
        const left = this.expr(type, scope, depth);
        let divisor;
        if (r.chance(0.5)) {
          divisor = this.literal(type === 'double' ? 'double' : 'int');
          if (divisor.k === 'null' || /^(CAST\()?-?0(\.0)?( AS DOUBLE\))?$/.test(divisor.v)) divisor = { k: 'lit', t: 'int', v: String(r.pick([2, 3, -4, 7])) };
        } else {
          const inner = this.expr(type === 'double' ? r.pick(kNumeric) : type, scope, depth);
          divisor = { k: 'func', t: inner.t, name: 'nullif', args: [inner, { k: 'lit', t: 'int', v: '0' }] };
        }
        const t = numericResult(left.t, divisor.t);
        if (form === 'mod' && t === 'double') return { k: 'bin', t, op: '/', args: [left, divisor] };
        return { k: 'bin', t, op: form === 'mod' ? '%' : (t === 'double' ? '/' : 'idiv'), args: [left, divisor] };
      }
      case 'neg': { const a = this.expr(type, scope, depth); return { k: 'neg', t: a.t, args: [a] }; }
      case 'abs': { const a = this.expr(type, scope, depth); return { k: 'func', t: a.t, name: 'abs', args: [a] }; }
      case 'length': return { k: 'func', t: 'int', name: 'length', args: [this.expr('varchar', scope, depth)] };
      case 'cast': return { k: 'cast', t: 'double', args: [this.expr(integral, scope, depth)] };
      case 'datediff': return { k: 'bin', t: 'int', op: '-', cast: true, args: [this.expr('date', scope, depth), this.expr('date', scope, depth)] };
      case 'nullif': { const a = this.expr(type, scope, depth); return { k: 'func', t: a.t, name: 'nullif', args: [a, this.literal(type)] }; }
    }
    throw new Error(form);
  }

  text(scope, depth) {
    const r = this.random;
    const form = r.weighted({ leaf: 2, lower: 1, upper: 1, trim: 1, substr: 1, replace: 1, concat: 1, pipe: 1, cast: 1 });
    const s = () => this.expr('varchar', scope, depth);
    switch (form) {
      case 'leaf': return this.column('varchar', scope) || this.literal('varchar');
      case 'lower':
      case 'upper':
      case 'trim': return { k: 'func', t: 'varchar', name: form, args: [s()] };
      case 'substr': return { k: 'func', t: 'varchar', name: 'substr', args: [s(), { k: 'lit', t: 'int', v: String(r.int(1, 4)) }, { k: 'lit', t: 'int', v: String(r.int(0, 5)) }] };
      case 'replace': return { k: 'func', t: 'varchar', name: 'replace', args: [s(), this.literal('varchar').k === 'null' ? { k: 'lit', t: 'varchar', v: "'a'" } : { k: 'lit', t: 'varchar', v: quote(r.pick(['a', 'b', 'ab', ' ', 'l'])) }, this.literal('varchar')] };
      case 'concat': return { k: 'func', t: 'varchar', name: 'concat', args: [s(), this.expr(r.pick(['varchar', 'int', 'bigint']), scope, depth)] };
      case 'pipe': return { k: 'bin', t: 'varchar', op: '||', args: [s(), s()] };
      case 'cast': return { k: 'cast', t: 'varchar', args: [this.expr(r.pick(['int', 'bigint', 'date', 'bool']), scope, depth)] };
    }
    throw new Error(form);
  }

  comparable() {
    return this.random.pick(['int', 'bigint', 'double', 'varchar', 'date', 'int', 'varchar', 'bool']);
  }

  predicate(scope, depth) {
    const r = this.random;
    const form = r.weighted({ cmp: 6, and: 2, or: 2, not: 1, isnull: 1, between: 1, in: 1, like: 1, column: 1, distinct: 0.5,
      insub: this.options.subqueries && !scope.aggregates && !scope.noSubqueries ? 0.7 : 0,
      exists: this.options.subqueries && !scope.aggregates && !scope.noSubqueries ? 0.4 : 0 });
    switch (form) {
      case 'cmp': {
        const t = this.comparable();
        const other = kNumeric.includes(t) ? r.pick(kNumeric) : t;
        return { k: 'bin', t: 'bool', op: r.pick(['=', '<>', '<', '<=', '>', '>=']), args: [this.expr(t, scope, depth), this.expr(other, scope, depth)] };
      }
      case 'and':
      case 'or': return { k: 'bin', t: 'bool', op: form.toUpperCase(), args: [this.expr('bool', scope, depth), this.expr('bool', scope, depth)] };
      case 'not': return { k: 'not', t: 'bool', args: [this.expr('bool', scope, depth)] };
      case 'isnull': return { k: 'isnull', t: 'bool', not: r.chance(0.5), args: [this.expr(this.comparable(), scope, depth)] };
      case 'between': {
        const t = r.pick(['int', 'bigint', 'double', 'date', 'varchar']);
        return { k: 'between', t: 'bool', not: r.chance(0.2), args: [this.expr(t, scope, depth), this.expr(t, scope, 0), this.expr(t, scope, 0)] };
      }
      case 'in': {
        const t = this.comparable();
        const list = [];
        for (let i = r.int(1, 4); i > 0; --i) list.push(this.literal(t));
        return { k: 'in', t: 'bool', not: r.chance(0.3), args: [this.expr(t, scope, depth), ...list] };
      }
      case 'like': return { k: 'like', t: 'bool', not: r.chance(0.3), args: [this.expr('varchar', scope, depth), { k: 'lit', t: 'varchar', v: quote(r.pick(kLikePatterns)) }] };
      case 'column': return this.column('bool', scope) || this.literal('bool');
      case 'distinct': {
        const t = this.comparable();
        return { k: 'isdistinct', t: 'bool', not: r.chance(0.5), args: [this.expr(t, scope, depth), this.expr(t, scope, depth)] };
      }
      case 'insub': {
        const t = r.pick(['int', 'bigint', 'varchar', 'date', 'double']);
        const query = this.query({ depth: 0, itemTypes: [t], noOrder: true });
        if (!query) return this.literal('bool');
        return { k: 'insub', t: 'bool', not: r.chance(0.4), args: [this.expr(t, scope, depth)], query };
      }
      case 'exists': {
        const query = this.query({ depth: 0, noOrder: true });
        if (!query) return this.literal('bool');
        return { k: 'exists', t: 'bool', not: r.chance(0.3), args: [], query };
      }
    }
    throw new Error(form);
  }

  aggregate(type, scope, depth) {
    const r = this.random;
    const rowScope = { columns: scope.columns };
    const inner = (t) => this.expr(t, rowScope, Math.min(depth, 2));
    switch (type) {
      case 'bigint': {
        if (r.chance(0.5)) return { k: 'agg', t: 'bigint', name: 'count', star: true, args: [] };
        if (r.chance(0.5)) return { k: 'agg', t: 'bigint', name: 'count', distinct: r.chance(0.3), args: [inner(this.comparable())] };
        return { k: 'agg', t: 'bigint', name: 'sum', args: [inner(r.pick(['int', 'bigint']))] };
      }
      case 'double': {
        const name = r.pick(['sum', 'avg', 'min', 'max']);
        const t = name === 'avg' ? r.pick(kNumeric) : 'double';
        return { k: 'agg', t: 'double', name, args: [inner(t)] };
      }
      case 'int':
      case 'varchar':
      case 'date': return { k: 'agg', t: type, name: r.pick(['min', 'max']), distinct: r.chance(0.1), args: [inner(type)] };
    }
    return null;
  }

  // Returns a window function of 'type' over the rows of 'scope', or null. Only forms whose
  // result does not depend on the order of peers: rank, dense_rank, and aggregates over the whole
  // partition or the default RANGE frame (peers included); NULL placement always explicit.
  window(type, scope) {
    const r = this.random;
    const node = { k: 'window', t: type, name: null, star: false, hasArg: true, partitionCount: 0, order: [], args: [] };
    switch (type) {
      case 'bigint': {
        node.name = r.pick(['rank', 'dense_rank', 'count', 'count', 'sum']);
        if (node.name === 'rank' || node.name === 'dense_rank') node.hasArg = false;
        else if (node.name === 'count' && r.chance(0.5)) { node.star = true; node.hasArg = false; }
        else node.args.push(this.expr(node.name === 'sum' ? r.pick(['int', 'bigint']) : this.comparable(), scope, 1));
        break;
      }
      case 'double':
        node.name = r.pick(['sum', 'avg', 'min', 'max']);
        node.args.push(this.expr(node.name === 'avg' ? r.pick(kNumeric) : 'double', scope, 1));
        break;
      case 'int':
      case 'varchar':
      case 'date':
        node.name = r.pick(['min', 'max']);
        node.args.push(this.expr(type, scope, 1));
        break;
      default: return null;
    }
    node.partitionCount = r.int(0, 2);
    for (let i = 0; i < node.partitionCount; ++i) node.args.push(this.column(this.comparable(), scope) || this.column('int', scope) || this.literal('int'));
    const orderCount = node.hasArg ? r.int(0, 2) : r.int(1, 2);
    for (let i = 0; i < orderCount; ++i) {
      node.args.push(this.expr(this.comparable(), scope, 1));
      node.order.push({ desc: r.chance(0.4), nullsFirst: r.chance(0.5) });
    }
    return node;
  }

  // Picks FROM items: one table, or joins of two or three. Returns {from, columns}.
  from(depth) {
    const r = this.random;
    const aliases = ['a', 'b', 'c'];
    const count = depth > 0 ? r.weighted({ 1: 4, 2: 4, 3: 1 }) : r.weighted({ 1: 4, 2: 1 });
    const from = [];
    const columns = [];
    let large = false;
    for (let i = 0; i < Number(count); ++i) {
      let candidates = this.tables.filter((table) => !(large && table.large));
      const table = r.pick(candidates);
      large ||= table.large;
      const alias = aliases[i] + (depth > 0 ? '' : String(r.int(1, 9)));
      const tableColumns = table.columns.map((column) => ({ t: column.type, sql: `${alias}.${column.name}` }));
      const item = { table: table.name, alias, join: null, on: null };
      if (i > 0) {
        item.join = r.weighted({ inner: 4, left: 3, right: 1.5, full: 1.5, cross: 1 });
        if (item.join !== 'cross') {
          const conditions = [];
          for (let key = r.weighted({ 1: 6, 2: 2 }); key > 0; --key) {
            const left = r.pick(columns);
            const sameFamily = tableColumns.filter((column) => column.t === left.t ||
              (kNumeric.includes(column.t) && kNumeric.includes(left.t) && column.t !== 'double' && left.t !== 'double'));
            if (sameFamily.length === 0) continue;
            const right = r.pick(sameFamily);
            let leftExpr = { k: 'col', t: left.t, v: left.sql };
            if (r.chance(0.15) && left.t !== 'bool') {
              leftExpr = left.t === 'varchar' ? { k: 'func', t: 'varchar', name: 'lower', args: [leftExpr] }
                : left.t === 'date' ? leftExpr : { k: 'bin', t: left.t, op: '+', args: [leftExpr, { k: 'lit', t: 'int', v: '1' }] };
            }
            conditions.push({ k: 'bin', t: 'bool', op: '=', args: [leftExpr, { k: 'col', t: right.t, v: right.sql }] });
          }
          if (r.chance(0.2) || conditions.length === 0) {
            // DuckDB cannot run subqueries in outer join conditions.
            const both = { columns: [...columns, ...tableColumns], noSubqueries: true };
            conditions.push(this.predicate(both, 1));
          }
          item.on = conditions.reduce((left, right) => ({ k: 'bin', t: 'bool', op: 'AND', args: [left, right] }));
        }
      }
      from.push(item);
      columns.push(...tableColumns);
    }
    return { from, columns };
  }

  // Returns a query tree. 'spec': {depth, itemTypes (forced output types), aggregateOnly, noOrder}.
  query(spec) {
    const r = this.random;
    const depth = spec.depth;
    const { from, columns } = this.from(depth);
    const query = { q: true, distinct: false, items: [], from, where: null, groupBy: [], having: null,
      order: [], limit: null, offset: null, union: null };
    const scope = { columns };
    if (r.chance(0.6)) query.where = this.predicate(scope, depth > 0 ? 3 : 1);
    const aggregate = spec.aggregateOnly || r.chance(0.35);
    const itemCount = spec.itemTypes ? spec.itemTypes.length : r.int(1, 4);
    const types = spec.itemTypes || Array.from({ length: itemCount }, () => this.comparable());
    if (aggregate) {
      const keyCount = spec.aggregateOnly ? 0 : r.int(0, 2);
      for (let i = 0; i < keyCount; ++i) {
        // A key without a column would be a constant, which DuckDB reads as an output position.
        let key = this.expr(this.comparable(), scope, 1);
        if (!JSON.stringify(key).includes('"k":"col"')) key = this.column(r.pick(columns).t, scope);
        query.groupBy.push(key);
      }
      const aggregateScope = { columns, aggregates: true, keys: query.groupBy };
      for (const type of types) {
        let item = this.expr(type, aggregateScope, r.int(0, 2));
        // A scalar subquery must return one row: without GROUP BY, every item needs an aggregate.
        if (spec.aggregateOnly && !JSON.stringify(item).includes('"k":"agg"')) item = this.aggregate(type, aggregateScope, 1);
        query.items.push(item);
      }
      const havingAllowed = query.groupBy.length > 0 || !this.options.avoid.has('having-without-group-by');
      if (r.chance(0.3) && !spec.aggregateOnly && havingAllowed) query.having = this.predicate(aggregateScope, 1);
    } else {
      for (const type of types) {
        const window = this.options.windows && r.chance(0.15) ? this.window(type, scope) : null;
        query.items.push(window || this.expr(type, scope, r.int(0, 3)));
      }
      query.distinct = r.chance(0.15);
    }
    if (depth > 0 && !spec.itemTypes && r.chance(0.12)) {
      query.union = this.query({ depth: 0, itemTypes: query.items.map((item) => item.t), noOrder: true });
    }
    if (!spec.noOrder && (spec.aggregateOnly ? false : r.chance(0.4))) {
      const positions = query.items.map((_, index) => index);
      for (let i = positions.length - 1; i > 0; --i) {
        const j = r.int(0, i);
        [positions[i], positions[j]] = [positions[j], positions[i]];
      }
      query.order = positions.map((item) => ({ item, desc: r.chance(0.4), nullsFirst: r.chance(0.5) }));
      if (r.chance(0.5)) query.limit = r.int(0, 8);
      if (query.limit !== null && r.chance(0.3)) query.offset = r.int(0, 3);
    }
    return query;
  }
}

export function randomQuery(random, tables, options) {
  return new Generator(random, tables, options).query({ depth: 1 });
}

// ---- Rendering -----------------------------------------------------------------------------------

// Renders expression 'e'; 'dialect' is 'tarn' or 'duckdb'; 'tableSql' maps a table name to SQL.
export function renderExpr(e, dialect, tableSql) {
  const a = (i) => renderExpr(e.args[i], dialect, tableSql);
  switch (e.k) {
    case 'col':
    case 'lit': return e.v;
    case 'null': return `CAST(NULL AS ${kSqlType[e.t]})`;
    case 'bin': {
      let op = e.op;
      if (op === 'idiv') op = dialect === 'duckdb' ? '//' : '/';
      const text = `(${a(0)} ${op} ${a(1)})`;
      return e.cast ? `CAST(${text} AS INTEGER)` : text;
    }
    case 'neg': return `(- ${a(0)})`;
    case 'not': return `(NOT ${a(0)})`;
    case 'isnull': return `(${a(0)} IS ${e.not ? 'NOT ' : ''}NULL)`;
    case 'isdistinct': return `(${a(0)} IS ${e.not ? 'NOT ' : ''}DISTINCT FROM ${a(1)})`;
    case 'between': return `(${a(0)} ${e.not ? 'NOT ' : ''}BETWEEN ${a(1)} AND ${a(2)})`;
    case 'in': return `(${a(0)} ${e.not ? 'NOT ' : ''}IN (${e.args.slice(1).map((arg) => renderExpr(arg, dialect, tableSql)).join(', ')}))`;
    case 'like': return `(${a(0)} ${e.not ? 'NOT ' : ''}LIKE ${a(1)})`;
    case 'case': return `(CASE WHEN ${a(0)} THEN ${a(1)} ELSE ${a(2)} END)`;
    case 'cast': return `CAST(${a(0)} AS ${kSqlType[e.t]})`;
    case 'func': return `${e.name}(${e.args.map((arg) => renderExpr(arg, dialect, tableSql)).join(', ')})`;
    case 'agg':
      if (e.star) return 'count(*)';
      return `${e.name}(${e.distinct ? 'DISTINCT ' : ''}${a(0)})`;
    case 'window': {
      const argument = e.star ? '*' : e.hasArg ? a(0) : '';
      const rest = e.args.slice(e.hasArg ? 1 : 0).map((arg) => renderExpr(arg, dialect, tableSql));
      const over = [];
      if (e.partitionCount) over.push(`PARTITION BY ${rest.slice(0, e.partitionCount).join(', ')}`);
      if (e.order.length) {
        over.push(`ORDER BY ${e.order.map((o, i) => `${rest[e.partitionCount + i]}${o.desc ? ' DESC' : ''} NULLS ${o.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ')}`);
      }
      return `${e.name}(${argument}) OVER (${over.join(' ')})`;
    }
    case 'scalar': return `(${renderQuery(e.query, dialect, tableSql)})`;
    case 'insub': return `(${a(0)} ${e.not ? 'NOT ' : ''}IN (${renderQuery(e.query, dialect, tableSql)}))`;
    case 'exists': return `(${e.not ? 'NOT ' : ''}EXISTS (${renderQuery(e.query, dialect, tableSql)}))`;
  }
  throw new Error(`unknown expression kind ${e.k}`);
}

function renderSelect(query, dialect, tableSql) {
  const r = (e) => renderExpr(e, dialect, tableSql);
  let sql = `SELECT ${query.distinct ? 'DISTINCT ' : ''}${query.items.map(r).join(', ')}`;
  query.from.forEach((item, index) => {
    const source = `${tableSql(item.table, dialect)} AS ${item.alias}`;
    if (index === 0) sql += ` FROM ${source}`;
    else if (item.join === 'cross') sql += ` CROSS JOIN ${source}`;
    else sql += ` ${item.join.toUpperCase()} JOIN ${source} ON ${r(item.on)}`;
  });
  if (query.where) sql += ` WHERE ${r(query.where)}`;
  if (query.groupBy.length) sql += ` GROUP BY ${query.groupBy.map(r).join(', ')}`;
  if (query.having) sql += ` HAVING ${r(query.having)}`;
  return sql;
}

export function renderQuery(query, dialect, tableSql) {
  let sql = renderSelect(query, dialect, tableSql);
  if (query.union) sql += ` UNION ALL ${renderSelect(query.union, dialect, tableSql)}`;
  if (query.order.length) {
    sql += ` ORDER BY ${query.order.map((o) => `${o.item + 1}${o.desc ? ' DESC' : ''} NULLS ${o.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ')}`;
  }
  if (query.limit !== null) sql += ` LIMIT ${query.limit}`;
  if (query.offset !== null) sql += ` OFFSET ${query.offset}`;
  return sql;
}

// True when the result order is fully determined (ORDER BY covers every output column).
export function isOrdered(query) {
  return query.order.length > 0 && query.order.length === query.items.length;
}

// Names of the tables 'query' reads (including subqueries).
export function tablesOf(query, names = new Set()) {
  const visit = (node) => {
    if (node === null || typeof node !== 'object') return;
    if (node.q) for (const item of node.from) names.add(item.table);
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  visit(query);
  return names;
}
