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
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number; /** Written with a decimal comma (`12,50`). */ readonly comma?: boolean }
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

const EXP_RE = /^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/;
const DOUBLE_RE = /^[+-]?(\d+\.\d*|\.\d+|\d+)$/;
const ISO_TS_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const EPOCH_NAME_RE = /(^|_)(epoch|ts|timestamp|time|unix)(_|$)|_(at|time|ts)$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  if (m === 2 && d === 29) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (MONTH_DAYS[m - 1] ?? 0);
}

const MIN_BIG = -(2n ** 63n);
const MAX_BIG = 2n ** 63n - 1n;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The number written by `len` digits of `v` at `at`, or -1. */
function digitsAt(v: string, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

/** `true` or `false` in any case at `v[at, at + len)`. */
function isBoolean(v: string, at: number, len: number): boolean {
  const word = len === 4 ? 'true' : 'false';
  for (let i = 0; i < len; i++) if ((v.charCodeAt(at + i) | 32) !== word.charCodeAt(i)) return false;
  return true;
}

/** Whether `v[from, to)` is all digits (and not empty). */
function allDigits(v: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) if (!isDigit(v.charCodeAt(i))) return false;
  return true;
}

/** `HH:MM:SS[.f{1,9}]` exactly filling `v[at, end)`. */
function sqlTimeAt(v: string, at: number, end: number): boolean {
  if (end < at + 8 || v.charCodeAt(at + 2) !== 58 || v.charCodeAt(at + 5) !== 58) return false;
  const h = digitsAt(v, at, 2);
  const mi = digitsAt(v, at + 3, 2);
  const se = digitsAt(v, at + 6, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 59) return false;
  if (end === at + 8) return true;
  return v.charCodeAt(at + 8) === 46 && end - at - 9 >= 1 && end - at - 9 <= 9 && allDigits(v, at + 9, end);
}

/**
 * What a column's values could be, counted value by value. Values are given as ranges of a larger
 * text (a whole CSV sample), so the common kinds (numbers, ISO dates and timestamps) are told by
 * their characters without cutting a string out for each one.
 */
export class ColumnTally {
  values = 0;
  booleans = 0;
  ints = 0;
  leadingZero = 0;
  minInt = 0n;
  maxInt = 0n;
  maxIntDigits = 0;
  decimals = 0;
  /** Values like `12,50`: a decimal comma (never three digits after it: that reads as thousands). */
  commaDecimals = 0;
  maxScale = 0;
  exponents = 0;
  isoDates = 0;
  slashDates = 0;
  firstOver12 = 0;
  secondOver12 = 0;
  slashInvalidMdy = 0;
  slashInvalidDmy = 0;
  sqlTs = 0;
  isoTs = 0;
  /** A value fitting no typed kind was seen: the column is text. */
  text = false;
  readonly nullTokens = new Set<string>();
  padded = false;
  private minNum = 0;
  private maxNum = 0;
  private smallInts = 0;
  private bigSeen = false;

  addString(v: string): void {
    this.add(v, 0, v.length);
  }

  /** Counts the value `s[from, to)`. */
  add(s: string, from: number, to: number): void {
    let a = from;
    let b = to;
    while (a < b && s.charCodeAt(a) <= 32) a++;
    while (b > a && s.charCodeAt(b - 1) <= 32) b--;
    const len = b - a;
    // Null tokens are '', NULL, null, NA, N/A and \N: only those first characters need a look.
    const first = len ? s.charCodeAt(a) : 0;
    if (len === 0 || (len <= 4 && (first === 78 || first === 110 || first === 92))) {
      const token = len === 0 ? '' : s.slice(a, b);
      if (NULLS.has(token)) {
        this.nullTokens.add(token);
        return;
      }
    }
    if (a !== from || b !== to) this.padded = true;
    this.values++;
    if (this.text) return;
    const c0 = first;
    // ISO dates and SQL timestamps first when they are the column's only kind so far: the
    // dashes at 4 and 7 say so without the number loop (the costliest values per character).
    if (len >= 10 && (this.isoDates | this.sqlTs) === this.values - 1 && s.charCodeAt(a + 4) === 45 && s.charCodeAt(a + 7) === 45 && this.isoDateOrSqlTs(s, a, b, len)) return;
    const signed = c0 === 43 || c0 === 45;
    const d0 = signed ? a + 1 : a;
    // One pass: all digits? Their value (up to 15 of them), and where a dot is.
    let n = 0;
    let dot = -1;
    let other = false;
    // Where the first character that is neither a digit nor the dot is: it says what to try next.
    let stop = b;
    for (let i = d0; i < b; i++) {
      const c = s.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        if (dot < 0) n = n * 10 + (c - 48);
      } else if (c === 46 && dot < 0) {
        dot = i;
      } else {
        other = true;
        stop = i;
        break;
      }
    }
    if (!other && dot < 0 && b > d0) {
      const digits = b - d0;
      const lead = digits > 1 && s.charCodeAt(d0) === 48;
      if (lead) this.leadingZero++;
      if (digits <= 15) {
        if (c0 === 45) n = -n;
        if (this.smallInts === 0 || n < this.minNum) this.minNum = n;
        if (this.smallInts === 0 || n > this.maxNum) this.maxNum = n;
        this.smallInts++;
      } else {
        const big = BigInt(s.slice(a, b));
        if (!this.bigSeen || big < this.minInt) this.minInt = big;
        if (!this.bigSeen || big > this.maxInt) this.maxInt = big;
        this.bigSeen = true;
      }
      let significant = digits;
      if (lead) for (let i = d0; i < b - 1 && s.charCodeAt(i) === 48; i++) significant--;
      if (significant > this.maxIntDigits) this.maxIntDigits = significant;
      this.ints++;
      return;
    }
    const stopChar = other ? s.charCodeAt(stop) : 0;
    if (other && stopChar === 44 && dot < 0 && isDigit(c0)) {
      const comma = stop;
      if (comma > d0 && comma < b - 1 && b - comma - 1 !== 3 && allDigits(s, d0, comma) && allDigits(s, comma + 1, b)) {
        const intDigits = comma - d0;
        if (intDigits > this.maxIntDigits) this.maxIntDigits = intDigits;
        if (b - comma - 1 > this.maxScale) this.maxScale = b - comma - 1;
        this.commaDecimals++;
        return;
      }
    }
    if (!other && dot > d0 && dot < b - 1) {
      let intDigits = dot - d0;
      if (intDigits > 1 && s.charCodeAt(d0) === 48) {
        this.leadingZero++;
        for (let i = d0; i < dot - 1 && s.charCodeAt(i) === 48; i++) intDigits--;
      }
      if (intDigits > this.maxIntDigits) this.maxIntDigits = intDigits;
      if (b - dot - 1 > this.maxScale) this.maxScale = b - dot - 1;
      this.decimals++;
      return;
    }
    if (len >= 10 && stop === a + 4 && stopChar === 45 && s.charCodeAt(a + 7) === 45) {
      const y = digitsAt(s, a, 4);
      const m = digitsAt(s, a + 5, 2);
      const d = digitsAt(s, a + 8, 2);
      const dateOk = y >= 0 && m >= 0 && d >= 0 && validDate(y, m, d);
      if (len === 10 && dateOk) {
        this.isoDates++;
        return;
      }
      const sep = s.charCodeAt(a + 10);
      if (len > 10 && dateOk && sep === 32 && sqlTimeAt(s, a + 11, b)) {
        this.sqlTs++;
        return;
      }
      if (len > 10 && dateOk && sep === 84) {
        const iso = ISO_TS_RE.exec(s.slice(a, b));
        if (iso && Number(iso[4]) < 24 && Number(iso[5]) < 60) {
          this.isoTs++;
          return;
        }
      }
      this.text = true;
      return;
    }
    if (len <= 10 && len >= 8 && stopChar === 47) {
      // d/m/yyyy or m/d/yyyy, one or two digits each.
      const s1 = s.indexOf('/', a);
      const s2 = s1 > 0 && s1 < b ? s.indexOf('/', s1 + 1) : -1;
      if (s1 > a && s1 - a <= 2 && s2 > s1 + 1 && s2 - s1 <= 3 && b - s2 === 5) {
        const x = digitsAt(s, a, s1 - a);
        const z = digitsAt(s, s1 + 1, s2 - s1 - 1);
        const y = digitsAt(s, s2 + 1, 4);
        if (x >= 0 && z >= 0 && y >= 0) {
          this.slashDates++;
          if (x > 12) this.firstOver12++;
          if (z > 12) this.secondOver12++;
          if (!validDate(y, x, z)) this.slashInvalidMdy++;
          if (!validDate(y, z, x)) this.slashInvalidDmy++;
          return;
        }
      }
    }
    if ((len === 4 || len === 5) && isBoolean(s, a, len)) {
      this.booleans++;
      return;
    }
    if (len <= 40 && EXP_RE.test(s.slice(a, b))) {
      this.exponents++;
      return;
    }
    this.text = true;
  }

  /** Counts `s[a, b)` when it is an ISO date or an SQL timestamp (a valid one); else false. */
  private isoDateOrSqlTs(s: string, a: number, b: number, len: number): boolean {
    const y = digitsAt(s, a, 4);
    const m = digitsAt(s, a + 5, 2);
    const d = digitsAt(s, a + 8, 2);
    if (y < 0 || m < 0 || d < 0 || !validDate(y, m, d)) return false;
    if (len === 10) {
      this.isoDates++;
      return true;
    }
    if (s.charCodeAt(a + 10) === 32 && sqlTimeAt(s, a + 11, b)) {
      this.sqlTs++;
      return true;
    }
    return false;
  }

  /** The exact integer range (small integers are tracked as numbers until now). */
  range(): { min: bigint; max: bigint } {
    if (!this.smallInts) return { min: this.minInt, max: this.maxInt };
    const lo = BigInt(this.minNum);
    const hi = BigInt(this.maxNum);
    return { min: this.bigSeen && this.minInt < lo ? this.minInt : lo, max: this.bigSeen && this.maxInt > hi ? this.maxInt : hi };
  }
}

function integerType(min: bigint, max: bigint, integers: 'bigint' | 'narrowest'): InferredType {
  // A sample's range is not the column's: order 32,768 would turn NULL in a smallint staging cast.
  if (integers === 'bigint') return min >= MIN_BIG && max <= MAX_BIG ? { kind: 'integer', type: 'bigint' } : { kind: 'decimal', precision: 38, scale: 0 };
  if (min >= -128n && max <= 127n) return { kind: 'integer', type: 'tinyint' };
  if (min >= -32768n && max <= 32767n) return { kind: 'integer', type: 'smallint' };
  if (min >= -2147483648n && max <= 2147483647n) return { kind: 'integer', type: 'int' };
  if (min >= MIN_BIG && max <= MAX_BIG) return { kind: 'integer', type: 'bigint' };
  return { kind: 'decimal', precision: 38, scale: 0 };
}

export interface InferOptions {
  /** Fixed-point values as decimal(p,s) (default) or double. */
  readonly decimals?: 'decimal' | 'double';
  /** Integer columns as bigint (default), or the narrowest type the sampled values fit. */
  readonly integers?: 'bigint' | 'narrowest';
}

/** The type of a column named `name` whose sampled values are `values`. */
export function inferColumn(name: string, values: Iterable<string>, options: InferOptions = {}): ColumnProfile {
  const t = new ColumnTally();
  for (const v of values) t.addString(v);
  return profileOf(name, t, options);
}

/** The type a tally of a column named `name` amounts to. */
export function profileOf(name: string, t: ColumnTally, options: InferOptions = {}): ColumnProfile {
  const result = (type: InferredType): ColumnProfile => ({ type, nullTokens: t.nullTokens, nonNull: t.values, padded: t.padded });
  const n = t.values;
  if (n === 0) return result({ kind: 'string', why: 'every sampled value is empty or a null token' });
  if (t.text) return result({ kind: 'string' });
  if (t.booleans === n) return result({ kind: 'boolean' });
  if (t.leadingZero > 0 && t.ints + t.decimals === n) return result({ kind: 'string', why: 'values with leading zeros (codes, not numbers)' });
  if (t.ints === n) {
    // Epoch seconds or milliseconds, when the name says time and the range is plausible (2000–2100).
    const { min, max } = t.range();
    if (EPOCH_NAME_RE.test(name)) {
      if (min >= 946_684_800n && max <= 4_102_444_800n) return result({ kind: 'timestamp', format: 'epoch-seconds' });
      if (min >= 946_684_800_000n && max <= 4_102_444_800_000n) return result({ kind: 'timestamp', format: 'epoch-millis' });
    }
    const it = integerType(min, max, options.integers ?? 'bigint');
    if (it.kind === 'decimal' && t.maxIntDigits > 38) return result({ kind: 'string', why: 'integers too large for decimal(38)' });
    return result(it);
  }
  if (t.commaDecimals > 0 && t.decimals === 0 && t.ints + t.commaDecimals === n) {
    const precision = t.maxIntDigits + t.maxScale;
    if (precision <= 38) return result({ kind: 'decimal', precision: Math.max(precision, 1), scale: t.maxScale, comma: true });
    return result({ kind: 'string', why: 'decimal-comma numbers too long for decimal(38)' });
  }
  if (t.ints + t.decimals === n) {
    const precision = t.maxIntDigits + t.maxScale;
    // Many decimals are a computed ratio, not money: double reads them best.
    if (options.decimals === 'double' || precision > 38 || t.maxScale > 6) return result({ kind: 'double' });
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
