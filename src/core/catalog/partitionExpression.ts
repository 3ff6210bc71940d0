import { TokenCursor, SqlSyntaxError } from '../sql/cursor';
import type { Column, Partition } from './model';

/**
 * Glue's GetPartitions `Expression`, read and evaluated the way Glue does it, so the local catalog
 * prunes partitions exactly as Glue would (and the estimator can send one expression to either):
 * comparisons (`= <> < <= > >=`), `[NOT] BETWEEN … AND …`, `[NOT] IN (…)`, `[NOT] LIKE '…'`,
 * `IS [NOT] NULL`, joined by AND and OR (AND binds tighter), NOT and parentheses. Values are
 * compared as the partition key's type: integers and decimals as numbers, dates and timestamps by
 * time, strings as strings.
 */
export type PartitionExpr =
  | { readonly op: 'and' | 'or'; readonly left: PartitionExpr; readonly right: PartitionExpr }
  | { readonly op: 'not'; readonly expr: PartitionExpr }
  | { readonly op: 'cmp'; readonly key: string; readonly cmp: Comparison; readonly value: string }
  | { readonly op: 'between'; readonly key: string; readonly low: string; readonly high: string; readonly negated: boolean }
  | { readonly op: 'in'; readonly key: string; readonly values: readonly string[]; readonly negated: boolean }
  | { readonly op: 'like'; readonly key: string; readonly pattern: string; readonly negated: boolean }
  | { readonly op: 'null'; readonly key: string; readonly negated: boolean };

export type Comparison = '=' | '<>' | '<' | '<=' | '>' | '>=';

export class PartitionExpressionError extends Error {}

const COMPARISONS: readonly Comparison[] = ['<>', '<=', '>=', '=', '<', '>'];

function comparison(c: TokenCursor): Comparison | undefined {
  const t = c.peek();
  if (t?.kind !== 'punct') return undefined;
  const op = t.text === '!=' ? '<>' : COMPARISONS.find((o) => o === t.text);
  if (op) c.next();
  return op;
}

function literal(c: TokenCursor): string {
  while (c.acceptPunct('(')) {
    const v = literal(c);
    c.expectPunct(')');
    return v;
  }
  // DATE '2024-01-01', TIMESTAMP '…': the text is the value.
  if ((c.word() === 'DATE' || c.word() === 'TIMESTAMP') && c.peek(1)?.kind === 'string') c.next();
  if (c.isString()) return c.string();
  const t = c.peek();
  if (t?.kind === 'number') {
    c.next();
    return t.text;
  }
  if (t?.kind === 'punct' && t.text === '-' && c.peek(1)?.kind === 'number') {
    c.next();
    return `-${c.next().text}`;
  }
  return c.fail('expected a value (a quoted string or a number)');
}

function condition(c: TokenCursor): PartitionExpr {
  if (c.acceptWords('NOT')) return { op: 'not', expr: condition(c) };
  if (c.acceptPunct('(')) {
    const inner = or(c);
    c.expectPunct(')');
    return inner;
  }
  const key = c.identifier('a partition key').toLowerCase();
  if (c.acceptWords('IS')) {
    const negated = c.acceptWords('NOT');
    c.expectWords('NULL');
    return { op: 'null', key, negated };
  }
  const negated = c.acceptWords('NOT');
  if (c.acceptWords('BETWEEN')) {
    const low = literal(c);
    c.expectWords('AND');
    return { op: 'between', key, low, high: literal(c), negated };
  }
  if (c.acceptWords('IN')) {
    c.expectPunct('(');
    const values = [literal(c)];
    while (c.acceptPunct(',')) values.push(literal(c));
    c.expectPunct(')');
    return { op: 'in', key, values, negated };
  }
  if (c.acceptWords('LIKE')) return { op: 'like', key, pattern: c.string('a LIKE pattern'), negated };
  if (negated) return c.fail('expected BETWEEN, IN or LIKE after NOT');
  const cmp = comparison(c);
  if (!cmp) return c.fail('expected a comparison (=, <>, <, <=, >, >=), BETWEEN, IN, LIKE or IS NULL');
  return { op: 'cmp', key, cmp, value: literal(c) };
}

function and(c: TokenCursor): PartitionExpr {
  let left = condition(c);
  while (c.acceptWords('AND')) left = { op: 'and', left, right: condition(c) };
  return left;
}

function or(c: TokenCursor): PartitionExpr {
  let left = and(c);
  while (c.acceptWords('OR')) left = { op: 'or', left, right: and(c) };
  return left;
}

/** The expression, parsed; a PartitionExpressionError says what is wrong and where. */
export function parsePartitionExpression(text: string): PartitionExpr {
  const c = new TokenCursor(text);
  try {
    const e = or(c);
    if (!c.done) c.fail('unexpected text after the expression');
    return e;
  } catch (e) {
    if (e instanceof SqlSyntaxError) throw new PartitionExpressionError(`Partition expression: ${e.message}`);
    throw e;
  }
}

type Value = number | string;

/** How values of a key's type compare: numbers, times (ms), or strings. */
function caster(type: string, key: string): (v: string) => Value {
  const t = type.toLowerCase().replace(/\(.*$/, '');
  const fail = (v: string, what: string): never => {
    throw new PartitionExpressionError(`Partition expression: "${v}" is not ${what} (partition key ${key} is ${type}).`);
  };
  if (['tinyint', 'smallint', 'int', 'integer', 'bigint'].includes(t)) return (v) => (/^[+-]?\d+$/.test(v.trim()) ? Number(v) : fail(v, 'an integer'));
  if (['decimal', 'double', 'float', 'real'].includes(t)) return (v) => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : fail(v, 'a number'));
  if (t === 'date') return (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v.trim()) && !Number.isNaN(Date.parse(`${v.trim()}T00:00:00Z`)) ? Date.parse(`${v.trim()}T00:00:00Z`) : fail(v, 'a date (yyyy-mm-dd)'));
  if (t === 'timestamp') {
    return (v) => {
      const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,9})?$/.exec(v.trim());
      const ms = m ? Date.parse(`${m[1]}T${m[2]}Z`) : NaN;
      return Number.isNaN(ms) ? fail(v, 'a timestamp (yyyy-mm-dd hh:mm:ss[.fff])') : ms + Number(`0${m?.[3] ?? ''}`) * 1000;
    };
  }
  return (v) => v;
}

const likeRegex = (pattern: string): RegExp =>
  new RegExp(`^${pattern.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 's');

/**
 * A test of partition values (in the order of `keys`) against an expression. Unknown keys, and
 * values that are not of their key's type, are errors, as they are for Glue.
 */
export function partitionMatcher(expression: string | PartitionExpr, keys: readonly Column[]): (values: readonly string[]) => boolean {
  const expr = typeof expression === 'string' ? parsePartitionExpression(expression) : expression;
  const index = new Map(keys.map((k, i) => [k.name.toLowerCase(), i]));
  const slot = (key: string): { i: number; cast: (v: string) => Value; type: string } => {
    const i = index.get(key);
    const k = i === undefined ? undefined : keys[i];
    if (i === undefined || !k) throw new PartitionExpressionError(`Partition expression: ${key} is not a partition key of the table (keys: ${keys.map((x) => x.name).join(', ') || 'none'}).`);
    return { i, cast: caster(k.type, k.name), type: k.type.toLowerCase() };
  };
  const compile = (e: PartitionExpr): ((values: readonly string[]) => boolean) => {
    switch (e.op) {
      case 'and': {
        const [l, r] = [compile(e.left), compile(e.right)];
        return (v) => l(v) && r(v);
      }
      case 'or': {
        const [l, r] = [compile(e.left), compile(e.right)];
        return (v) => l(v) || r(v);
      }
      case 'not': {
        const inner = compile(e.expr);
        return (v) => !inner(v);
      }
      case 'null': {
        slot(e.key);
        return () => e.negated;
      }
      case 'cmp': {
        const { i, cast } = slot(e.key);
        const want = cast(e.value);
        const test = {
          '=': (x: Value) => x === want,
          '<>': (x: Value) => x !== want,
          '<': (x: Value) => x < want,
          '<=': (x: Value) => x <= want,
          '>': (x: Value) => x > want,
          '>=': (x: Value) => x >= want,
        }[e.cmp];
        return (v) => test(cast(v[i] ?? ''));
      }
      case 'between': {
        const { i, cast } = slot(e.key);
        const [lo, hi] = [cast(e.low), cast(e.high)];
        return (v) => {
          const x = cast(v[i] ?? '');
          return (x >= lo && x <= hi) !== e.negated;
        };
      }
      case 'in': {
        const { i, cast } = slot(e.key);
        const set = new Set(e.values.map(cast));
        return (v) => set.has(cast(v[i] ?? '')) !== e.negated;
      }
      case 'like': {
        const { i, type } = slot(e.key);
        if (!/^(string|varchar|char)/.test(type)) throw new PartitionExpressionError(`Partition expression: LIKE works on string partition keys; ${e.key} is ${type}.`);
        const re = likeRegex(e.pattern);
        return (v) => re.test(v[i] ?? '') !== e.negated;
      }
    }
  };
  return compile(expr);
}

/** The partitions an expression selects. */
export function filterPartitions(partitions: readonly Partition[], expression: string, keys: readonly Column[]): Partition[] {
  const test = partitionMatcher(expression, keys);
  return partitions.filter((p) => test(p.values));
}
