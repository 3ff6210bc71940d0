/**
 * A column's type, decided over every sampled value. Conservative by construction: a value that
 * would lose something (a zip code's leading zero, a 0/1 flag turned boolean, a day/month order
 * the data does not settle) keeps the column a string.
 */
export const NULL_TOKENS: readonly string[] = ['', 'NULL', 'null', 'NA', 'N/A', '\\N'];
const NULLS = new Set(NULL_TOKENS);

export type DateFormat =
  | 'iso' // 2024-01-31
  | 'mdy' // 01/31/2024
  | 'dmy'; // 31/01/2024
export type TimestampFormat =
  | 'sql' // 2024-01-31 12:00:00[.fff]  (what LazySimpleSerDe and CAST read)
  | 'iso8601' // 2024-01-31T12:00:00[.fff][Z|+01:00]
  | 'epoch-seconds'
  | 'epoch-millis';

export type InferredType =
  | { readonly kind: 'boolean' }
  | { readonly kind: 'integer'; readonly type: 'tinyint' | 'smallint' | 'int' | 'bigint' }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'double' }
  | { readonly kind: 'date'; readonly format: DateFormat }
  | { readonly kind: 'timestamp'; readonly format: TimestampFormat }
  | { readonly kind: 'string'; readonly why?: string };

export interface ColumnProfile {
  readonly type: InferredType;
  /** Values that were null tokens, by token (`''` included). */
  readonly nullTokens: ReadonlySet<string>;
  readonly nonNull: number;
  /** Values with spaces around them (staging trims). */
  readonly padded: boolean;
}

/** The Athena type name of an inferred type. */
export function athenaType(t: InferredType): string {
  switch (t.kind) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return t.type;
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`;
    case 'double':
      return 'double';
    case 'date':
      return 'date';
    case 'timestamp':
      return 'timestamp';
    case 'string':
      return 'string';
  }
}

const INT_RE = /^[+-]?\d+$/;
const DEC_RE = /^[+-]?(\d+)\.(\d+)$/;
const EXP_RE = /^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/;
const DOUBLE_RE = /^[+-]?(\d+\.\d*|\.\d+|\d+)$/;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SLASH_DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const SQL_TS_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?$/;
const ISO_TS_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const EPOCH_NAME_RE = /(^|_)(epoch|ts|timestamp|time|unix)(_|$)|_(at|time|ts)$/;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
  return d <= days;
}

const MIN_BIG = -(2n ** 63n);
const MAX_BIG = 2n ** 63n - 1n;

/** What one value could be: a set of candidate kinds with their details. */
interface Tally {
  values: number;
  booleans: number;
  ints: number;
  leadingZero: number;
  minInt: bigint;
  maxInt: bigint;
  maxIntDigits: number;
  decimals: number;
  maxScale: number;
  exponents: number;
  isoDates: number;
  slashDates: number;
  firstOver12: number;
  secondOver12: number;
  slashInvalidMdy: number;
  slashInvalidDmy: number;
  sqlTs: number;
  isoTs: number;
}

function tally(values: Iterable<string>): { t: Tally; nullTokens: Set<string>; padded: boolean } {
  const t: Tally = {
    values: 0,
    booleans: 0,
    ints: 0,
    leadingZero: 0,
    minInt: 0n,
    maxInt: 0n,
    maxIntDigits: 0,
    decimals: 0,
    maxScale: 0,
    exponents: 0,
    isoDates: 0,
    slashDates: 0,
    firstOver12: 0,
    secondOver12: 0,
    slashInvalidMdy: 0,
    slashInvalidDmy: 0,
    sqlTs: 0,
    isoTs: 0,
  };
  const nullTokens = new Set<string>();
  let padded = false;
  for (const raw of values) {
    const v = raw.trim();
    if (NULLS.has(v)) {
      nullTokens.add(v);
      continue;
    }
    if (v !== raw) padded = true;
    t.values++;
    if (v === 'true' || v === 'false' || v === 'TRUE' || v === 'FALSE' || v === 'True' || v === 'False') {
      t.booleans++;
      continue;
    }
    if (INT_RE.test(v)) {
      const digits = v.replace(/^[+-]/, '');
      if (digits.length > 1 && digits.startsWith('0')) t.leadingZero++;
      const b = BigInt(v);
      if (t.ints === 0 || b < t.minInt) t.minInt = b;
      if (t.ints === 0 || b > t.maxInt) t.maxInt = b;
      t.maxIntDigits = Math.max(t.maxIntDigits, digits.replace(/^0+(?=\d)/, '').length);
      t.ints++;
      continue;
    }
    const dec = DEC_RE.exec(v);
    if (dec) {
      const intDigits = (dec[1] ?? '').replace(/^0+(?=\d)/, '');
      if ((dec[1] ?? '').length > 1 && (dec[1] ?? '').startsWith('0')) t.leadingZero++;
      t.maxIntDigits = Math.max(t.maxIntDigits, intDigits.length);
      t.maxScale = Math.max(t.maxScale, (dec[2] ?? '').length);
      t.decimals++;
      continue;
    }
    if (EXP_RE.test(v)) {
      t.exponents++;
      continue;
    }
    const iso = ISO_DATE_RE.exec(v);
    if (iso) {
      if (validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]))) t.isoDates++;
      continue;
    }
    const slash = SLASH_DATE_RE.exec(v);
    if (slash) {
      const a = Number(slash[1]);
      const b = Number(slash[2]);
      const y = Number(slash[3]);
      t.slashDates++;
      if (a > 12) t.firstOver12++;
      if (b > 12) t.secondOver12++;
      if (!validDate(y, a, b)) t.slashInvalidMdy++;
      if (!validDate(y, b, a)) t.slashInvalidDmy++;
      continue;
    }
    const sql = SQL_TS_RE.exec(v);
    if (sql) {
      if (validDate(Number(sql[1]), Number(sql[2]), Number(sql[3])) && Number(sql[4]) < 24 && Number(sql[5]) < 60 && Number(sql[6]) < 60) t.sqlTs++;
      continue;
    }
    const isoTs = ISO_TS_RE.exec(v);
    if (isoTs && validDate(Number(isoTs[1]), Number(isoTs[2]), Number(isoTs[3])) && Number(isoTs[4]) < 24 && Number(isoTs[5]) < 60) t.isoTs++;
  }
  return { t, nullTokens, padded };
}

function integerType(min: bigint, max: bigint): InferredType {
  if (min >= -128n && max <= 127n) return { kind: 'integer', type: 'tinyint' };
  if (min >= -32768n && max <= 32767n) return { kind: 'integer', type: 'smallint' };
  if (min >= -2147483648n && max <= 2147483647n) return { kind: 'integer', type: 'int' };
  if (min >= MIN_BIG && max <= MAX_BIG) return { kind: 'integer', type: 'bigint' };
  return { kind: 'decimal', precision: 38, scale: 0 };
}

export interface InferOptions {
  /** Fixed-point values as decimal(p,s) (default) or double. */
  readonly decimals?: 'decimal' | 'double';
}

/** The type of a column named `name` whose sampled values are `values`. */
export function inferColumn(name: string, values: Iterable<string>, options: InferOptions = {}): ColumnProfile {
  const { t, nullTokens, padded } = tally(values);
  const result = (type: InferredType): ColumnProfile => ({ type, nullTokens, nonNull: t.values, padded });
  const n = t.values;
  if (n === 0) return result({ kind: 'string', why: 'every sampled value is empty or a null token' });
  if (t.booleans === n) return result({ kind: 'boolean' });
  if (t.leadingZero > 0 && t.ints + t.decimals === n) return result({ kind: 'string', why: 'values with leading zeros (codes, not numbers)' });
  if (t.ints === n) {
    // Epoch seconds or milliseconds, when the name says time and the range is plausible (2000–2100).
    if (EPOCH_NAME_RE.test(name)) {
      if (t.minInt >= 946_684_800n && t.maxInt <= 4_102_444_800n) return result({ kind: 'timestamp', format: 'epoch-seconds' });
      if (t.minInt >= 946_684_800_000n && t.maxInt <= 4_102_444_800_000n) return result({ kind: 'timestamp', format: 'epoch-millis' });
    }
    const it = integerType(t.minInt, t.maxInt);
    if (it.kind === 'decimal' && t.maxIntDigits > 38) return result({ kind: 'string', why: 'integers too large for decimal(38)' });
    return result(it);
  }
  if (t.ints + t.decimals === n) {
    const precision = t.maxIntDigits + t.maxScale;
    if (options.decimals === 'double' || precision > 38) return result({ kind: 'double' });
    return result({ kind: 'decimal', precision: Math.max(precision, 1), scale: t.maxScale });
  }
  if (t.ints + t.decimals + t.exponents === n) return result({ kind: 'double' });
  if (t.isoDates === n) return result({ kind: 'date', format: 'iso' });
  if (t.slashDates === n) {
    const mdyOk = t.slashInvalidMdy === 0;
    const dmyOk = t.slashInvalidDmy === 0;
    if (mdyOk && (!dmyOk || t.secondOver12 > 0) && t.firstOver12 === 0) return result({ kind: 'date', format: 'mdy' });
    if (dmyOk && (!mdyOk || t.firstOver12 > 0) && t.secondOver12 === 0) return result({ kind: 'date', format: 'dmy' });
    return result({ kind: 'string', why: 'dates whose day/month order the sample does not settle' });
  }
  if (t.sqlTs === n) return result({ kind: 'timestamp', format: 'sql' });
  if (t.isoTs === n) return result({ kind: 'timestamp', format: 'iso8601' });
  return result({ kind: 'string' });
}

/** Whether a text value reads as a number (for header detection). */
export function looksNumeric(v: string): boolean {
  const s = v.trim();
  return DOUBLE_RE.test(s) || EXP_RE.test(s);
}
