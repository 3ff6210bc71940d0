/**
 * How one conformance case is judged (see ../shared/conformance/README.md): the engine's value
 * against the value Trino's own tests assert, read with the Trino type of the expression.
 */
export type Verdict = 'CORRECT' | 'SAME VALUE' | 'WRONG';

const worst = (a: Verdict, b: Verdict): Verdict => (a === 'WRONG' || b === 'WRONG' ? 'WRONG' : a === 'SAME VALUE' || b === 'SAME VALUE' ? 'SAME VALUE' : 'CORRECT');
const exact = (same: boolean, sameText: boolean): Verdict => (!same ? 'WRONG' : sameText ? 'CORRECT' : 'SAME VALUE');

/** The type's name without its parameters: `decimal(5,2)` → `decimal`, `array(bigint)` → `array`. */
const base = (type: string): string => type.replace(/\(.*$/s, '').trim();

/** The element type of `array(T)`. */
const element = (type: string): string => type.replace(/^array\((.*)\)$/s, '$1');

const INTEGER = new Set(['tinyint', 'smallint', 'integer', 'bigint']);

/** A scalar as text; objects and arrays as their JSON. */
const text = (v: unknown): string => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
/** An interval part (a number or a digit string) as a bigint. */
const part = (v: unknown): bigint => asBigInt(v ?? 0) ?? 0n;

function asBigInt(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return BigInt(v.trim());
  return undefined;
}

function asDouble(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t === 'NaN') return NaN;
    if (t === 'Infinity' || t === '+Infinity' || t === 'inf') return Infinity;
    if (t === '-Infinity' || t === '-inf') return -Infinity;
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  }
  return undefined;
}

function closeEnough(a: number, e: number, relative: number): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  if (a === e) return true;
  return Math.abs(a - e) <= relative * Math.max(Math.abs(e), Math.abs(a), Number.MIN_VALUE);
}

/** A decimal's exact value as [sign, digits without leading/trailing zeros, exponent]. */
function decimalKey(v: unknown): string | undefined {
  const text = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : undefined) : typeof v === 'string' ? v.trim() : undefined;
  if (text === undefined) return undefined;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (!m[2] && !m[3])) return undefined;
  const digits = `${m[2] ?? ''}${m[3] ?? ''}`;
  let exponent = Number(m[4] ?? 0) - (m[3]?.length ?? 0);
  let d = digits.replace(/^0+/, '');
  if (!d) return '0';
  while (d.endsWith('0')) {
    d = d.slice(0, -1);
    exponent++;
  }
  return `${m[1] === '-' ? '-' : ''}${d}e${exponent}`;
}

/** `[date part, fraction digits padded to 12]` of a timestamp or time text. */
function splitFraction(text: string): [string, string] | undefined {
  const m = /^(.*?\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  return [m[1] ?? '', (m[2] ?? '').padEnd(12, '0')];
}

function judgeTemporal(actual: unknown, expected: string): Verdict {
  if (typeof actual !== 'string') return 'WRONG';
  if (actual === expected) return 'CORRECT';
  const a = splitFraction(actual);
  const e = splitFraction(expected);
  if (!a || !e) return 'WRONG';
  return exact(a[0] === e[0] && a[1] === e[1], false);
}

/** DuckDB's interval parts, from the object its JSON rows give or that object's text. */
function intervalParts(v: unknown): { months: bigint; days: bigint; micros: bigint } | undefined {
  const o = typeof v === 'string' ? parseJson(v) : v;
  if (!o || typeof o !== 'object') return undefined;
  const { months, days, micros } = o as { months?: unknown; days?: unknown; micros?: unknown };
  return { months: part(months), days: part(days), micros: part(micros) };
}

/** Microseconds of a day-to-second interval: Trino's `D HH:MM:SS.fff`, or DuckDB's parts. */
function intervalMicros(v: unknown): bigint | undefined {
  const m = typeof v === 'string' ? /^(-)?(\d+) (\d+):(\d+):(\d+)(?:\.(\d+))?$/.exec(v.trim()) : null;
  if (m) {
    const us = ((BigInt(m[2] ?? 0) * 24n + BigInt(m[3] ?? 0)) * 60n + BigInt(m[4] ?? 0)) * 60n * 1_000_000n + BigInt(m[5] ?? 0) * 1_000_000n + BigInt((m[6] ?? '').padEnd(6, '0').slice(0, 6));
    return m[1] ? -us : us;
  }
  const p = intervalParts(v);
  return p && p.months === 0n ? p.days * 86_400_000_000n + p.micros : undefined;
}

/** Months of a year-to-month interval: Trino's `Y-M`, or DuckDB's parts. */
function intervalMonths(v: unknown): bigint | undefined {
  const m = typeof v === 'string' ? /^(-)?(\d+)-(\d+)$/.exec(v.trim()) : null;
  if (m) return (m[1] ? -1n : 1n) * (BigInt(m[2] ?? 0) * 12n + BigInt(m[3] ?? 0));
  const p = intervalParts(v);
  return p && p.days === 0n && p.micros === 0n ? p.months : undefined;
}

function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

/** The verdict for one value. `type` is Trino's type; null when Trino's test gave none. */
export function judge(actual: unknown, expected: unknown, type: string | null): Verdict {
  if (expected === null) return actual === null || actual === undefined ? 'CORRECT' : 'WRONG';
  if (actual === null || actual === undefined) return 'WRONG';
  const t = (type ?? '').toLowerCase();
  const b = base(t);
  if (b === 'boolean' || typeof expected === 'boolean') return exact(actual === expected || text(actual) === text(expected), actual === expected);
  if (INTEGER.has(b)) {
    const a = asBigInt(actual);
    const e = asBigInt(expected);
    return e === undefined ? exact(text(actual) === text(expected), true) : exact(a === e, true);
  }
  if (b === 'double' || b === 'real') {
    const a = asDouble(actual);
    const e = asDouble(expected);
    if (a === undefined || e === undefined) return 'WRONG';
    return exact(closeEnough(a, e, b === 'real' ? 1e-6 : 1e-9), true);
  }
  if (b === 'decimal') {
    if (actual === expected) return 'CORRECT';
    const a = decimalKey(actual);
    return exact(a !== undefined && a === decimalKey(expected), false);
  }
  if (b === 'timestamp' || b === 'time') return typeof expected === 'string' ? judgeTemporal(actual, expected) : 'WRONG';
  if (t === 'interval day to second') {
    if (actual === expected) return 'CORRECT';
    const a = intervalMicros(actual);
    return exact(a !== undefined && a === intervalMicros(expected), false);
  }
  if (t === 'interval year to month') {
    if (actual === expected) return 'CORRECT';
    const a = intervalMonths(actual);
    return exact(a !== undefined && a === intervalMonths(expected), false);
  }
  if (b === 'json') {
    if (actual === expected) return 'CORRECT';
    const a = parseJson(actual);
    const e = parseJson(expected);
    return exact(a !== undefined && JSON.stringify(a) === JSON.stringify(e), false);
  }
  if (b === 'array' || Array.isArray(expected)) {
    const list = typeof actual === 'string' ? parseJson(actual) : actual;
    if (!Array.isArray(list) || !Array.isArray(expected) || list.length !== expected.length) return 'WRONG';
    const inner = b === 'array' ? element(t) : null;
    return list.reduce<Verdict>((v, item, i) => worst(v, judge(item, expected[i], inner)), 'CORRECT');
  }
  // varchar, char, date, varbinary text, and values whose type Trino's test did not give.
  if (typeof expected === 'number') {
    const a = asDouble(actual);
    return exact(a !== undefined && closeEnough(a, expected, 1e-9), typeof actual === 'number');
  }
  return exact(actual === expected, true);
}
