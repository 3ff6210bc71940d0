/** Values as Trino (Athena) writes them as text, where DuckDB writes them otherwise. */

/**
 * Trino's text for a number DuckDB has printed (`37.7`, `1200.0`, `1e-05`, `inf`, `nan`):
 * its shortest digits in scientific notation with at least one decimal (`3.77E1`, `1.2E3`,
 * `1.0E-5`), `0E0` for zero, and NaN and ±Infinity by name. DuckDB's own text already holds the
 * shortest digits of a double or a real, so only the notation changes.
 */
export function trinoNumberText(duckText: string): string {
  const s = duckText.trim();
  const lower = s.toLowerCase();
  if (lower === 'nan' || lower === '-nan') return 'NaN';
  if (lower === 'inf' || lower === 'infinity') return 'Infinity';
  if (lower === '-inf' || lower === '-infinity') return '-Infinity';
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) return s;
  const sign = m[1] === '-' ? '-' : '';
  const whole = m[2] ?? '';
  const digits = `${whole}${m[3] ?? ''}`;
  const significant = digits.replace(/^0+/, '');
  if (!significant.replace(/0+$/, '')) return `${sign}0E0`;
  const leadingZeros = digits.length - significant.length;
  const exponent = whole.length + Number(m[4] ?? 0) - leadingZeros - 1;
  const sig = significant.replace(/0+$/, '');
  return `${sign}${sig[0] ?? '0'}.${sig.slice(1) || '0'}E${exponent}`;
}

/** Trino's varchar of a JSON value: a string unwrapped, null is NULL, a number as Trino prints a double. */
export function trinoJsonText(json: string): string | null {
  const t = json.trim();
  if (t === 'null') return null;
  if (t.startsWith('"')) return JSON.parse(t) as string;
  if (t === 'true' || t === 'false') return t;
  if (/^-?\d+$/.test(t)) return t;
  if (t.startsWith('[')) throw new Error('Cannot cast JSON array to varchar');
  if (t.startsWith('{')) throw new Error('Cannot cast JSON object to varchar');
  const n = Number(t);
  if (Number.isNaN(n)) throw new Error(`Cannot cast '${t}' to varchar`);
  return trinoNumberText(Number.isFinite(n) ? String(n) : n > 0 ? 'inf' : '-inf');
}

/**
 * An interval as Trino prints it: `D HH:MM:SS.mmm` (day to second) or `Y-M` (year to month);
 * undefined for anything else, or for an interval that mixes months with days or time.
 */
export function intervalText(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o).sort().join();
  if (keys !== 'days,micros,months') return undefined;
  const whole = (v: unknown): bigint | undefined => (typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : typeof v === 'string' && /^-?\d+$/.test(v) ? BigInt(v) : undefined);
  const months = whole(o.months);
  const days = whole(o.days);
  const micros = whole(o.micros);
  if (months === undefined || days === undefined || micros === undefined) return undefined;
  if (days === 0n && micros === 0n && months !== 0n) {
    const m = months < 0n ? -months : months;
    return `${months < 0n ? '-' : ''}${m / 12n}-${m % 12n}`;
  }
  if (months !== 0n) return undefined;
  const total = days * 86_400_000_000n + micros;
  const t = total < 0n ? -total : total;
  const pad = (n: bigint, width = 2): string => n.toString().padStart(width, '0');
  const ms = (t % 1_000_000n) / 1000n;
  const seconds = t / 1_000_000n;
  return `${total < 0n ? '-' : ''}${seconds / 86_400n} ${pad((seconds / 3600n) % 24n)}:${pad((seconds / 60n) % 60n)}:${pad(seconds % 60n)}.${pad(ms, 3)}`;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Trino's parse_duration: `'1234.567 ms'` → whole milliseconds (rounded), or an error naming the text. */
export function parseDurationMillis(text: string): number {
  if (!text.trim()) throw new Error('duration is empty');
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/.exec(text);
  const unit = m ? DURATION_UNITS[m[2] ?? ''] : undefined;
  if (!m || unit === undefined) throw new Error(`duration is not a valid data duration string: ${text}`);
  return Math.round(Number(m[1]) * unit);
}

/** Levenshtein distance over code points (Trino's; DuckDB counts bytes of non-ASCII text). */
export function levenshteinCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length] ?? 0;
}

/**
 * The shortest decimal text that reads back as `x` (as a double, or with `real` as a 32-bit
 * float), written without an exponent: what Trino casts to a decimal from (`CAST(DOUBLE '2.675'
 * AS DECIMAL(10,2))` is 2.68, where the binary value 2.67499… would give 2.67). NaN and the
 * infinities are returned as their names, which no decimal reads.
 */
export function shortestDecimalText(x: number, real = false): string {
  if (!Number.isFinite(x)) return String(x);
  let s = String(x);
  if (real) {
    for (let p = 1; p <= 9; p++) {
      s = x.toPrecision(p);
      if (Math.fround(Number(s)) === x) break;
    }
  }
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/i.exec(s);
  if (!m) return s;
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  const digits = int + frac;
  const point = int.length + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
