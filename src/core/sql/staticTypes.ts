import { fractionDigits } from './temporalText';
import { decimalLiteralType } from './trinoTypes';
import type { Expr } from './queryAst';

/**
 * The Trino type an expression has by its text alone (literals, casts, arithmetic over them), or
 * `unknown` (a column, most calls). Operators whose meaning depends on operand types (decimal
 * division, NaN comparisons, char(n)) use it; where it says `unknown` they keep DuckDB's meaning.
 */
export type StaticType =
  | { readonly k: 'decimal'; readonly p: number; readonly s: number }
  /** tinyint, smallint, integer, bigint: their decimal precision 3, 5, 10, 19. */
  | { readonly k: 'int'; readonly p: number }
  | { readonly k: 'double' | 'real' | 'date' | 'varchar' | 'boolean' | 'json' | 'array' | 'map' | 'row' | 'unknown' }
  /** `p`: fractional digits where the type says them (a catalog column: Hive 3, Iceberg 6). */
  | { readonly k: 'timestamp'; readonly p?: number }
  | { readonly k: 'char'; readonly n: number }
  | { readonly k: 'interval'; readonly ym: boolean; readonly from: string; readonly to?: string };

const UNKNOWN: StaticType = { k: 'unknown' };
const INT_PRECISION: Readonly<Record<string, number>> = { TINYINT: 3, SMALLINT: 5, INTEGER: 10, INT: 10, BIGINT: 19 };

/** A type's text as written in a CAST (`decimal(10,2)`, `DOUBLE`, `char(6)`), as a StaticType. */
export function typeFromText(text: string): StaticType {
  const t = text.trim().toUpperCase().replace(/\s+/g, ' ');
  const dec = /^(?:DECIMAL|NUMERIC)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(t);
  if (dec) return { k: 'decimal', p: Number(dec[1] ?? 38), s: Number(dec[2] ?? 0) };
  if (INT_PRECISION[t]) return { k: 'int', p: INT_PRECISION[t] };
  if (t === 'DOUBLE' || t === 'DOUBLE PRECISION') return { k: 'double' };
  if (t === 'REAL' || t === 'FLOAT') return { k: 'real' };
  if (t === 'DATE') return { k: 'date' };
  const ts = /^TIMESTAMP(?:\s*\(\s*(\d+)\s*\))?$/.exec(t);
  // A cast's timestamp is Trino's timestamp(3) unless it says its precision.
  if (ts) return { k: 'timestamp', p: Number(ts[1] ?? 3) };
  if (t === 'BOOLEAN') return { k: 'boolean' };
  if (t === 'JSON') return { k: 'json' };
  if (/^VARCHAR(\s*\(\s*\d+\s*\))?$/.test(t) || t === 'STRING') return { k: 'varchar' };
  const char = /^CHAR(?:\s*\(\s*(\d+)\s*\))?$/.exec(t);
  if (char) return { k: 'char', n: Number(char[1] ?? 1) };
  return UNKNOWN;
}

/** Trino's type of an exact numeric literal: integer, bigint, or a decimal of its digits. */
function numberLiteral(text: string): StaticType {
  if (/e/i.test(text)) return { k: 'double' };
  if (/^-?\d+$/.test(text)) {
    const n = BigInt(text);
    if (n >= -2147483648n && n <= 2147483647n) return { k: 'int', p: 10 };
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return { k: 'int', p: 19 };
  }
  const d = decimalLiteralType(text);
  return d ? { k: 'decimal', p: d.precision, s: d.scale } : UNKNOWN;
}

/** An integer or decimal type as decimal(p, s). */
export function asDecimal(t: StaticType): { p: number; s: number } | undefined {
  if (t.k === 'decimal') return { p: t.p, s: t.s };
  if (t.k === 'int') return { p: t.p, s: 0 };
  return undefined;
}

/** Scale kept when a result needs more than 38 digits: at least 6, or what the integer part leaves. */
function fit(p: number, s: number): { p: number; s: number } {
  if (p <= 38) return { p, s };
  return { p: 38, s: Math.max(Math.min(s, 6), 38 - (p - s)) };
}

/** Trino's result type of decimal `a op b` (op one of + - * / %). */
export function decimalResult(op: string, a: { p: number; s: number }, b: { p: number; s: number }): { p: number; s: number } {
  switch (op) {
    case '*':
      return fit(a.p + b.p, a.s + b.s);
    case '/': {
      const s = Math.max(6, a.s + b.p + 1);
      return fit(a.p - a.s + b.s + s, s);
    }
    case '%': {
      const s = Math.max(a.s, b.s);
      return { p: Math.min(b.p - b.s, a.p - a.s) + s, s };
    }
    default: {
      const s = Math.max(a.s, b.s);
      return { p: Math.min(38, 1 + Math.max(a.p - a.s, b.p - b.s) + s), s };
    }
  }
}

/** A column's type by its name as the query writes it (`price`, `o.price`), when the catalog tells it. */
export type ColumnTypes = (parts: readonly string[]) => StaticType | undefined;

/** The static type of an expression of the (translated) query; `columns` types column references. */
export function staticType(e: Expr, columns?: ColumnTypes): StaticType {
  switch (e.k) {
    case 'col':
      return columns?.(e.parts) ?? UNKNOWN;
    case 'lit':
      if (e.type === 'number') return numberLiteral(e.value);
      if (e.type === 'string') return { k: 'varchar' };
      if (e.type === 'date') return { k: 'date' };
      if (e.type === 'bool') return { k: 'boolean' };
      if (e.keyword === 'INTERVAL' && e.interval) return { k: 'interval', ym: /^(YEAR|MONTH)$/.test(e.interval.to ?? e.interval.from), from: e.interval.from, ...(e.interval.to ? { to: e.interval.to } : {}) };
      if (e.keyword === 'CHAR') return { k: 'char', n: Math.max(e.value.length, 1) };
      // A timestamp literal's precision is the digits it writes.
      if (e.keyword === 'TIMESTAMP' && !e.zone) return { k: 'timestamp', p: fractionDigits(e.value) };
      if (e.keyword === 'DECIMAL') {
        const d = decimalLiteralType(e.value);
        return d ? { k: 'decimal', p: d.precision, s: d.scale } : UNKNOWN;
      }
      if (e.keyword) return typeFromText(e.keyword);
      if (e.type === 'other' && e.value === 'CURRENT_DATE') return { k: 'date' };
      return UNKNOWN;
    case 'call': {
      if ((e.name === 'cast' || e.name === 'try_cast') && e.target) return typeFromText(e.target);
      const bare = e.name.replace(/^.*\./, '');
      if (bare === 'map' && !e.window) return { k: 'map' };
      if (bare === 'row') return { k: 'row' };
      if (bare === 'nan' || bare === 'infinity' || bare === '__lh_nan' || bare === '__lh_infinity') return { k: 'double' };
      // CAST(x AS varchar) as the translator writes it (and its try() variants).
      if (/^__lh_(t_)?varchar(_known|_n)?$/.test(bare)) return { k: 'varchar' };
      // Functions of a timestamp that keep its type (and precision); date_parse gives timestamp(3).
      const last = e.args[e.args.length - 1];
      if (((bare === 'date_trunc' && e.args.length === 2) || (bare === 'date_add' && e.args.length === 3)) && last) {
        const t = staticType(last, columns);
        return t.k === 'timestamp' ? t : UNKNOWN;
      }
      if (bare === 'date_parse' && e.args.length === 2) return { k: 'timestamp', p: 3 };
      return aggregateType(bare, e.args, e.star === true, columns);
    }
    case 'other':
      if (e.what === 'negate' && e.args[0]) return staticType(e.args[0], columns);
      if (e.what === 'case' || e.what === 'case of') return caseType(e.what === 'case' ? e.args : e.args.slice(1), columns);
      if (e.what === 'array') return { k: 'array' };
      if (e.what === 'row') return { k: 'row' };
      return UNKNOWN;
    case 'bin': {
      if (!['+', '-', '*', '/', '%'].includes(e.op)) return UNKNOWN;
      const l = staticType(e.l, columns);
      const r = staticType(e.r, columns);
      // A timestamp plus or minus an interval keeps the timestamp's type.
      if (l.k === 'timestamp' && r.k === 'interval' && (e.op === '+' || e.op === '-')) return l;
      if (l.k === 'interval' && r.k === 'timestamp' && e.op === '+') return r;
      if ((l.k === 'double' || r.k === 'double') && numeric(l) && numeric(r)) return { k: 'double' };
      if (l.k === 'real' && r.k === 'real') return { k: 'real' };
      if (l.k === 'int' && r.k === 'int') return { k: 'int', p: Math.max(l.p, r.p) };
      const a = asDecimal(l);
      const b = asDecimal(r);
      if (a && b) return { k: 'decimal', ...decimalResult(e.op, a, b) };
      return UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

/**
 * A CASE's type from its results (`args`: when, then… [else]; a NULL result takes any type): their
 * common number type, or their one type; unknown when they differ otherwise or one is unknown.
 */
function caseType(args: readonly Expr[], columns?: ColumnTypes): StaticType {
  const results = args.filter((_, i) => i % 2 === 1 || (args.length % 2 === 1 && i === args.length - 1));
  const types = results.filter((r) => !(r.k === 'lit' && r.type === 'null')).map((r) => staticType(r, columns));
  if (!types.length) return UNKNOWN;
  if (types.every(numeric)) return commonNumeric(types);
  const first = types[0] as StaticType;
  return types.every((t) => sameType(t, first)) ? first : UNKNOWN;
}

/** Whether two static types are the same type. */
export const sameType = (a: StaticType, b: StaticType): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Trino's common type of numbers (coalesce's): the widest integer, a decimal holding every one, or a double. */
function commonNumeric(types: readonly StaticType[]): StaticType {
  if (!types.length || !types.every(numeric)) return UNKNOWN;
  if (types.some((t) => t.k === 'double' || t.k === 'real')) return types.every((t) => t.k === 'real') ? { k: 'real' } : { k: 'double' };
  if (types.every((t) => t.k === 'int')) return { k: 'int', p: Math.max(...types.map((t) => (t.k === 'int' ? t.p : 0))) };
  const decimals = types.map(asDecimal).filter((d): d is { p: number; s: number } => d !== undefined);
  const s = Math.max(...decimals.map((d) => d.s));
  return { k: 'decimal', p: Math.min(38, Math.max(...decimals.map((d) => d.p - d.s)) + s), s };
}

/** Trino's type of count, sum, avg, min, max, nullif, coalesce, abs and round, from their arguments'; else unknown. */
function aggregateType(name: string, args: readonly Expr[], star: boolean, columns?: ColumnTypes): StaticType {
  if (name === 'count' && (star || args.length === 1)) return { k: 'int', p: 19 };
  if (name === 'nullif' && args.length === 2 && args[0]) return staticType(args[0], columns);
  if (name === 'coalesce' && args.length) return commonNumeric(args.map((a) => staticType(a, columns)));
  const arg = args.length === 1 && args[0] ? staticType(args[0], columns) : UNKNOWN;
  if ((name === 'round' || name === '__lh_round') && args.length === 2 && args[0]) {
    const x = staticType(args[0], columns);
    return x.k === 'decimal' ? { k: 'decimal', p: Math.min(38, x.p + 1), s: x.s } : x.k === 'int' || x.k === 'double' || x.k === 'real' ? x : UNKNOWN;
  }
  switch (name) {
    case 'abs':
      return numeric(arg) ? arg : UNKNOWN;
    case 'round':
    case '__lh_round':
      return arg.k === 'decimal' ? { k: 'decimal', p: Math.max(1, arg.p - arg.s + Math.min(arg.s, 1)), s: 0 } : arg.k === 'int' || arg.k === 'double' || arg.k === 'real' ? arg : UNKNOWN;
    case 'sum':
      return arg.k === 'decimal' ? { k: 'decimal', p: 38, s: arg.s } : arg.k === 'int' ? { k: 'int', p: 19 } : arg.k === 'double' ? arg : UNKNOWN;
    case 'avg':
      return arg.k === 'decimal' || arg.k === 'double' ? arg : arg.k === 'int' ? { k: 'double' } : UNKNOWN;
    case 'min':
    case 'max':
      return arg.k === 'decimal' || arg.k === 'int' || arg.k === 'double' || arg.k === 'real' || arg.k === 'date' || arg.k === 'timestamp' ? arg : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

const numeric = (t: StaticType): boolean => t.k === 'int' || t.k === 'decimal' || t.k === 'double' || t.k === 'real';
