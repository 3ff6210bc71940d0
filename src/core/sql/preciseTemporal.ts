import { applyEdits, type Edit } from './edits';
import { children, parseQueryWithSpans, queryParts, type Expr, type Query, type QueryBody, type Relation, type Span } from './queryAst';
import { DUCKDB_FRACTION_DIGITS, fractionDigits, parseTimestampText, parseTimeText } from './temporalText';

/**
 * Timestamps and times finer than the microsecond (Trino's precisions 7 to 12), which DuckDB
 * cannot hold, carried as exact integers of picoseconds: a `timestamp(p)` as a HUGEINT since the
 * epoch, a `time(p)` as a HUGEINT since midnight. Only expressions that hold such a value are
 * rewritten (into calls of the engine's `__lh_pt_*` macros); the rest of the text is left for the
 * translator's other passes. What this cannot carry exactly is refused by name:
 * a precise value leaving a subquery, reaching a function or operator not listed here, or meeting
 * an operand whose type the text does not tell.
 */

type Kind = 'ts' | 'time' | 'date' | 'ids' | 'iym' | 'varchar' | 'number' | 'bool' | 'unknown';
interface Type {
  readonly k: Kind;
  /** Fractional digits of a timestamp or time. */
  readonly p?: number;
}
interface Compiled {
  /** SQL for the value: picoseconds when `precise(t)`, else the expression's own text. */
  readonly sql: string;
  readonly t: Type;
  /** A string literal's value, for casts from text. */
  readonly text?: string;
  /** A timestamp or time literal's exact value. */
  readonly picos?: bigint;
}

const MAX_DUCKDB = DUCKDB_FRACTION_DIGITS;
const precise = (t: Type): boolean => (t.k === 'ts' || t.k === 'time') && (t.p ?? 0) > MAX_DUCKDB;

class Refusal extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export type PreciseOutcome = { readonly ok: true; readonly sql: string; readonly macros: readonly string[] } | { readonly ok: false; readonly offset: number; readonly message: string };

/** Quick test: could the SQL hold a timestamp or time finer than microseconds? */
const MAY_HOLD = /\d:\d\d(?::\d\d)?\.\d{7}|\b(?:TIMESTAMP|TIME)\s*\(\s*(?:[7-9]|1\d)\s*\)|\bTIME\b|\bAS\s+TIMESTAMP\b|\bto_iso8601\b|\bdate_add\b|\bTIMESTAMP\s*'.*-/i;

const TEMPORAL_TARGET = /^(timestamp|time)\s*(?:\(\s*(\d+)\s*\))?$/i;
const INTERVAL_YM = new Set(['YEAR', 'MONTH']);
/** Functions of a timestamp that depend on its microsecond value only (the rest is below them). */
const FIELD_FUNCTIONS = new Set([
  'year', 'quarter', 'month', 'week', 'week_of_year', 'day', 'day_of_month', 'day_of_week', 'dow', 'day_of_year', 'doy',
  'year_of_week', 'yow', 'hour', 'minute', 'second', 'millisecond', 'last_day_of_month', 'date_format',
]);
/** date_trunc / date_add units a time of day takes, in picoseconds. */
const TIME_UNITS: Readonly<Record<string, bigint>> = { millisecond: 1_000_000_000n, second: 1_000_000_000_000n, minute: 60_000_000_000_000n, hour: 3_600_000_000_000_000n };
const COMPARISONS = new Set(['=', '<>', '!=', '<', '<=', '>', '>=']);

/**
 * Rewrites the precise timestamps and times of a query (see above). `schema` qualifies the macros
 * (`main.`). SQL without one comes back unchanged.
 */
export function rewritePreciseTemporal(sql: string, schema = '', storing = false): PreciseOutcome {
  if (!MAY_HOLD.test(sql)) return { ok: true, sql, macros: [] };
  let parsed: ReturnType<typeof parseQueryWithSpans>;
  try {
    parsed = parseQueryWithSpans(sql);
  } catch {
    return { ok: true, sql, macros: [] }; // not a query: the translator's own checks refuse its precise values
  }
  const { spans } = parsed;
  const used = new Set<string>();
  const m = (name: string, ...args: string[]): string => {
    used.add(`__lh_pt_${name}`);
    return `${schema}__lh_pt_${name}(${args.join(', ')})`;
  };
  const spanOf = (e: Expr): Span => {
    const s = spans.get(e);
    if (!s) throw new Refusal('The local engine cannot place this expression with a timestamp finer than microseconds; run it on Athena.', 0);
    return s;
  };
  const src = (e: Expr): string => {
    const s = spanOf(e);
    return sql.slice(s.start, s.end);
  };
  const refuse = (e: Expr, message: string): never => {
    throw new Refusal(message, spans.get(e)?.start ?? 0);
  };
  const typeName = (t: Type): string => (t.k === 'ts' ? `timestamp(${t.p ?? 3})` : t.k === 'time' ? `time(${t.p ?? 3})` : t.k);

  /**
   * Whether an expression holds a precise value (a literal or a cast), or an operation on times
   * of day DuckDB lacks (date_trunc, date_add, time − time), which the same picoseconds carry;
   * subqueries apart.
   */
  const holds = (e: Expr): boolean => {
    if (e.k === 'lit' && (e.keyword === 'TIMESTAMP' || e.keyword === 'TIME') && !e.zone) return fractionDigits(e.value) > MAX_DUCKDB;
    if (e.k === 'call' && (e.name === 'cast' || e.name === 'try_cast') && e.target) {
      const t = TEMPORAL_TARGET.exec(e.target.trim());
      if (t && Number(t[2] ?? 3) > MAX_DUCKDB) return true;
      const x = e.args[0];
      // Text with more digits than microseconds, or a timestamp's text with a zone to drop.
      if (t && x?.k === 'lit' && (x.type === 'string' || x.keyword === 'CHAR')) {
        if (fractionDigits(x.value) > MAX_DUCKDB) return true;
        if ((t[1] ?? '').toLowerCase() === 'timestamp' && !parseTimestampText(x.value) && parseTimestampText(x.value, true)) return true;
      }
    }
    if (e.k === 'call' && (e.name === 'date_trunc' || e.name === 'date_add') && e.args.length >= 2 && isTime(e.args[e.args.length - 1] as Expr)) return true;
    // time − time, and timestamp − timestamp (an interval rounded to milliseconds).
    if (e.k === 'bin' && e.op === '-' && ((isTime(e.l) && isTime(e.r)) || (isKnownTs(e.l) && isKnownTs(e.r)))) return true;
    // Trino's text for a timestamp of known precision (every digit of it, years past 9999 signed).
    if (e.k === 'call' && (e.name === 'to_iso8601' || ((e.name === 'cast' || e.name === 'try_cast') && /^varchar$/i.test(e.target?.trim() ?? ''))) && e.args[0] && isKnownTs(e.args[0])) return true;
    // date_add keeps its timestamp's precision: rounded below milliseconds.
    if (e.k === 'call' && e.name === 'date_add' && e.args.length === 3 && isKnownTs(e.args[2] as Expr) && (guess(e.args[2] as Expr).t.p ?? 3) < 3) return true;
    return children(e).exprs.some(holds);
  };
  const isTime = (e: Expr): boolean => spans.has(e) && guess(e).t.k === 'time';
  /** A timestamp literal or cast: its precision is known. */
  const isKnownTs = (e: Expr): boolean => spans.has(e) && guess(e).t.k === 'ts';
  const queryHolds = (q: Query): boolean => {
    const parts = queryParts(q);
    return parts.exprs.some(holds) || parts.queries.some(queryHolds);
  };

  /** A value of type `t` as picoseconds (a timestamp, or a date as its midnight). */
  const asTimestamp = (c: Compiled, at: Expr): string => {
    if (c.t.k === 'ts') return precise(c.t) ? c.sql : c.picos !== undefined ? `CAST('${c.picos}' AS HUGEINT)` : m('of_ts', c.sql);
    if (c.t.k === 'date') return m('of_date', c.sql);
    return refuse(at, `The local engine cannot compare or combine ${typeName(c.t)} with a timestamp finer than microseconds here (it cannot tell the other value's type); run it on Athena.`);
  };
  const asTime = (c: Compiled, at: Expr): string => {
    if (c.t.k === 'time') return precise(c.t) ? c.sql : c.picos !== undefined ? `CAST('${c.picos}' AS HUGEINT)` : m('of_time', c.sql);
    return refuse(at, `The local engine cannot compare or combine ${typeName(c.t)} with a time finer than microseconds here; run it on Athena.`);
  };
  /** Picoseconds of type `t` as the query carries them: as they are when precise, else as DuckDB's value. */
  const finish = (picos: string, t: Type): Compiled => ({ sql: precise(t) ? picos : t.k === 'ts' ? m('floor_ts', picos) : m('floor_time', picos), t });
  /** A precise value at microseconds, as DuckDB holds it, for functions that need no more. */
  const floor = (c: Compiled): string => (!precise(c.t) ? c.sql : c.t.k === 'ts' ? m('floor_ts', c.sql) : m('floor_time', c.sql));
  const unitOf = (e: Expr | undefined): string | undefined => (e?.k === 'lit' && e.type === 'string' ? e.value.toLowerCase() : undefined);

  const guess = (e: Expr): Compiled => {
    const sqlText = src(e);
    if (e.k === 'lit') {
      if (e.type === 'string') return { sql: sqlText, t: { k: 'varchar' }, text: e.value };
      if (e.keyword === 'CHAR' || e.keyword === 'VARCHAR') return { sql: sqlText, t: { k: 'varchar' }, text: e.value };
      if (e.type === 'number') return { sql: sqlText, t: { k: 'number' } };
      if (e.type === 'date') return { sql: sqlText, t: { k: 'date' } };
      if (e.type === 'bool') return { sql: sqlText, t: { k: 'bool' } };
      if ((e.keyword === 'TIMESTAMP' || e.keyword === 'TIME') && !e.zone) {
        const v = e.keyword === 'TIME' ? parseTimeText(e.value) : parseTimestampText(e.value);
        return { sql: sqlText, t: { k: e.keyword === 'TIME' ? 'time' : 'ts', p: fractionDigits(e.value) }, ...(v ? { picos: v.picos } : {}) };
      }
      if (e.keyword === 'INTERVAL' && e.interval) return { sql: sqlText, t: { k: INTERVAL_YM.has(e.interval.to ?? e.interval.from) ? 'iym' : 'ids' } };
    }
    if (e.k === 'call' && (e.name === 'cast' || e.name === 'try_cast') && e.target) {
      const t = TEMPORAL_TARGET.exec(e.target.trim());
      if (t) return { sql: sqlText, t: { k: (t[1] ?? '').toLowerCase() === 'time' ? 'time' : 'ts', p: Number(t[2] ?? 3) } };
      if (/^date$/i.test(e.target.trim())) return { sql: sqlText, t: { k: 'date' } };
      if (/^varchar\b/i.test(e.target.trim())) return { sql: sqlText, t: { k: 'varchar' } };
    }
    return { sql: sqlText, t: { k: 'unknown' } };
  };

  /** A cast to timestamp(p) / time(p) where the source or the target is precise. */
  const castTemporal = (e: Expr & { k: 'call' }, x: Compiled, kind: 'ts' | 'time', p: number): Compiled => {
    const lenient = e.name === 'try_cast';
    if (p > 12) refuse(e, `${kind === 'ts' ? 'TIMESTAMP' : 'TIME'} precision must be in range [0, 12]: ${p}`);
    let picos: string;
    if (x.text !== undefined) {
      const v = kind === 'ts' ? parseTimestampText(x.text, true) : parseTimeText(x.text);
      if (!v) {
        if (lenient) return { sql: 'NULL', t: { k: kind, p } };
        return refuse(e, `Value cannot be cast to ${kind === 'ts' ? 'timestamp' : 'time'}: ${x.text}`);
      }
      picos = `CAST('${v.picos}' AS HUGEINT)`;
    } else if (kind === 'ts') {
      if (x.t.k === 'unknown' || x.t.k === 'varchar') picos = m('of_any', x.sql, lenient ? 'true' : 'false');
      else picos = asTimestamp(x, e.args[0] as Expr);
    } else if (x.t.k === 'ts') picos = m('day', asTimestamp(x, e.args[0] as Expr));
    else if (x.t.k === 'time') picos = asTime(x, e.args[0] as Expr);
    else return refuse(e, `The local engine cannot cast ${typeName(x.t)} to time(${p}) exactly; run it on Athena.`);
    const rounded = kind === 'ts' ? m('round', picos, String(p)) : m('round_time', picos, String(p));
    if (p > MAX_DUCKDB) return { sql: rounded, t: { k: kind, p } };
    return { sql: kind === 'ts' ? m('floor_ts', rounded) : m('floor_time', rounded), t: { k: kind, p } };
  };

  const compile = (e: Expr): Compiled => {
    if (!holds(e)) {
      for (const q of children(e).queries) if (queryHolds(q)) refuse(e, 'The local engine carries timestamps finer than microseconds in the outermost query only; run this on Athena.');
      return guess(e);
    }
    if (e.k === 'lit') {
      const v = e.keyword === 'TIME' ? parseTimeText(e.value) : parseTimestampText(e.value);
      if (!v) return refuse(e, `'${e.value}' is not a valid ${e.keyword ?? 'TIMESTAMP'} literal`);
      if (v.digits > 12) return refuse(e, `${e.keyword ?? 'TIMESTAMP'} precision must be in range [0, 12]: ${v.digits}`);
      return { sql: `CAST('${v.picos}' AS HUGEINT)`, t: { k: e.keyword === 'TIME' ? 'time' : 'ts', p: v.digits } };
    }
    if (e.k === 'call' && !e.window && e.extra.length === 0 && !e.star) {
      const args = e.args.map(compile);
      const a0 = args[0];
      if ((e.name === 'cast' || e.name === 'try_cast') && e.target && a0) {
        const target = e.target.trim();
        const t = TEMPORAL_TARGET.exec(target);
        if (t) return castTemporal(e, a0, (t[1] ?? '').toLowerCase() === 'time' ? 'time' : 'ts', Number(t[2] ?? 3));
        if (/^varchar$/i.test(target) && a0.t.k === 'ts') return { sql: m('ts_text', asTimestamp(a0, e.args[0] as Expr), String(a0.t.p)), t: { k: 'varchar' } };
        if (/^varchar$/i.test(target) && a0.t.k === 'time') return { sql: m('time_text', asTime(a0, e.args[0] as Expr), String(a0.t.p)), t: { k: 'varchar' } };
        if (/^json$/i.test(target) && precise(a0.t)) return { sql: m('json', a0.t.k === 'ts' ? m('ts_text', a0.sql, String(a0.t.p)) : m('time_text', a0.sql, String(a0.t.p))), t: { k: 'unknown' } };
        if (/^date$/i.test(target) && a0.t.k === 'ts') return { sql: `CAST(${floor(a0)} AS DATE)`, t: { k: 'date' } };
        return refuse(e, `The local engine cannot cast ${typeName(a0.t)} to ${target} exactly; run it on Athena.`);
      }
      if (e.name === 'extract' && e.field && a0) return { sql: `EXTRACT(${e.field} FROM ${floor(a0)})`, t: { k: 'number' } };
      // Trino formats a timestamp rounded to milliseconds.
      if (e.name === 'date_format' && a0 && precise(a0.t) && a0.t.k === 'ts') return { sql: `date_format(${m('floor_ts', m('round', a0.sql, '3'))}, ${args.slice(1).map((c) => c.sql).join(', ')})`, t: { k: 'varchar' } };
      if (FIELD_FUNCTIONS.has(e.name) && a0 && precise(a0.t) && args.slice(1).every((c) => !precise(c.t))) {
        return { sql: `${e.name}(${[floor(a0), ...args.slice(1).map((c) => c.sql)].join(', ')})`, t: { k: e.name === 'last_day_of_month' ? 'date' : e.name === 'date_format' ? 'varchar' : 'number' } };
      }
      if (e.name === 'to_unixtime' && a0?.t.k === 'ts') return { sql: m('unixtime', a0.sql), t: { k: 'number' } };
      if (e.name === 'to_iso8601' && a0 && a0.t.k === 'ts') return { sql: `replace(${m('ts_text', asTimestamp(a0, e.args[0] as Expr), String(a0.t.p))}, ' ', 'T')`, t: { k: 'varchar' } };
      const unit = unitOf(e.args[0]);
      if (e.name === 'date_trunc' && args.length === 2 && unit && args[1] && (precise(args[1].t) || args[1].t.k === 'time')) {
        const x = args[1];
        if (x.t.k === 'time') {
          const u = TIME_UNITS[unit];
          if (!u) return refuse(e, `'${unit}' is not a valid Time field`);
          return finish(m('trunc', asTime(x, e.args[1] as Expr), `CAST('${u}' AS HUGEINT)`), x.t);
        }
        if (unit === 'millisecond' || unit === 'second') return { sql: m('trunc', x.sql, `CAST('${TIME_UNITS[unit]}' AS HUGEINT)`), t: x.t };
        return { sql: m('of_ts', `date_trunc(${(args[0] as Compiled).sql}, ${floor(x)})`), t: x.t };
      }
      if (e.name === 'date_add' && args.length === 3 && unit && args[2] && (precise(args[2].t) || args[2].t.k === 'time' || (args[2].t.k === 'ts' && (args[2].t.p ?? 3) < 3)) && !precise((args[1] as Compiled).t)) {
        const x = args[2];
        const n = (args[1] as Compiled).sql;
        if (x.t.k === 'time') {
          const u = TIME_UNITS[unit];
          if (!u) return refuse(e, `'${unit}' is not a valid Time field`);
          const moved = m('day', `${asTime(x, e.args[2] as Expr)} + CAST(${n} AS HUGEINT) * CAST('${u}' AS HUGEINT)`);
          return finish((x.t.p ?? 3) < 3 ? m('round_time', moved, String(x.t.p)) : moved, x.t);
        }
        if (x.t.k !== 'ts') return splice(e, `date_add takes a date, a time or a timestamp, not ${typeName(x.t)}`);
        const at = asTimestamp(x, e.args[2] as Expr);
        const moved = m('keep_sub', at, `date_add(${(args[0] as Compiled).sql}, ${n}, ${m('floor_ts', at)})`);
        return finish((x.t.p ?? 3) < 3 ? m('round', moved, String(x.t.p)) : moved, x.t);
      }
      if (e.name === 'date_diff' && args.length === 3 && unit && args[1] && args[2]) {
        const [a, b] = [args[1], args[2]];
        const kind = a.t.k === 'time' || b.t.k === 'time' ? 'time' : 'ts';
        if (kind === 'time' && !TIME_UNITS[unit]) return refuse(e, `'${unit}' is not a valid TIME field`);
        const at = (c: Compiled, x: Expr): string => (kind === 'time' ? m('floor_time', asTime(c, x)) : m('floor_ts', asTimestamp(c, x)));
        return { sql: `date_diff(${(args[0] as Compiled).sql}, ${at(a, e.args[1] as Expr)}, ${at(b, e.args[2] as Expr)})`, t: { k: 'number' } };
      }
      return splice(e, `The local engine cannot pass a timestamp or time finer than microseconds to ${e.name}; run it on Athena.`);
    }
    if (e.k === 'bin' && (COMPARISONS.has(e.op) || e.op === '+' || e.op === '-')) {
      const l = compile(e.l);
      const r = compile(e.r);
      const alike = (l.t.k === 'time' && r.t.k === 'time') || (l.t.k === 'ts' && r.t.k === 'ts');
      if (!precise(l.t) && !precise(r.t) && !(alike && e.op === '-')) return splice(e, '');
      if (COMPARISONS.has(e.op)) {
        const [a, b] = comparable(l, r, e.l, e.r);
        return { sql: `(${a} ${e.op} ${b})`, t: { k: 'bool' } };
      }
      if (e.op === '-' && isTemporal(l.t) && isTemporal(r.t)) {
        const [a, b] = comparable(l, r, e.l, e.r);
        return { sql: m('diff', a, b), t: { k: 'ids' } };
      }
      const [value, iv, ivType] = precise(l.t) ? [l, r.sql, r.t] : [r, l.sql, l.t];
      if (e.op === '-' && value !== l) return refuse(e, 'Cannot subtract a timestamp from an interval');
      if (!precise(value.t) || (ivType.k !== 'ids' && ivType.k !== 'iym')) return refuse(e, `The local engine cannot add ${typeName(ivType)} to a timestamp or time finer than microseconds; run it on Athena.`);
      if (value.t.k === 'time') {
        if (ivType.k === 'iym') return refuse(e, `Cannot add an interval year to month to ${typeName(value.t)}`);
        return { sql: m(e.op === '+' ? 'time_plus' : 'time_minus', value.sql, iv), t: value.t };
      }
      return { sql: m(e.op === '+' ? 'ts_plus' : 'ts_minus', value.sql, iv), t: value.t };
    }
    if (e.k === 'between') {
      const [x, lo] = comparable(compile(e.e), compile(e.lo), e.e, e.lo);
      const hi = comparable(compile(e.e), compile(e.hi), e.e, e.hi)[1];
      return { sql: `(${x} ${e.not ? 'NOT ' : ''}BETWEEN ${lo} AND ${hi})`, t: { k: 'bool' } };
    }
    if (e.k === 'other' && (e.what === 'distinct' || e.what === 'not distinct') && e.args.length === 2) {
      const [a, b] = comparable(compile(e.args[0] as Expr), compile(e.args[1] as Expr), e.args[0] as Expr, e.args[1] as Expr);
      return { sql: `(${a} IS ${e.what === 'not distinct' ? 'NOT ' : ''}DISTINCT FROM ${b})`, t: { k: 'bool' } };
    }
    if (e.k === 'isNull') {
      const x = compile(e.e);
      return { sql: `(${x.sql} IS ${e.not ? 'NOT ' : ''}NULL)`, t: { k: 'bool' } };
    }
    if ((e.k === 'bin' && (e.op === 'AND' || e.op === 'OR')) || e.k === 'not') {
      const parts = e.k === 'not' ? [compile(e.e)] : [compile(e.l), compile(e.r)];
      if (parts.some((c) => c.t.k !== 'bool' && c.t.k !== 'unknown')) refuse(e, 'AND, OR and NOT take boolean values');
      return { sql: e.k === 'not' ? `(NOT ${parts[0]?.sql})` : `(${parts[0]?.sql} ${e.op} ${parts[1]?.sql})`, t: { k: 'bool' } };
    }
    return splice(e, 'The local engine cannot use a timestamp or time finer than microseconds in this expression; run it on Athena.');
  };

  /**
   * Any other expression whose parts hold precise values but give ordinary ones (`year(t) + 1`):
   * its own text with each part's rewrite in place. A precise part here is refused with `why`.
   */
  const splice = (e: Expr, why: string): Compiled => {
    const whole = spanOf(e);
    const parts = children(e).exprs.map((x) => ({ x, c: compile(x) }));
    if (parts.some((p) => precise(p.c.t))) return refuse(e, why);
    const edits = parts.filter((p) => p.c.sql !== src(p.x)).map((p) => ({ start: spanOf(p.x).start - whole.start, end: spanOf(p.x).end - whole.start, text: p.c.sql }));
    return { sql: applyEdits(src(e), edits), t: e.k === 'bin' && COMPARISONS.has(e.op) ? { k: 'bool' } : { k: 'unknown' } };
  };

  const isTemporal = (t: Type): boolean => t.k === 'ts' || t.k === 'time' || t.k === 'date';
  /** Two operands as picoseconds of one kind (timestamp with timestamp or date, time with time). */
  const comparable = (l: Compiled, r: Compiled, le: Expr, re: Expr): [string, string] => {
    if (l.t.k === 'time' || r.t.k === 'time') return [asTime(l, le), asTime(r, re)];
    return [asTimestamp(l, le), asTimestamp(r, re)];
  };

  const edits: Edit[] = [];
  /** Rewrites an expression in place; `output`: a select item of the outermost query, shown as Trino's text. */
  const rewrite = (e: Expr, output: boolean): void => {
    const c = compile(e);
    if (c.sql === src(e) && !precise(c.t)) return;
    const s = spanOf(e);
    let text = c.sql;
    // A table or view column cannot hold it: Athena's tables keep milliseconds or microseconds.
    if (precise(c.t) && output && storing) refuse(e, `A ${typeName(c.t)} value cannot be stored by the local engine (its tables and views keep at most microseconds); cast it to ${c.t.k === 'ts' ? 'timestamp' : 'time'}(6) or less.`);
    // Shown as Trino's text; elsewhere (WHERE, ORDER BY…) the picoseconds compare and sort as the values do.
    if (precise(c.t) && output) text = c.t.k === 'ts' ? m('ts_text', c.sql, String(c.t.p)) : m('time_text', c.sql, String(c.t.p));
    edits.push({ start: s.start, end: s.end, text });
  };
  const nested = (q: Query): void => {
    if (queryHolds(q)) throw new Refusal('The local engine carries timestamps finer than microseconds in the outermost query only; run this on Athena.', 0);
  };
  const relation = (r: Relation): void => {
    if (r.k === 'sub') nested(r.query);
    else if (r.k === 'unnest') r.args.forEach((a) => rewrite(a, false));
    else if (r.k === 'join') {
      relation(r.left);
      relation(r.right);
      if (r.on) rewrite(r.on, false);
    }
  };
  const body = (b: QueryBody): void => {
    if (b.k === 'set') {
      body(b.left);
      body(b.right);
    } else if (b.k === 'nested') top(b.query);
    else if (b.k === 'values') b.rows.forEach((row) => row.forEach((x) => rewrite(x, true)));
    else if (b.k === 'select') {
      for (const item of b.items) if (item.k === 'expr') rewrite(item.e, true);
      b.from.forEach(relation);
      for (const x of [b.where, ...b.groupBy, b.having]) if (x) rewrite(x, false);
    }
  };
  const top = (q: Query): void => {
    q.ctes.forEach((c) => nested(c.query));
    body(q.body);
    q.orderBy.forEach((x) => rewrite(x, false));
  };
  try {
    top(parsed.query);
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, offset: e.offset, message: e.message };
    throw e;
  }
  return { ok: true, sql: applyEdits(sql, edits), macros: [...used].sort() };
}
